// The real `dq` binary for the spawn smoke tests: bin/dq.js runs dist/, so dist/ is rebuilt
// as `npm run build` does (tsc, then the precompiled validators) when a source file is newer
// than it or the validators are missing. Smoke test files may run in parallel: a lock folder
// lets one build while the others wait for it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { underLockFolder } from '../support/lock-folder.js';

const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(REPO, 'bin', 'dq.js');
const BUILT = path.join(REPO, 'dist', 'cli', 'dq.js');
const VALIDATORS = path.join(REPO, 'dist', 'config', 'validators.generated.js');
const LOCK = path.join(REPO, 'dist.lock');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : statSync(file).mtimeMs);
  }
  return newest;
}

const fresh = () => existsSync(BUILT) && existsSync(VALIDATORS) && statSync(BUILT).mtimeMs >= newestSource(path.join(REPO, 'src'));

/** Builds dist/ unless it is up to date; returns bin/dq.js. */
export async function builtBin(): Promise<string> {
  await underLockFolder(
    LOCK,
    fresh,
    () => {
      execFileSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO, stdio: 'inherit' });
      execFileSync(process.execPath, [path.join(REPO, 'scripts', 'build-validators.mjs')], { cwd: REPO, stdio: 'inherit' });
    },
    500,
  );
  return BIN;
}
