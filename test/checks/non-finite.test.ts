// A NaN or an infinity in the warehouse never makes a check pass that the true values fail.
// DuckDB orders NaN above every number and counts NaN = NaN; BigQuery's comparisons with NaN are
// all false. The SQL must judge a non-finite value as what it is on both: never a match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  wh = await buildWarehouse(sides);
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

});
