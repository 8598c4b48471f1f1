// Demo warehouses for tests: each scenario is built once per test run into a shared folder
// (test/support/global-setup.ts) and copied from there, instead of being rebuilt (seconds of CPU
// each) by every test file that needs it. The build is buildDemoWarehouse's, with the default
// seed, into a folder that does not exist yet; what it returned is kept beside the file, so the
// tests of the build itself (test/demo/warehouse.test.ts) read the same build as everyone else.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { buildDemoWarehouse, type DemoScenario, type DemoSummary } from '../../src/demo/warehouse.js';
import { underLockFolder } from './lock-folder.js';

/** A cached build: `file` holds the warehouse (copy it to change it), `summary` is what buildDemoWarehouse returned for `builtAt`. */
export interface DemoBuild {
  file: string;
  /** The path given to buildDemoWarehouse (a nested folder it had to create); the file was moved from there to `file`. */
  builtAt: string;
  summary: DemoSummary;
}

const built = new Map<DemoScenario, Promise<DemoBuild>>();

async function cached(scenario: DemoScenario): Promise<DemoBuild> {
  const file = path.join(inject('demoCache'), `${scenario}.duckdb`);
  const summaryFile = path.join(inject('demoCache'), `${scenario}.json`);
  // Test files run in parallel processes, and two of them often ask for the same scenario at the
  // start of a run: a lock folder lets one build while the others wait for its file, instead of
  // each building its own copy (lock-folder.ts).
  await underLockFolder(
    `${file}.lock`,
    () => existsSync(file),
    async () => {
      const own = path.join(inject('demoCache'), `${scenario}-${process.pid}`, 'nested', `${scenario}.duckdb`);
      const summary = await buildDemoWarehouse({ path: own, scenario });
      writeFileSync(summaryFile, JSON.stringify({ builtAt: own, summary }));
      renameSync(own, file); // atomic, and after the summary: a waiting process sees the whole file or none
    },
    100,
  );
  return { file, ...(JSON.parse(readFileSync(summaryFile, 'utf8')) as Omit<DemoBuild, 'file'>) };
}

/** The cached build of `scenario` (built on first use in this test run). */
export function demoBuild(scenario: DemoScenario): Promise<DemoBuild> {
  if (!built.has(scenario)) built.set(scenario, cached(scenario));
  return built.get(scenario)!;
}

/** Writes the demo warehouse of `scenario` to `file` (creating its folder). */
export async function copyDemoWarehouse(file: string, scenario: DemoScenario): Promise<void> {
  const { file: source } = await demoBuild(scenario);
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(source, file);
}
