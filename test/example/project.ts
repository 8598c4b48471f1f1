// The repository's example project (checks/, suites/) against demo warehouses built in a temp
// folder: target `incident` and target `healthy`, so tests run the project as a user would.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { copyDemoWarehouse } from '../support/demo-cache.js';

export const DEMO_AS_OF = '2026-01-04';

export async function exampleProject(scenarios: ('incident' | 'healthy')[] = ['incident', 'healthy']): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dqgate-example-'));
  cpSync('checks', path.join(dir, 'checks'), { recursive: true });
  cpSync('suites', path.join(dir, 'suites'), { recursive: true });
  for (const scenario of scenarios) await copyDemoWarehouse(path.join(dir, `${scenario}.duckdb`), scenario);
  const targets = scenarios.map((s) => `  ${s}:\n    engine: duckdb\n    path: ${s}.duckdb\n`).join('');
  writeFileSync(
    path.join(dir, 'checks.config.yaml'),
    `version: 1\ntarget: ${scenarios[0]}\ntargets:\n${targets}vars:\n  season_start: '2021-10-01'\ntimezone: America/New_York\n`,
  );
  return dir;
}
