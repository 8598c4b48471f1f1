// Once per test run: a scratch folder shared by the test files (see demo-cache.ts), removed after.
// It is also the run's temporary folder (TMPDIR, which os.tmpdir() and mktemp read, inherited by
// the test processes and everything they spawn): the folders tests make for projects, warehouses
// and reports go with it, however a test file ends, instead of being left in /tmp (300 a run).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    demoCache: string;
  }
}

// The machine's, read before any setup below sets TMPDIR (setup runs once per vitest project).
const SYSTEM_TMP = tmpdir();

export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(SYSTEM_TMP, 'dqgate-test-run-'));
  const scratch = path.join(dir, 'tmp');
  mkdirSync(scratch);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  project.provide('demoCache', dir);
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
