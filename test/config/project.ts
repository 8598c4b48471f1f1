// Writes fixture projects into temp folders.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { ConfigError, type ConfigIssue } from '../../src/config/errors.js';
import { loadProject, type LoadOptions } from '../../src/config/load.js';
import type { Project } from '../../src/config/types.js';
import { fakeTypes } from './fake-types.js';

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })));
});

export const BASIC_CONFIG = `version: 1
target: local
targets:
  local:
    engine: duckdb
    path: .dq/warehouse.duckdb
vars: { season_start: '2021-10-01' }
timezone: America/New_York
`;

/** Writes `files` (path → text) into a new temp folder; a config is added unless given. */
export async function writeProject(files: Record<string, string>, withConfig = true): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dqgate-config-'));
  created.push(dir);
  const all = withConfig && !('checks.config.yaml' in files) ? { 'checks.config.yaml': BASIC_CONFIG, ...files } : files;
  for (const [file, text] of Object.entries(all)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

export async function load(files: Record<string, string>, options: LoadOptions = {}): Promise<Project> {
  const cwd = await writeProject(files);
  return loadProject({ cwd, checkTypes: fakeTypes, ...options });
}

/** Loads a project that must fail; returns its issues. */
export async function loadIssues(files: Record<string, string>, options: LoadOptions = {}): Promise<ConfigIssue[]> {
  const error = await load(files, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).issues;
}

/** `file:line:column: message` lines, for compact assertions. */
export function lines(issues: ConfigIssue[]): string[] {
  return issues.map((i) => (i.line > 0 ? `${i.file}:${i.line}:${i.column}: ${i.message}` : `${i.file}: ${i.message}`));
}
