// Post-processing is linear in the checks of one batch: reading N checks' answers from a
// batched query's rows must touch each row's columns a bounded number of times, not once per
// check (20,000 checks in one file took minutes). Counted, not timed: every property read on
// the rows the engine returns goes through a counting Proxy.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/load.js';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';
import type { Engine, Row } from '../../src/engines/engine.js';
import { run } from '../../src/run/run.js';
import { makeProject } from '../e2e/fixture.js';

let warehouse: string;
beforeAll(async () => {
  warehouse = path.join(await makeProject({}), 'warehouse.duckdb');
});

/** A project with `n` aggregate checks and `n` set checks on one table: two batched queries. */
async function projectWith(n: number) {
  const dir = path.join(path.dirname(warehouse), `n${n}`);
  mkdirSync(path.join(dir, 'checks'), { recursive: true });
  writeFileSync(path.join(dir, 'checks.config.yaml'), `version: 1\ntarget: local\ntargets:\n  local:\n    engine: duckdb\n    path: ${warehouse}\ntimezone: UTC\n`);
  const checks = Array.from({ length: n }, (_, i) => `  - name: count_${i}\n    row_count: { min: ${i} }\n  - name: unique_${i}\n    unique: id\n`);
  writeFileSync(path.join(dir, 'checks', 'orders.yaml'), `table: shop.orders\nchecks:\n${checks.join('')}`);
  return loadProject({ cwd: dir });
}

/** Runs the project on the warehouse; counts the property reads on every row the engine returned. */
async function readsOfRows(n: number): Promise<{ reads: number; queries: number; evaluated: number }> {
  const project = await projectWith(n);
  const real = await createDuckDbEngine({ path: warehouse });
  let reads = 0;
  const counted = (row: Row): Row =>
    new Proxy(row, {
      get: (target, key) => (reads++, Reflect.get(target, key)),
      ownKeys: (target) => (reads++, Reflect.ownKeys(target)),
      getOwnPropertyDescriptor: (target, key) => (reads++, Reflect.getOwnPropertyDescriptor(target, key)),
    });
  const engine: Engine = {
    name: real.name,
    dryRun: (request) => real.dryRun!(request),
    execute: async (request) => {
      const result = await real.execute(request);
      return { ...result, rows: result.rows.map(counted) };
    },
    close: () => real.close(),
  };
  try {
    const report = await run({ project, checks: project.checks, engine, asOf: '2026-01-10', drillDown: false });
    return { reads, queries: report.queries.length, evaluated: report.checks.filter((c) => c.status === 'pass' || c.status === 'fail').length };
  } finally {
    await engine.close();
  }
}

describe('post-processing a batch', () => {
  it('reads the rows of 4× the checks at most ~4× as often (quadratic would be 16×)', async () => {
    const small = await readsOfRows(25);
    const large = await readsOfRows(100);
    // Two batched queries answer every check, and every check was evaluated from them.
    expect([small.queries, large.queries]).toEqual([2, 2]);
    expect([small.evaluated, large.evaluated]).toEqual([50, 200]);
    expect(large.reads / small.reads).toBeLessThan(6);
  }, 120_000);
});
