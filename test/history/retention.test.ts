// Issue 13: `history: { keep_days: N }` removes runs older than N days (and their checks and
// partitions) from the embedded store each time a run is recorded.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/history/records.js';
import { historyFile } from '../../src/history/store.js';
import type { RunReport } from '../../src/run/report.js';
import { dq } from '../e2e/cli.js';
import { CONFIG, makeProject } from '../e2e/fixture.js';
import { seedHistory } from './seeded-store.js';

const GROUPED = 'table: shop.orders\npartition: created_at\nchecks:\n  - row_count: { min: 5 }\n    group_by: created_at\n';
const DAY = 86_400_000;

/** A run recorded `daysAgo` days before now, with one check and one partition. */
function oldRun(id: string, daysAgo: number): RunRecord {
  const at = new Date(Date.now() - daysAgo * DAY).toISOString();
  return {
    run_id: id, started_at: at, finished_at: at, suite: null, select: [], exclude: [], target: 'local', engine: 'duckdb',
    as_of: at.slice(0, 10), from: null, to: null, exit_code: 0, status: 'pass', selection: '{}',
    checks: [
      {
        check_id: 'orders.row_count', table: 'shop.orders', type: 'row_count', status: 'pass', metric_name: 'row_count',
        metric_value: 10, metric_text: '10', metric_unit: 'count', rows_evaluated: 10, failing_group_count: 0,
        partition_unit: null, partitions_complete: true,
        partitions: [{ key: '{"created_at":"2026-01-01"}', value: 10, rows: 10, status: 'pass', reason: null }],
      },
    ],
  };
}

/** run_id → number of rows in each table of the store. */
async function rowsPerRun(cwd: string): Promise<Record<string, number[]>> {
  const instance = await DuckDBInstance.create(historyFile(cwd));
  const connection = await instance.connect();
  try {
    const sql = `SELECT r.run_id,
        (SELECT count(*) FROM check_results c WHERE c.run_id = r.run_id) AS checks,
        (SELECT count(*) FROM partition_results p WHERE p.run_id = r.run_id) AS partitions
      FROM runs r`;
    const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
    const orphans = (await connection.runAndReadAll(
      'SELECT (SELECT count(*) FROM check_results WHERE run_id NOT IN (SELECT run_id FROM runs)) + (SELECT count(*) FROM partition_results WHERE run_id NOT IN (SELECT run_id FROM runs)) AS n',
    )).getRowObjectsJS();
    expect(Number(orphans[0]!.n)).toBe(0);
    return Object.fromEntries(rows.map((r) => [String(r.run_id), [Number(r.checks), Number(r.partitions)]]));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function withRuns(config: string, runs: RunRecord[]): Promise<string> {
  const cwd = await makeProject({ 'checks/orders.yaml': GROUPED, 'checks.config.yaml': config });
  await seedHistory(cwd, runs);
  return cwd;
}

describe('history: { keep_days }', () => {
  it('a recorded run removes the runs older than keep_days with their checks and partitions, and keeps the rest', async () => {
    const cwd = await withRuns(CONFIG() + 'history: { keep_days: 400 }\n', [oldRun('ancient', 500), oldRun('older', 401), oldRun('recent', 399)]);
    expect(Object.keys(await rowsPerRun(cwd)).sort()).toEqual(['ancient', 'older', 'recent']);
    expect((await dq(cwd, ['run', '--as-of', '2026-01-10', '--format', 'json', '-q'])).code).toBe(1);
    const runId = (JSON.parse(readFileSync(path.join(cwd, 'reports', 'latest', 'report.json'), 'utf8')) as RunReport).run_id;
    // This run (1 check, 10 partitions) and the one within 400 days; the two older ones are gone.
    expect(await rowsPerRun(cwd)).toEqual({ recent: [1, 1], [runId]: [1, 10] });
  });

  it('without keep_days nothing is removed', async () => {
    const cwd = await withRuns(CONFIG(), [oldRun('ancient', 5000)]);
    expect((await dq(cwd, ['run', '--as-of', '2026-01-10', '--format', 'json', '-q'])).code).toBe(1);
    expect((await rowsPerRun(cwd))['ancient']).toEqual([1, 1]);
  });

  it('keep_days must be a whole number of days, 1 or more', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': GROUPED, 'checks.config.yaml': CONFIG() + 'history: { keep_days: 0 }\n' }, { warehouse: false });
    const result = await dq(cwd, ['validate']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/keep_days/);
  });
});
