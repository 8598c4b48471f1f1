// Issue 13: `history: { target: prod, dataset: dq_results }` records every dq run in a BigQuery
// dataset on the local test server (through the real client), read back by `dq diff --target
// prod` and `dq history --target prod`; a load that fails is a warning (exit 2 only with
// required: true), and an incomplete answer while reading is an error, never a quiet diff.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_ENDPOINT_ENV } from '../../src/engines/open.js';
import { BigQueryHistoryStore } from '../../src/history/bigquery-store.js';
import type { RunReport } from '../../src/run/report.js';
import { bigQueryProdConfig, tempDir, writeProjectFiles, type TempDir } from '../bigquery/support.js';
import { dq } from '../e2e/cli.js';
import { startBigQueryServer, type BigQueryTestServer } from '../support/bigquery-server/index.js';

let server: BigQueryTestServer;
const TARGET = { name: 'prod', engine: 'bigquery', options: { project: 'test-project', location: 'US' } } as const;
const temps: TempDir[] = [];

beforeAll(async () => {
  server = await startBigQueryServer({ maxWaitMs: 100 });
  // 10 orders a day on 2026-01-01..10, except 2 on 2026-01-05.
  await server.exec(`
    CREATE SCHEMA shop;
    CREATE TABLE shop.orders AS
    SELECT i AS id, DATE '2026-01-01' + CAST(((i - 1) // 10) AS INTEGER) AS order_date
    FROM range(1, 101) t(i) WHERE NOT (((i - 1) // 10) = 4 AND (i - 1) % 10 >= 2);
  `);
});
afterAll(async () => {
  await server.close();
  for (const t of temps) t.cleanup();
});
beforeEach(() => server.reset());

const CHECK = 'table: shop.orders\npartition: order_date\nchecks:\n  - row_count: { min: 5 }\n    group_by: order_date\n';
const RUN = ['run', '--as-of', '2026-01-10', '--format', 'json', '-q'];

let datasets = 0;
function project(history: string, checks = CHECK): { cwd: string; dataset: string } {
  const dataset = `dq_results_cli_${++datasets}`;
  const t = tempDir();
  temps.push(t);
  writeProjectFiles(t.dir, {
    'checks.config.yaml': bigQueryProdConfig('', `history: { target: prod, dataset: ${dataset}${history} }\n`),
    'checks/orders.yaml': checks,
  });
  return { cwd: t.dir, dataset };
}

const dqOn = (cwd: string, args: string[]) => dq(cwd, args, { [API_ENDPOINT_ENV]: server.url });
const latestReport = (cwd: string) => JSON.parse(readFileSync(path.join(cwd, 'reports', 'latest', 'report.json'), 'utf8')) as RunReport;

