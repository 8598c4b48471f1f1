// Demo warehouses for tests that use one as data (not tests of building it): each scenario is
// built once per test run into a shared folder (test/support/global-setup.ts) and copied from
// there, instead of being rebuilt (seconds of CPU each) by every test file that needs it.
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { buildDemoWarehouse, type DemoScenario } from '../../src/demo/warehouse.js';
import { underLockFolder } from './lock-folder.js';

const built = new Map<DemoScenario, Promise<string>>();

async function cached(scenario: DemoScenario): Promise<string> {
  const file = path.join(inject('demoCache'), `${scenario}.duckdb`);
  // Test files run in parallel processes, and two of them often ask for the same scenario at the
  // start of a run: a lock folder lets one build while the others wait for its file, instead of
  // each building its own copy (lock-folder.ts).
  await underLockFolder(
    `${file}.lock`,
    () => existsSync(file),
    async () => {
      const own = path.join(inject('demoCache'), `${scenario}.${process.pid}.duckdb`);
      await buildDemoWarehouse({ path: own, scenario });
      renameSync(own, file); // atomic: a waiting process sees the whole file or none
    },
    100,
  );
  return file;
}

/** Writes the demo warehouse of `scenario` to `file` (creating its folder). */
export async function copyDemoWarehouse(file: string, scenario: DemoScenario): Promise<void> {
  if (!built.has(scenario)) built.set(scenario, cached(scenario));
  const source = await built.get(scenario)!;
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(source, file);
}
