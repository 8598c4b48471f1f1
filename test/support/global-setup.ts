// Once per test run: a scratch folder shared by the test files (see demo-cache.ts), removed after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    demoCache: string;
  }
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dqgate-test-run-'));
  project.provide('demoCache', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
