// `dq` called in-process through main(argv): stdout and stderr captured, the exit code returned,
// engines and interruptions injected (see CliContext). No child process, no real signals.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliOptions } from '../../src/cli/context.js';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';
import type { Engine, QueryRequest } from '../../src/engines/engine.js';
import type { EngineFactory } from '../../src/engines/open.js';
import type { RunReport } from '../../src/run/report.js';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `dq <args> --config <cwd>/checks.config.yaml` in this process. */
export async function dqIn(cwd: string, args: string[], options: CliOptions = {}): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await main(['node', 'dq', ...args, '--config', path.join(cwd, 'checks.config.yaml')], options);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The report.json a run wrote into `out`, or undefined when it wrote none. */
export function writtenReport(out: string): RunReport | undefined {
  const file = path.join(out, 'report.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunReport) : undefined;
}

/** What a wrapped engine does instead of the real one for some requests (undefined: the real one). */
export interface EngineOverrides {
  execute?: (request: QueryRequest, real: Engine) => Promise<unknown> | undefined;
  dryRun?: (request: QueryRequest, real: Engine) => Promise<unknown> | undefined;
}

/** The target's real DuckDB engine, with some calls replaced (slow, faulty, malformed). */
export function wrappedDuckDb(overrides: EngineOverrides): EngineFactory {
  return async (target) => {
    const real = await createDuckDbEngine({ path: String(target.options.path) });
    return {
      name: real.name,
      execute: (request) => (overrides.execute?.(request, real) ?? real.execute(request)) as ReturnType<Engine['execute']>,
      dryRun: (request) => (overrides.dryRun?.(request, real) ?? real.dryRun!(request)) as ReturnType<NonNullable<Engine['dryRun']>>,
      close: () => real.close(),
    };
  };
}

/** A call that never settles and never looks at its signal: the engine that held a SIGTERM for 110 s. */
export const never = (): Promise<never> => new Promise<never>(() => undefined);