describe('the BigQuery history store through dq', () => {
  it('records runs in the dataset; dq diff --target prod shows the repaired date fixed; dq history --target prod the series', async () => {
    const { cwd, dataset } = project('');
    expect((await dqOn(cwd, RUN)).code).toBe(1);
    expect(server.requestsOf('tables.insert')).toHaveLength(3);
    expect(server.requestsOf('jobs.upload')).toHaveLength(3);
    // Rows are in the dataset's tables, where BigQuery queries read them.
    const stored = await server.exec(`SELECT count(*) FROM ${dataset}.partition_results`);
    expect(Number(stored.rows[0]![0])).toBe(10);

    await server.exec(`INSERT INTO shop.orders SELECT 1000 + i, DATE '2026-01-05' FROM range(0, 8) t(i)`);
    try {
      const first = latestReport(cwd).run_id;
      expect((await dqOn(cwd, [...RUN.slice(0, 3), '--format', 'html,json', '-q'])).code).toBe(0);
      // report.html's trends were read from the dataset: the first run beside this one.
      const html = readFileSync(path.join(cwd, 'reports', 'latest', 'report.html'), 'utf8');
      const trend = [...html.matchAll(/<circle class="run[^"]*" data-run-id="([^"]+)"/g)].map((m) => m[1]);
      expect(trend).toEqual([first, latestReport(cwd).run_id]);
      const diff = await dqOn(cwd, ['diff', '--target', 'prod', '--format', 'json']);
      expect(diff.code).toBe(0);
      const parsed = JSON.parse(diff.stdout);
      const fixed = parsed.partitions.filter((p: any) => p.change === 'fixed').map((p: any) => JSON.parse(p.key).order_date);
      expect(fixed).toEqual(['2026-01-05']);
      expect(parsed.partitions.filter((p: any) => p.change !== 'fixed')).toEqual([]);

      const history = await dqOn(cwd, ['history', latestReport(cwd).checks[0]!.id, '--target', 'prod', '--format', 'json']);
      expect(history.code).toBe(0);
      const series = JSON.parse(history.stdout);
      expect(series.points.map((p: any) => p.status)).toEqual(['fail', 'pass']);
      const day5 = series.partitions.find((p: any) => JSON.parse(p.key).order_date === '2026-01-05');
      expect(day5.values).toEqual([2, 10]);
    } finally {
      await server.exec(`DELETE FROM shop.orders WHERE id >= 1000`);
    }
  });

  it('history keep_days reaches the dataset: dq run creates the tables with its partition expiration', async () => {
    const { cwd } = project(', keep_days: 30');
    expect((await dqOn(cwd, RUN)).code).toBe(1);
    const day = 86_400_000;
    const sent = Object.fromEntries(server.requestsOf('tables.insert').map((r) => [(r.body as any).tableReference.tableId, (r.body as any).timePartitioning.expirationMs]));
    expect(sent).toEqual({ runs: String(31 * day), check_results: String(32 * day), partition_results: String(32 * day) });
    expect(latestReport(cwd).history_warning).toBeUndefined();
  });

  it('a load job that fails is a warning on stderr and in report.json; the verdict stays the checks\' own', async () => {
    const { cwd, dataset } = project('');
    server.faults.failJobs({ reason: 'accessDenied', message: 'Access Denied: Table dq_results: permission bigquery.tables.updateData denied', match: (sql) => sql.startsWith('LOAD ') && sql.endsWith('.partition_results') });
    const result = await dqOn(cwd, RUN);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/warning: the run was not recorded in the history store: .*Access Denied/);
    expect(latestReport(cwd).history_warning).toMatch(/Access Denied/);
    // No run is listed: the runs row is loaded last, after the partitions whose load failed.
    const store = await BigQueryHistoryStore.open({ target: TARGET, dataset }, { create: false }, { [API_ENDPOINT_ENV]: server.url });
    try {
      expect(await store.runs()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('with required: true a load that fails makes the run exit 2', async () => {
    const { cwd } = project(', required: true');
    server.faults.fail({ status: 503, kind: 'jobs.upload' });
    const result = await dqOn(cwd, RUN);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/could not write the history store/);
    expect(latestReport(cwd).exit_code).toBe(2);
  });

  it('a load job answered without its job reference is a warning, not a crash', async () => {
    const { cwd } = project('');
    server.faults.replaceBodies({ kind: 'jobs.upload', body: '{}' });
    const result = await dqOn(cwd, RUN);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/warning: the run was not recorded in the history store: .*load job/);
  });

  it('a load job that reports fewer rows appended than sent is a failed recording (required: exit 2)', async () => {
    const { cwd } = project(', required: true');
    server.faults.editResponses({
      kind: 'jobs.get',
      match: (r) => server.loadJob(r.jobId!) !== undefined,
      edit: (body) => (body.statistics.load.outputRows = '1'),
    });
    const result = await dqOn(cwd, RUN);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/reports "1" rows appended, not the 10 sent/);
  });

  it('an incomplete answer while reading the store is an error (exit 2), never a diff of what arrived', async () => {
    const { cwd } = project('');
    expect((await dqOn(cwd, RUN)).code).toBe(1);
    expect((await dqOn(cwd, RUN)).code).toBe(1);
    server.faults.editResponses({
      kind: 'jobs.getQueryResults',
      match: (r) => server.job(r.jobId!)?.sql.includes('partition_results') === true,
      edit: (body) => (body.rows = body.rows?.slice(1)),
    });
    const diff = await dqOn(cwd, ['diff', '--target', 'prod']);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toMatch(/incomplete answer/);
  });

  it('history.target must name a bigquery target and come with a dataset (exit 3, nothing run)', async () => {
    for (const [history, message] of [
      ['history: { target: nope, dataset: dq_results }', /history.target: "nope" is not a defined target/],
      ['history: { dataset: dq_results }', /target/],
    ] as const) {
      const t = tempDir();
      temps.push(t);
      writeProjectFiles(t.dir, { 'checks.config.yaml': bigQueryProdConfig('', `${history}\n`), 'checks/orders.yaml': CHECK });
      const result = await dqOn(t.dir, RUN);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(message);
    }
    expect(server.requestsOf('jobs.insert')).toEqual([]);
    const t = tempDir();
    temps.push(t);
    writeProjectFiles(t.dir, { 'checks.config.yaml': bigQueryProdConfig(), 'checks/orders.yaml': CHECK });
    const diff = await dqOn(t.dir, ['diff', '--target', 'prod']);
    expect(diff.code).toBe(3);
    expect(diff.stderr).toMatch(/no history dataset is configured/);
  });
});

describe('change: and anomaly: on the BigQuery history store', () => {
  it('a run with eight change: checks reads their history in two queries, and compares each with its own previous run', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `rows_${i}`);
    const checks = `table: shop.orders\nchecks:\n${names.map((n, i) => `  - name: ${n}\n    row_count: { min: 1 }\n    where: "id > ${10 * i}"\n    change: { vs: previous, max_drop: 50% }\n`).join('')}`;
    const { cwd } = project('', checks);
    expect((await dqOn(cwd, RUN)).code).toBe(0); // no earlier run: every check warns, nothing fails
    const first = latestReport(cwd);
    const before = server.jobs().length;
    expect((await dqOn(cwd, RUN)).code).toBe(0);
    const labels = server.jobs().slice(before).map((j) => (j.configuration.labels as Record<string, string>).dqgate_query);
    expect(labels.filter((l) => l?.startsWith('history_'))).toEqual(['history_listed', 'history_metrics']);
    // Each check against its own value in the first run, recomputed: check i counts the orders with
    // id > 10 i, of ids 1..100 less 43..50 (2026-01-05 has 2 of its 10).
    const report = latestReport(cwd);
    expect(report.checks.map((c) => [c.id, c.history?.change?.runs, c.history?.change?.baseline])).toEqual(
      names.map((n, i) => [`orders.${n}`, [first.run_id], 92 - 10 * i + (i >= 5 ? 8 : 0)]),
    );
  });
});
