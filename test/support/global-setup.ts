// Once per test run: a scratch folder shared by the test files (see demo-cache.ts), removed after.
// It is also the run's temporary folder (TMPDIR, which os.tmpdir() and mktemp read, inherited by
// the test processes and everything they spawn): the folders tests make for projects, warehouses
// and reports go with it, however a test file ends, instead of being left in /tmp (300 a run).
// It is made in memory where the machine allows (scratch-base.ts says why).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { scratchBase, usableFreeBytes } from './scratch-base.js';

declare module 'vitest' {
  export interface ProvidedContext {
    demoCache: string;
  }
}

// Chosen by the first setup, before any sets TMPDIR: setup runs once per vitest project, and this
// module is evaluated again for each, so a module constant would read the TMPDIR the previous
// project's setup set and nest its folder inside that one.
const RUN_BASE = Symbol.for('dqgate.test.scratchBase');

function runBase(): string {
  const shared = globalThis as { [RUN_BASE]?: string };
  return (shared[RUN_BASE] ??= scratchBase(process.env, tmpdir(), usableFreeBytes));
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(runBase(), 'dqgate-test-run-'));
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
