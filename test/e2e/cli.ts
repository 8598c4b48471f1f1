// `dq <args>` as a pipeline would type it in `cwd`, run in this process through main(): the
// working folder, environment and stdout/stderr are those of that call, the exit code is the one
// the process would end with. (vitest.config.ts runs test files in child processes, `forks`,
// where process.chdir is allowed; calls run one at a time, and each puts the folder, environment
// and stdout back, as the files after it in the same process rely on.) The real binary is
// spawned only by the smoke tests: test/e2e/bin.test.ts, test/cli/sigterm.test.ts.
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function dq(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  for (const [name, value] of Object.entries({ NO_COLOR: '1', FORCE_COLOR: '0', ...env })) vi.stubEnv(name, value);
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(['node', 'dq', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
    vi.unstubAllEnvs();
    out.mockRestore();
    err.mockRestore();
  }
}
