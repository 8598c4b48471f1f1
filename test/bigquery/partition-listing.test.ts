// reconcile by the partition column and volume by it list every partition, passing ones too, for
// the results store: on BigQuery (through the real client, the analyzer checking the statement,
// pages of 3 rows) the same partitions with the same values and statuses as on DuckDB, and both
// as worked out by hand from the data.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { partitionValuesOf } from '../../src/run/partition-values.js';
import type { RunReport } from '../../src/run/report.js';
import { startBigQueryServer, type BigQueryTestServer } from '../support/bigquery-server/index.js';
import { createDuckDbWarehouse, localAndProdConfig, runSuite, serverEngines, tempDir, writeProjectFiles, type TempDir } from './support.js';

// 12 rows a day on 2026-01-01..10, none on 2026-01-06, 3 on 2026-01-10. The schedule expects 12
// on each of 2026-01-01..11.
const DATA = `
CREATE SCHEMA ds;
CREATE TABLE ds.games AS
SELECT DATE '2026-01-01' + CAST(d AS INTEGER) AS game_date, i AS player
FROM range(0, 10) a(d), range(0, 12) b(i)
WHERE d <> 5 AND NOT (d = 9 AND i >= 3);
CREATE TABLE ds.schedule AS
SELECT DATE '2026-01-01' + CAST(d AS INTEGER) AS game_date, 12 AS players FROM range(0, 11) a(d);
`;

const CHECKS = `table: ds.games
partition: game_date
checks:
  - name: per_day
    reconcile: { by: game_date, expected: { table: ds.schedule, value: sum(players) } }
  - name: daily_volume
    volume: { by: game_date, lookback: 3, min_ratio: 50% }
`;

const day = (n: number) => `2026-01-${String(n).padStart(2, '0')}`;
type Entry = [date: string, status: string, value: number | null, reason?: string];

// Worked out from DATA: completeness actual / 12; a day without rows is missing (0 of 12).
const RECONCILE: Entry[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => {
  if (n === 6 || n === 11) return [day(n), 'fail', 0, 'missing'];
  if (n === 10) return [day(n), 'fail', 3 / 12];
  return [day(n), 'pass', 1];
});
// Days with rows: 1-5, 7-10; judged from the 4th on (3 days of history), against a median of 12.
const VOLUME: Entry[] = [4, 5, 7, 8, 9, 10].map((n) => (n === 10 ? [day(n), 'fail', 3 / 12] : [day(n), 'pass', 1]));

let server: BigQueryTestServer;
let t: TempDir;
let local: RunReport;
let prod: RunReport;

beforeAll(async () => {
  server = await startBigQueryServer({ pageSize: 3, maxWaitMs: 100 });
  await server.exec(DATA);
  t = tempDir();
  writeProjectFiles(t.dir, {
    'checks.config.yaml': localAndProdConfig('timezone: UTC\n'),
    'checks/games.yaml': CHECKS,
    'suites/all.yaml': "select: ['*']\n",
  });
  await createDuckDbWarehouse(path.join(t.dir, 'w.duckdb'), DATA);
  const options = { asOf: '2026-01-11', drillDown: false, samples: false };
  local = await runSuite(t.dir, 'all', { ...options, target: 'local' });
  prod = await runSuite(t.dir, 'all', { ...options, target: 'prod', openEngine: serverEngines(server) });
});

afterAll(async () => {
  await server.close();
  t.cleanup();
});

const entries = (report: RunReport, id: string): Entry[] =>
  partitionValuesOf(report, id)!
    .map((p): Entry => (p.reason ? [String(p.key.game_date), p.status, p.value, p.reason] : [String(p.key.game_date), p.status, p.value]))
    .sort((a, b) => a[0].localeCompare(b[0]));

it.each([
  ['games.per_day', RECONCILE],
  ['games.daily_volume', VOLUME],
] as const)('%s: every partition with its value and status, the same on BigQuery as on DuckDB', (id, expected) => {
  for (const report of [local, prod]) {
    expect(report.checks.find((c) => c.id === id)?.status).toBe('fail');
    expect(entries(report, id)).toEqual(expected);
  }
});

it('the report lists the failing partitions worst first, as the offending-only listing did: least complete, then by date', () => {
  for (const report of [local, prod]) {
    const failing = report.checks.find((c) => c.id === 'games.per_day')!.failing_groups;
    expect(failing.map((g) => [g.key.game_date, g.value, g.reason])).toEqual([
      [day(6), 0, 'missing'],
      [day(11), 0, 'missing'],
      [day(10), 3 / 12, undefined],
    ]);
  }
});
