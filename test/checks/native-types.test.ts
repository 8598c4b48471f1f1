// The native types that replace hand-written SQL for dbt-utils tests (distinct_count,
// not_accepted_values, strict bounds, between inclusive: false, unique nulls: equal, freshness
// ignore_time), run on data built for them, on DuckDB and on BigQuery (the local server, whose
// GoogleSQL analyzer checks every statement). Expected values are recomputed here from the rows.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport, RunReport } from '../../src/run/report.js';
import { startBigQueryServer, type BigQueryTestServer } from '../support/bigquery-server/index.js';
import { createDuckDbWarehouse, localAndProdConfig, runSuite, serverEngines, tempDir, verdicts, writeProjectFiles, type TempDir } from '../bigquery/support.js';

interface Item {
  id: number;
  team: string;
  code: string | null;
  a: number | null;
  b: string | null;
  score: number;
  empty: number | null;
  ts: string;
}

const AS_OF = '2026-01-04';
// A fixed team, codes with refused values and NULLs, keys (a, b) with NULL parts that repeat,
// scores on and inside the limits 0..10, and a newest timestamp late on the day before --as-of.
const ITEMS: Item[] = [
  { id: 1, team: 'BOS', code: 'A', a: 1, b: null, score: 0, empty: null, ts: '2026-01-01 08:00:00' },
  { id: 2, team: 'BOS', code: 'TBD', a: 1, b: null, score: 10, empty: null, ts: '2026-01-02 09:00:00' },
  { id: 3, team: 'BOS', code: null, a: 2, b: 'x', score: 5, empty: null, ts: '2026-01-03 23:30:00' },
  { id: 4, team: 'BOS', code: 'B', a: 2, b: 'x', score: 7.5, empty: null, ts: '2026-01-02 10:00:00' },
  { id: 5, team: 'BOS', code: '', a: null, b: null, score: 3, empty: null, ts: '2026-01-01 00:00:00' },
  { id: 6, team: 'BOS', code: 'C', a: null, b: null, score: 9.99, empty: null, ts: '2026-01-02 11:00:00' },
  { id: 7, team: 'BOS', code: 'A', a: 3, b: 'y', score: 0.01, empty: null, ts: '2026-01-03 01:00:00' },
];

// Exactly one quarter before --as-of: 2026-01-04 minus 3 months is 2025-10-04.
const OLD_NEWEST = '2025-10-04';

const sqlText = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
const sqlNum = (v: number | null) => (v === null ? 'NULL' : String(v));
const DATA = `
CREATE SCHEMA ds;
CREATE TABLE ds.items (id INTEGER, team VARCHAR, code VARCHAR, a INTEGER, b VARCHAR, score DOUBLE, empty INTEGER, ts TIMESTAMP);
CREATE TABLE ds.old (d DATE);
INSERT INTO ds.old VALUES (DATE '${OLD_NEWEST}'), (DATE '2025-09-30');
INSERT INTO ds.items VALUES ${ITEMS.map(
  (r) => `(${r.id}, ${sqlText(r.team)}, ${sqlText(r.code)}, ${sqlNum(r.a)}, ${sqlText(r.b)}, ${r.score}, ${sqlNum(r.empty)}, TIMESTAMP '${r.ts}')`,
).join(', ')};
`;

const CHECKS = `table: ds.items
checks:
  - name: teams_vary
    distinct_count: { column: team, min: 2 }
  - name: codes_count
    distinct_count: { column: code, equals: ${new Set(ITEMS.flatMap((r) => (r.code === null ? [] : [r.code]))).size} }
  - name: distinct_no_rows
    distinct_count: { column: code, max: 5 }
    where: "id > 100"
  - name: no_placeholder_codes
    not_accepted_values: { column: code, values: [TBD, ''], mostly: 50% }
  - name: no_placeholder_codes_strict
    not_accepted_values: { column: code, values: [TBD, ''] }
  - name: some_b
    coverage: { column: b, min_exclusive: 0 }
  - name: some_empty
    coverage: { column: empty, min_exclusive: 0 }
  - name: some_empty_inclusive
    coverage: { column: empty, min: 0 }
  - name: rows_below_all
    row_count: { max_exclusive: ${ITEMS.length} }
  - name: score_open_range
    between: { column: score, min_value: 0, max_value: 10, inclusive: false, mostly: 70% }
  - name: score_closed_range
    between: { column: score, min_value: 0, max_value: 10 }
  - name: key_nulls_distinct
    unique: { columns: [a, b] }
  - name: key_nulls_equal
    unique: { columns: [a, b], nulls: equal }
  - name: fresh_by_day
    freshness: { column: ts, max_age: 1 day, ignore_time: true }
  - name: fresh_this_month
    freshness: { column: ts, max_age: 1 month, ignore_time: true }
`;

const OLD_CHECKS = `table: ds.old
checks:
  - name: within_a_quarter
    freshness: { column: d, max_age: 1 quarter }
  - name: within_two_months
    freshness: { column: d, max_age: 2 months }
`;

let server: BigQueryTestServer;
let t: TempDir;
let local: RunReport;
let prod: RunReport;

