// A NaN or an infinity in the warehouse never makes a check pass that the true values fail.
// DuckDB orders NaN above every number and counts NaN = NaN; BigQuery's comparisons with NaN are
// all false. The SQL must judge a non-finite value as what it is on both: never a match, never
// inside a range.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { between } from '../../src/checks/between.js';
import { freshness } from '../../src/checks/freshness.js';
import { reconcile } from '../../src/checks/reconcile.js';
import type { CheckSpec } from '../../src/config/types.js';
import { evaluate } from '../../src/run/evaluate.js';
import type { Bounds } from '../../src/run/report.js';
import { spec } from '../support/checks.js';
import { buildWarehouse, type Warehouse } from '../support/nba.js';

// [actual, expected] of one day: each pair differs, whatever the tolerance:
// non-finite sums (NaN, an overflow to infinity) never reconcile.
const PAIRS: [string, string][] = [
  ['100.0', "'NaN'"],
  ["'NaN'", '100.0'],
  ["'Infinity'", "'Infinity'"],
  ["'NaN'", "'NaN'"],
];

let wh: Warehouse;
beforeAll(async () => {
  // One day per pair: main.actual_<i> and main.expected_<i>, each with its value v.
  const sides = PAIRS.flatMap(([actual, expected], i) =>
    ([['actual', actual], ['expected', expected]] as const).map(
      ([side, v]) => `CREATE TABLE main.${side}_${i} AS SELECT DATE '2024-01-01' AS d, CAST(${v} AS DOUBLE) AS v`,
    ),
  );
  wh = await buildWarehouse([
    "CREATE TABLE main.stale AS SELECT * FROM (VALUES ('-infinity'::DATE, '-infinity'::TIMESTAMP)) t(d, ts)",
    "CREATE TABLE main.ancient AS SELECT * FROM (VALUES ('0044-03-15 (BC)'::DATE, CAST('0044-03-15 (BC)'::DATE AS TIMESTAMP))) t(d, ts)",
    "CREATE TABLE main.rates AS SELECT * FROM (VALUES (1.0::DOUBLE, 1), ('Infinity'::DOUBLE, 2), ('NaN'::DOUBLE, 3)) t(x, n)", ...sides]);
});
afterAll(async () => {
  await wh?.close();
});

/** The check's status on the warehouse: `error` when its answer cannot be measured (fail-closed too). */
async function statusOf(check: CheckSpec, bounds: Bounds): Promise<string> {
  try {
    const m = (await wh.run([check])).measurements.get(check.id)!;
    return evaluate(check, m, bounds, undefined).status;
  } catch {
    return 'error';
  }
}

describe('non-finite values', () => {
  PAIRS.forEach(([actual, expected], i) => {
    for (const tolerance of [0, 5, '1%']) {
      it(`reconcile (tolerance ${JSON.stringify(tolerance)}): actual ${actual} against expected ${expected} never passes`, async () => {
        const check = spec(
          'reconcile',
          { by: 'd', actual: 'sum(v)', expected: { table: `main.expected_${i}`, value: 'sum(v)' }, tolerance },
          { table: `main.actual_${i}`, name: `pair_${i}` },
        );
        expect(await statusOf(check, reconcile.bounds(check.args))).not.toBe('pass');
      });
    }
  });

  it('between with min_value only: NaN is not inside the range, +infinity is', async () => {
    const check = spec('between', { column: 'x', min_value: 0, strict_min: false, strict_max: false, mostly: 1 }, { table: 'main.rates', name: 'rate' });
    const m = (await wh.run([check])).measurements.get(check.id)!;
    expect(m.detail).toBe('2 of 3 rows');
    expect(evaluate(check, m, between.bounds(check.args), undefined).status).toBe('fail');
  });

  it('between with min_value only on an integer column: every value at or above it is inside', async () => {
    const check = spec('between', { column: 'n', min_value: 1, strict_min: false, strict_max: false, mostly: 1 }, { table: 'main.rates', name: 'ids' });
    const m = (await wh.run([check])).measurements.get(check.id)!;
    expect(m.detail).toBe('3 of 3 rows');
    expect(evaluate(check, m, between.bounds(check.args), undefined).status).toBe('pass');
  });

  for (const [table, column] of [['stale', 'd'], ['stale', 'ts'], ['ancient', 'd'], ['ancient', 'ts']]) {
    it(`freshness: a newest ${column === 'd' ? 'date' : 'timestamp'} of main.${table} that is no readable time (-infinity, BC) is not fresh`, async () => {
      const check = spec('freshness', { column, max_age: 86_400 }, { table: `main.${table}`, name: `${table}_${column}` });
      const m = (await wh.run([check])).measurements.get(check.id)!;
      expect(evaluate(check, m, freshness.bounds(check.args), undefined).status).toBe('fail');
    });
  }
});
