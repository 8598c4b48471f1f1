// Partition columns of every type BigQuery partitions by — DATE, TIMESTAMP, DATETIME and
// ingestion time (_PARTITIONDATE) — give the same verdicts on BigQuery (the real client, the
// local server, every statement checked by the GoogleSQL analyzer) as on DuckDB, on the same
// data, and the same verdicts as each other: a day is a day in the config's time zone
// (America/New_York here), so a row at 23:30 New York time (04:30 UTC the next day) counts on
// its New York day, and `--to` keeps the whole last day of a DATETIME partition. Every check
// type runs on each table (freshness on the time columns, reconcile and expected partitions from
// a table where an expected-days table exists), bounded by windows where it takes one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run/report.js';
import type { BigQueryTestServer } from '../support/bigquery-server/index.js';
import { ROWS } from './partition-fixture.js';
import { serverEngines, verdicts } from './support.js';
import { twoEngineProject, type TwoEngineProject } from './two-engines.js';

let project: TwoEngineProject;
let server: BigQueryTestServer;

/** The partitions the reconcile and expected-partitions checks expect: 12 rows every day. */
const expectedDays = (column: string) =>
  `CREATE TABLE ds.exp_${column} AS SELECT DATE '2026-01-01' + CAST(d AS INTEGER) AS ${column}, 12 AS n FROM range(0, 10) a(d);`;
// Ingestion time: on BigQuery a table partitioned by _PARTITIONTIME (the test server holds it as
// a real column, midnight UTC of the day); on DuckDB a real _PARTITIONDATE column.
const INGESTED_BQ = `CREATE TABLE ds.ev_ing AS SELECT timezone('UTC', CAST(day AS TIMESTAMP)) AS _PARTITIONTIME, usage, status, code FROM base;`;
const INGESTED_DUCKDB = `CREATE TABLE ds.ev_ing AS SELECT day AS _PARTITIONDATE, usage, status, code FROM base;`;

interface Variant {
  name: string;
  table: string;
  partition: string;
  /** A time column: freshness is measured on it. */
  time?: boolean;
  /** Has an expected-days table (reconcile, expected partitions from a table). */
  expected?: boolean;
}
const VARIANTS: Variant[] = [
  { name: 'date', table: 'ds.ev_date', partition: 'day', expected: true },
  { name: 'ts', table: 'ds.ev_ts', partition: 'ts', time: true, expected: true },
  { name: 'dt', table: 'ds.ev_dt', partition: 'dt', time: true, expected: true },
  { name: 'ing', table: 'ds.ev_ing', partition: '_PARTITIONDATE' },
];

function checksFor(v: Variant): string {
  const p = v.partition;
  return `table: ${v.table}
partition: ${p}
checks:
  - name: window_rows
    row_count: { min: 1 }
    window: 3 days
  - name: all_rows
    row_count: { min: 1 }
  - name: last_two
    not_null: { column: code, mostly: 100% }
    window: { last: 2 }
  - name: calendar_coverage
    coverage: { column: usage, min: 90% }
    group_by: ${p}
    window: 5 days
    expected_partitions: { calendar: daily }
  - name: volume
    volume: { by: ${p}, lookback: 3, min_ratio: 50% }
  - name: statuses
    accepted_values: { column: status, values: ['1', '2', '3'] }
  - name: codes
    accepted_values: { column: code, values: [c0, c1, c2] }
  - name: since
    row_count: { min: 1 }
    where: "${p} >= '{{ var.since }}'"
  - name: text_since
    row_count: { min: 1 }
    where: "code <> '{{ var.since }}' AND code >= '{{ as_of }}'"
  - name: unique_code_status
    unique: [code, status]
    window: 3 days
  - name: usage_range
    between: { column: usage, min_value: 0, max_value: 100 }
    window: { last: 2 }
  - name: code_shape
    regex: { column: code, pattern: '^c[0-9]+$' }
    window: 3 days
  - name: usage_positive
    condition: usage >= 0
    window: 3 days
  - name: per_status
    rows_per_group: { by: status, min: 2 }
    window: 3 days
  - name: known_status
    relationships: { column: status, to: ds.ev_date, field: status }
    window: 3 days
  - name: usage_mean
    metric: { expression: avg(usage), min: 0, max: 1000 }
    window: 3 days
  - name: typed_columns
    schema: { columns: { usage: NUMERIC, status: INT64, code: STRING } }
${
  v.expected
    ? `  - name: reconcile
    reconcile: { by: ${p}, actual: count(*), expected: { table: ds.exp_${p}, value: sum(n), partition: ${p} } }
    window: 5 days
  - name: expected_table
    row_count: { min: 1 }
    group_by: ${p}
    window: 4 days
    expected_partitions: { table: ds.exp_${p}, column: ${p} }
`
    : ''
}${
  v.time
    ? `  - name: fresh
    freshness: { column: ${p}, max_age: 2 days }
`
    : ''
}`;
}