beforeAll(async () => {
  server = await startBigQueryServer({});
  await server.exec(DATA);
  t = tempDir();
  writeProjectFiles(t.dir, {
    'checks.config.yaml': localAndProdConfig('timezone: UTC\n'),
    'checks/items.yaml': CHECKS,
    'checks/old.yaml': OLD_CHECKS,
    'suites/all.yaml': "select: ['*']\n",
  });
  await createDuckDbWarehouse(path.join(t.dir, 'w.duckdb'), DATA);
  local = await runSuite(t.dir, 'all', { target: 'local', asOf: AS_OF });
  prod = await runSuite(t.dir, 'all', { target: 'prod', asOf: AS_OF, openEngine: serverEngines(server) });
});

afterAll(async () => {
  await server?.close();
  t?.cleanup();
});

const on = (report: RunReport, name: string): CheckReport => {
  const check = report.checks.find((c) => c.name === name);
  if (!check) throw new Error(`no check ${name} in ${report.checks.map((c) => c.name).join(', ')}`);
  return check;
};

/** Status and metric value of a check on both engines. */
function both(name: string): { status: string; value: unknown }[] {
  return [local, prod].map((r) => ({ status: on(r, name).status, value: on(r, name).metric.value }));
}
const twice = (status: string, value: unknown) => [
  { status, value },
  { status, value },
];

const nonNullCodes = ITEMS.flatMap((r) => (r.code === null ? [] : [r.code]));

describe('native types on data built for them, DuckDB and BigQuery alike', () => {
  it('agree on every verdict', () => {
    expect(verdicts(prod)).toEqual(verdicts(local));
    expect(local.checks.every((c) => c.status !== 'error')).toBe(true);
  });

  it('distinct_count counts distinct non-null values: a constant column fails min 2 (dbt-utils not_constant)', () => {
    expect(both('teams_vary')).toEqual(twice('fail', new Set(ITEMS.map((r) => r.team)).size));
    expect(both('codes_count')).toEqual(twice('pass', new Set(nonNullCodes).size));
  });

  it('distinct_count over no rows never passes, even when 0 distinct values is within its bounds', () => {
    expect(both('distinct_no_rows').map((v) => v.status)).toEqual(['fail', 'fail']);
    expect(on(local, 'distinct_no_rows').rows_evaluated).toBe(0);
  });

  it('not_accepted_values measures the share of non-null values outside the list; NULLs are not counted', () => {
    const share = nonNullCodes.filter((c) => !['TBD', ''].includes(c)).length / nonNullCodes.length;
    expect(both('no_placeholder_codes')).toEqual(twice('pass', share));
    expect(both('no_placeholder_codes_strict')).toEqual(twice('fail', share));
  });

  it('min_exclusive: 0 passes on one value and fails on none, where min: 0 passes both (dbt at_least_one)', () => {
    expect(both('some_b')).toEqual(twice('pass', ITEMS.filter((r) => r.b !== null).length / ITEMS.length));
    expect(both('some_empty')).toEqual(twice('fail', 0));
    expect(both('some_empty_inclusive')).toEqual(twice('pass', 0));
    expect(on(local, 'some_empty').message).toContain('expected > 0%');
  });

  it('max_exclusive excludes the limit itself', () => {
    expect(both('rows_below_all')).toEqual(twice('fail', ITEMS.length));
  });

  it('between inclusive: false excludes both limits', () => {
    const open = ITEMS.filter((r) => r.score > 0 && r.score < 10).length / ITEMS.length;
    const closed = ITEMS.filter((r) => r.score >= 0 && r.score <= 10).length / ITEMS.length;
    expect(open).toBeLessThan(closed);
    expect(both('score_open_range')).toEqual(twice('pass', open));
    expect(both('score_closed_range')).toEqual(twice('pass', closed));
  });

  it('unique nulls: equal counts NULL key parts as values; the default ignores rows with one', () => {
    const duplicates = (rows: Item[]) => {
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(JSON.stringify([r.a, r.b]), (counts.get(JSON.stringify([r.a, r.b])) ?? 0) + 1);
      return [...counts.values()].filter((n) => n > 1).length;
    };
    const equal = duplicates(ITEMS);
    const distinct = duplicates(ITEMS.filter((r) => r.a !== null && r.b !== null));
    expect(equal).toBeGreaterThan(distinct);
    expect(both('key_nulls_equal')).toEqual(twice('fail', equal));
    expect(both('key_nulls_distinct')).toEqual(twice(distinct > 0 ? 'fail' : 'pass', distinct));
    // (1, NULL) twice and (NULL, NULL) twice are listed as duplicates.
    expect(on(local, 'key_nulls_equal').failing_groups.map((g) => g.key)).toEqual(
      expect.arrayContaining([
        { a: 1, b: null },
        { a: null, b: null },
      ]),
    );
  });

  it('freshness ignore_time ages the newest value in whole days from its day to --as-of', () => {
    const newestDay = ITEMS.map((r) => r.ts.slice(0, 10)).sort().at(-1)!;
    const age = (Date.parse(AS_OF) - Date.parse(newestDay)) / 1000;
    expect(both('fresh_by_day')).toEqual(twice('pass', age));
  });

  it('freshness max_age in calendar units counts months back from --as-of: a quarter holds its boundary day, two months do not', () => {
    // 2026-01-04 back to 2026-01-03: one day of the month from 2025-12-04 (31 days).
    expect(both('fresh_this_month')).toEqual(twice('pass', 1 / 31));
    expect(both('within_a_quarter')).toEqual(twice('pass', 3));
    expect(both('within_two_months')).toEqual(twice('fail', 3));
    expect(on(local, 'within_two_months').message).toMatch(/^age_months 3, expected ≤ 2/);
  });
});
