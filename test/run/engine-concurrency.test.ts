// Each engine's default number of queries in flight: DuckDB one at a time (each query already uses
// every core), BigQuery 4; the target's `concurrency` and --concurrency override it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';
import type { Engine } from '../../src/engines/engine.js';
import { targetConcurrency } from '../../src/run/run.js';
import { makeProject } from '../e2e/fixture.js';
import { runProject } from '../e2e/run-project.js';

/** The fixture's DuckDB engine, recording the most queries it was running at once. */
async function countingEngine(dir: string): Promise<{ engine: Engine; maxInFlight: () => number }> {
  const real = await createDuckDbEngine({ path: path.join(dir, 'warehouse.duckdb') });
  let inFlight = 0;
  let max = 0;
  const engine: Engine = {
    name: real.name,
    execute: async (request) => {
      inFlight++;
      max = Math.max(max, inFlight);
      try {
        // Yield first, so every query the run starts together is in flight before any ends.
        await new Promise((resolve) => setImmediate(resolve));
        return await real.execute(request);
      } finally {
        inFlight--;
      }
    },
    dryRun: real.dryRun!.bind(real),
    describeTable: real.describeTable!.bind(real),
    close: () => real.close(),
  };
  return { engine, maxInFlight: () => max };
}

// Four queries: table-wide aggregates, a grouped aggregate, group counts, relationships.
const CHECKS = `table: shop.orders
checks:
  - row_count: { min: 1 }
  - { name: per_day, row_count: { min: 1 }, group_by: [created_at] }
  - unique: [id]
  - relationships: { column: customer_id, to: shop.customers, field: customer_id }
`;

describe('queries in flight by engine', () => {
  it('defaults: DuckDB 1, BigQuery 4; a target concurrency wins over both', () => {
    expect(targetConcurrency({ name: 'l', engine: 'duckdb', options: { path: 'w.duckdb' } })).toBe(1);
    expect(targetConcurrency({ name: 'p', engine: 'bigquery', options: { project: 'p' } })).toBe(4);
    expect(targetConcurrency({ name: 'l', engine: 'duckdb', options: { path: 'w.duckdb', concurrency: 3 } })).toBe(3);
  });

  it('a DuckDB run sends its queries one at a time; --concurrency still sends several', async () => {
    const dir = await makeProject({ 'checks/orders.yaml': CHECKS });
    const serial = await countingEngine(dir);
    try {
      const report = await runProject(dir, { engine: serial.engine, drillDown: false });
      expect(report.queries.length).toBeGreaterThanOrEqual(3);
      expect(serial.maxInFlight()).toBe(1);
    } finally {
      await serial.engine.close();
    }
    const parallel = await countingEngine(dir);
    try {
      await runProject(dir, { engine: parallel.engine, drillDown: false, concurrency: 3 });
      expect(parallel.maxInFlight()).toBe(3);
    } finally {
      await parallel.engine.close();
    }
  });
});