beforeAll(async () => {
  const expected = ['day', 'ts', 'dt'].map(expectedDays).join('\n');
  project = await twoEngineProject({
    data: { duckdb: ROWS + INGESTED_DUCKDB + expected, bigquery: ROWS + INGESTED_BQ + expected },
    configLines: "timezone: America/New_York\nvars: { since: '2026-01-09' }\n",
    files: {
      ...Object.fromEntries(VARIANTS.map((v) => [`checks/${v.name}.yaml`, checksFor(v)])),
      ...Object.fromEntries(VARIANTS.map((v) => [`suites/${v.name}.yaml`, `select: ['${v.name}.*']\n`])),
    },
    pageSize: 5,
  });
  server = project.server;
  server.partitionTable('ds.ev_date', { type: 'DAY', field: 'day' });
  server.partitionTable('ds.ev_ts', { type: 'DAY', field: 'ts', requirePartitionFilter: true });
  server.partitionTable('ds.ev_dt', { type: 'DAY', field: 'dt' });
  server.partitionTable('ds.ev_ing', { type: 'DAY' });
});

afterAll(async () => {
  await project?.close();
});

const RANGES = [{}, { from: '2026-01-03', to: '2026-01-09' }];

/** Per check name: status, metric, rows and the failing groups' values (key names differ by variant). */
function byName(report: RunReport, names: string[]): Record<string, unknown> {
  return Object.fromEntries(
    report.checks
      .filter((c) => names.includes(c.name))
      .map((c) => [c.name, { status: c.status, metric: c.metric.value, rows: c.rows_evaluated, groups: c.failing_groups.map((g) => [Object.values(g.key), g.value]) }]),
  );
}
const metric = (report: RunReport, name: string) => report.checks.find((c) => c.name === name)!.metric.value;

describe.each(RANGES)('partition types, range %j', (range) => {
  const reports = new Map<string, { local: RunReport; prod: RunReport }>();
  beforeAll(async () => {
    // The TIMESTAMP table requires a partition filter when the run has a range to give it; without
    // one, its whole-table checks are refused before anything is sent (test/bigquery/pruning.test.ts).
    server.partitionTable('ds.ev_ts', { type: 'DAY', field: 'ts', requirePartitionFilter: range.from !== undefined });
    for (const v of VARIANTS) {
      reports.set(v.name, await project.runBoth(v.name, { asOf: '2026-01-10', range }));
    }
  }, 120_000);

  it.each(VARIANTS.map((v) => v.name))('%s: BigQuery and DuckDB give the same verdicts, and no check errs', (name) => {
    const { local, prod } = reports.get(name)!;
    expect(verdicts(prod)).toEqual(verdicts(local));
    expect(prod.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(prod.exit_code).toBe(local.exit_code);
  });

  it('every partition type gives the DATE table’s verdicts: days are New York days', () => {
    const shared = ['window_rows', 'all_rows', 'last_two', 'calendar_coverage', 'volume', 'statuses', 'codes'];
    const reference = byName(reports.get('date')!.prod, shared);
    for (const v of VARIANTS) expect(byName(reports.get(v.name)!.prod, shared), v.name).toEqual(reference);
    for (const v of VARIANTS.filter((x) => x.expected)) {
      expect(byName(reports.get(v.name)!.prod, ['reconcile', 'expected_table']), v.name).toEqual(byName(reports.get('date')!.prod, ['reconcile', 'expected_table']));
    }
  });

  it('counts rows by New York day: a 3-day window holds 12 + 12 + 3 rows; --to keeps the whole last day', () => {
    for (const v of VARIANTS) {
      const { prod, local } = reports.get(v.name)!;
      for (const report of [prod, local]) {
        // --from/--to: 2026-01-03..09, without the empty 2026-01-06: 6 × 12 rows, 23:30 rows
        // included; all: 8 × 12 + 3.
        expect(metric(report, 'all_rows'), v.name).toBe(range.to ? 72 : 99);
        if (!range.to) expect(metric(report, 'window_rows'), v.name).toBe(27);
      }
    }
  });

  it('freshness reads a DATETIME as New York civil time, like the TIMESTAMP of the same instant', () => {
    // --as-of ends at 2026-01-11 00:00 New York. Newest value: 2026-01-10 05:30 New York (18.5 h),
    // or within --to 2026-01-09 23:30 New York (24.5 h). Read as UTC it would be 5 h older.
    for (const name of ['ts', 'dt']) {
      for (const report of Object.values(reports.get(name)!)) expect(metric(report, 'fresh'), name).toBe(range.to ? 88_200 : 66_600);
    }
  });
});

it('tables.get answers each table’s schema in BigQuery types, its partitioning, and no pseudo-column', async () => {
  const engine = await serverEngines(server)({ name: 'prod', engine: 'bigquery', options: { project: 'test-project' } }, { runId: 'r' });
  try {
    expect(await engine.describeTable!('ds.ev_ts')).toEqual({
      columns: [
        { name: 'ts', type: 'TIMESTAMP' },
        { name: 'usage', type: 'NUMERIC' },
        { name: 'status', type: 'INT64' },
        { name: 'code', type: 'STRING' },
      ],
      partitioning: { column: 'ts', type: 'DAY', requirePartitionFilter: true },
    });
    const ingested = await engine.describeTable!('ds.ev_ing');
    expect(ingested.columns.map((c) => c.name)).toEqual(['usage', 'status', 'code']);
    expect(ingested.partitioning).toEqual({ type: 'DAY', requirePartitionFilter: false });
    await expect(engine.describeTable!('ds.nope')).rejects.toMatchObject({ reason: 'notFound' });
  } finally {
    await engine.close();
  }
});
