// dq run opens a DuckDB warehouse while the check files load (src/cli/early-engine.ts): the
// loader hands over the config as soon as it is valid, run() uses the engine opened then, and an
// engine no run took (the project failed to load) is closed. Engines that reach a network are
// never opened before the project has loaded.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/load.js';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';
import type { Engine } from '../../src/engines/engine.js';
import type { EngineFactory } from '../../src/engines/open.js';
import { makeProject } from '../e2e/fixture.js';
import { dqIn } from './in-process.js';

const CHECKS = 'table: shop.orders\nchecks:\n  - row_count: { min: 1 }\n';
const BROKEN = 'table: shop.orders\nchecks:\n  - row_count: { min: 1, mni: 2 }\n';

/** The target's real DuckDB engine, recording what happens to it. */
function trackedEngine(): { open: EngineFactory; events: string[] } {
  const events: string[] = [];
  return {
    events,
    open: async (target) => {
      events.push(`open ${target.name}`);
      const real = await createDuckDbEngine({ path: String(target.options.path) });
      const engine: Engine = {
        name: real.name,
        execute: (request) => (events.push('execute'), real.execute(request)),
        dryRun: (request) => real.dryRun!(request),
        describeTable: (table) => real.describeTable!(table),
        close: async () => (events.push('close'), real.close()),
      };
      return engine;
    },
  };
}

describe('dq run and the warehouse opened while the project loads', () => {
  it('runs the checks on the engine it opened early, once, and closes it once', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': CHECKS });
    const engine = trackedEngine();
    const result = await dqIn(cwd, ['run', '--format', 'console', '--quiet', '--no-history'], { openEngine: engine.open });
    expect(result.code).toBe(0);
    expect(engine.events.filter((e) => e !== 'execute')).toEqual(['open local', 'close']);
    expect(engine.events).toContain('execute');
  });

  it('a check file that does not load is exit 3: the warehouse opened meanwhile is closed, nothing was sent', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': BROKEN });
    const engine = trackedEngine();
    const result = await dqIn(cwd, ['run', '--format', 'console', '--no-history'], { openEngine: engine.open });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('checks/orders.yaml:3:');
    expect(engine.events).toEqual(['open local', 'close']);
  });

  it('a BigQuery target is not opened before the project has loaded', async () => {
    const config = 'version: 1\ntarget: prod\ntargets:\n  prod: { engine: bigquery, project: p, location: US }\ntimezone: UTC\n';
    const cwd = await makeProject({ 'checks.config.yaml': config, 'checks/orders.yaml': BROKEN }, { warehouse: false });
    const opened: string[] = [];
    const open: EngineFactory = async (target) => (opened.push(target.name), Promise.reject(new Error('no BigQuery here')));
    const result = await dqIn(cwd, ['run', '--format', 'console', '--no-history'], { openEngine: open });
    expect(result.code).toBe(3);
    expect(opened).toEqual([]);
  });

  it('a warehouse that fails to open early fails the run as when run() opened it: exit 2, every check an error', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': CHECKS });
    const open: EngineFactory = () => Promise.reject(new Error('the warehouse is locked'));
    const out = path.join(cwd, 'out');
    const result = await dqIn(cwd, ['run', '--format', 'json', '--out', out, '--no-history'], { openEngine: open });
    expect(result.code).toBe(2);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { checks: { status: string; message?: string }[] };
    expect(report.checks.map((c) => c.status)).toEqual(['error']);
    expect(report.checks[0]!.message).toBe('the warehouse is locked');
  });
});

describe('loadProject onConfig', () => {
  it('hands over the valid config before the check files are read', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': CHECKS });
    // A check file written by the callback is loaded: the check files were read after it.
    const project = await loadProject({
      cwd,
      onConfig: (config) => {
        expect(config.targets[config.target]?.engine).toBe('duckdb');
        writeFileSync(path.join(cwd, 'checks', 'late.yaml'), CHECKS);
      },
    });
    expect(project.checks.map((c) => c.file).sort()).toEqual(['checks/late.yaml', 'checks/orders.yaml']);
  });

  it('is not called when the config has a problem, an unset {{ env.NAME }} included', async () => {
    const config = 'version: 1\ntarget: local\ntargets:\n  local: { engine: duckdb, path: "{{ env.DQ_TEST_UNSET_WAREHOUSE }}" }\n';
    const cwd = await makeProject({ 'checks.config.yaml': config, 'checks/orders.yaml': CHECKS }, { warehouse: false });
    let called = false;
    await expect(loadProject({ cwd, env: {}, onConfig: () => void (called = true) })).rejects.toThrow(/DQ_TEST_UNSET_WAREHOUSE is not set/);
    expect(called).toBe(false);
  });
});
