// A real run of the example project (checks/, suites/, checks.config.yaml) on the demo warehouse,
// through the library as `dq run <suite> --as-of 2026-01-04` does it: the incident warehouse is
// copied into a temp folder from the test run's demo cache (test/support/demo-cache.ts), the
// project is copied beside it with its default target pointed at that file, then loadProject →
// selectChecks → run.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { loadProject } from '../../src/config/load.js';
import { DEMO_AS_OF } from '../../src/demo/story.js';
import type { DemoScenario } from '../../src/demo/warehouse.js';
import { selectChecks } from '../../src/plan/select.js';
import type { Clock } from '../../src/run/clock.js';
import type { RunReport } from '../../src/run/report.js';
import { run } from '../../src/run/run.js';
import { copyDemoWarehouse } from './demo-cache.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface DemoRun {
  report: RunReport;
  /** The temp folder holding the warehouse and the project copy; reports may be written below it. */
  dir: string;
  runMs: number;
  cleanup(): void;
}

export interface DemoRunOptions {
  suite: string;
  scenario?: DemoScenario;
  /** Fixes the report's timestamps and id (screenshots that do not change from run to run). */
  clock?: Clock;
  runId?: string;
  /** Overrides the suite's `block` (the `audit` suite has `block: false`). */
  block?: boolean;
}

/** A clock starting at `start` that moves `stepMs` on every reading: timestamps that are the same on every run. */
export function steppingClock(start: string, stepMs: number): Clock {
  let t = Date.parse(start);
  return { now: () => new Date((t += stepMs) - stepMs) };
}

export async function runDemoSuite(options: DemoRunOptions): Promise<DemoRun> {
  const dir = mkdtempSync(join(tmpdir(), 'dqgate-demo-run-'));
  const database = join(dir, 'demo.duckdb');
  await copyDemoWarehouse(database, options.scenario ?? 'incident');
  for (const folder of ['checks', 'suites']) cpSync(join(REPO, folder), join(dir, folder), { recursive: true });
  // The repository's config as it is, with its default target's file replaced by the temp warehouse.
  const config = parseDocument(readFileSync(join(REPO, 'checks.config.yaml'), 'utf8'));
  const target = String(config.get('target'));
  if (config.getIn(['targets', target, 'engine']) !== 'duckdb') throw new Error(`the example config's default target ${target} is not DuckDB`);
  config.setIn(['targets', target, 'path'], database);
  writeFileSync(join(dir, 'checks.config.yaml'), config.toString());

  const project = await loadProject({ cwd: dir });
  const selection = selectChecks(project, { suite: options.suite });
  const started = performance.now();
  const report = await run({
    project,
    checks: selection.checks,
    suite: options.suite,
    asOf: DEMO_AS_OF,
    failOn: selection.failOn,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.runId ? { runId: options.runId } : {}),
    ...(options.block !== undefined ? { block: options.block } : {}),
  });
  return {
    report,
    dir,
    runMs: performance.now() - started,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
