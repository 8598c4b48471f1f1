// Issue 13: every `dq run` is recorded in .dq/history.duckdb (passing partitions too), without
// ever changing the gate's verdict; `dq history` and `dq diff` read it back.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDbHistoryStore, SCHEMA_VERSION } from '../../src/history/duckdb-store.js';
import { historyFile } from '../../src/history/store.js';
import type { RunReport } from '../../src/run/report.js';
import { dq } from '../e2e/cli.js';
import { CONFIG, makeProject } from '../e2e/fixture.js';

// shop.orders has 10 rows a day on 2026-01-01..10, except 2 on 2026-01-05.
const GROUPED = 'table: shop.orders\npartition: created_at\nchecks:\n  - row_count: { min: 5 }\n    group_by: created_at\n';
const RUN = ['run', '--as-of', '2026-01-10', '--format', 'json', '-q'];

function latestReport(cwd: string): RunReport {
  return JSON.parse(readFileSync(path.join(cwd, 'reports', 'latest', 'report.json'), 'utf8')) as RunReport;
}

async function storedRuns(cwd: string) {
  const store = await DuckDbHistoryStore.open(historyFile(cwd), { create: false });
  try {
    const runs = await store.runs();
    return await Promise.all(runs.map(async (r) => (await store.read(r.run_id))!));
  } finally {
    store.close();
  }
}

describe('the history store', () => {
  it('records the run, its checks and every partition of a grouped check, passing ones too', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': GROUPED });
    const result = await dq(cwd, RUN);
    expect(result.code).toBe(1);
    const report = latestReport(cwd);
    // The report still lists only the failing partition.
    expect(report.checks[0]!.failing_groups.map((g) => g.key.created_at)).toEqual(['2026-01-05']);
    const [stored] = await storedRuns(cwd);
    expect(stored).toMatchObject({ run_id: report.run_id, exit_code: 1, suite: null, target: 'local', as_of: '2026-01-10' });
    const check = stored!.checks[0]!;
    expect(check).toMatchObject({ check_id: report.checks[0]!.id, status: 'fail', partitions_complete: true });
    expect(check.partitions).toHaveLength(10);
    const byDate = Object.fromEntries(check.partitions.map((p) => [JSON.parse(p.key).created_at as string, [p.status, p.value]]));
    expect(byDate['2026-01-05']).toEqual(['fail', 2]);
    expect(byDate['2026-01-01']).toEqual(['pass', 10]);
    expect(byDate['2026-01-10']).toEqual(['pass', 10]);
  });

  it('read(id, { partitions: false }) gives the same run and checks without their partitions', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': GROUPED });
    expect((await dq(cwd, RUN)).code).toBe(1);
    const store = await DuckDbHistoryStore.open(historyFile(cwd), { create: false });
    try {
      const [summary] = await store.runs();
      const whole = (await store.read(summary!.run_id))!;
      const light = (await store.read(summary!.run_id, { partitions: false }))!;
      expect(whole.checks[0]!.partitions).toHaveLength(10);
      expect(light).toEqual({ ...whole, checks: whole.checks.map((c) => ({ ...c, partitions: [] })) });
    } finally {
      store.close();
    }
  });

  it('a secret value returned as a group key is *** in the store too, as in the report', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': 'table: shop.orders\nchecks:\n  - row_count: { min: 5 }\n    group_by: status\n',
      'checks.config.yaml': CONFIG().replace("vars: { since: '2026-01-01', min_amount: 0 }", "vars:\n  api_key: { value: paid, secret: true }"),
    });
    expect((await dq(cwd, RUN)).code).toBe(1);
    const [stored] = await storedRuns(cwd);
    const keys = stored!.checks[0]!.partitions.map((p) => JSON.parse(p.key).status as string).sort();
    expect(keys).toEqual(['***', 'lost', 'new', 'shipped']);
  });

  it('a stored metric that is not a finite number reads back as an error, never as a value to compare with', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': GROUPED });
    expect((await dq(cwd, RUN)).code).toBe(1);
    const instance = await DuckDBInstance.create(historyFile(cwd));
    const connection = await instance.connect();
    await connection.run(`UPDATE check_results SET metric_value = 'NaN'::DOUBLE`);
    connection.closeSync();
    instance.closeSync();
    await expect(storedRuns(cwd)).rejects.toThrow(/metric_value is .* not a number/);
  });

  it('creates a versioned schema and refuses a store newer than this dq', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': GROUPED }, { warehouse: false });
    const file = historyFile(cwd);
    const store = await DuckDbHistoryStore.open(file, { create: true });
    store.close();
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    const version = (await connection.runAndReadAll('SELECT version FROM schema_version')).getRowObjectsJS();
    expect(version).toEqual([{ version: SCHEMA_VERSION }]);
    await connection.run(`UPDATE schema_version SET version = ${SCHEMA_VERSION + 1}`);
    connection.closeSync();
    instance.closeSync();
    await expect(DuckDbHistoryStore.open(file, { create: true })).rejects.toThrow(/newer than this dq reads/);
  });

  it('a store that cannot be written is a warning (stderr and report), never a change of verdict', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': GROUPED });
    writeFileSync(path.join(cwd, '.dq'), 'a file where the store folder should be');
    const result = await dq(cwd, RUN);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/warning: the run was not recorded in the history store/);
    const report = latestReport(cwd);
    expect(report.exit_code).toBe(1);
    expect(report.history_warning).toMatch(/not recorded in the history store/);
  });

  it('history: { required: true } makes a store that cannot be written exit 2, in report.json too', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': GROUPED,
      'checks.config.yaml': CONFIG() + 'history: { required: true }\n',
    });
    writeFileSync(path.join(cwd, '.dq'), 'a file where the store folder should be');
    const result = await dq(cwd, RUN);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/could not write the history store/);
    expect(latestReport(cwd).exit_code).toBe(2);
  });

  it('history: false and --no-history record nothing', async () => {
    const off = await makeProject({ 'checks/orders.yaml': GROUPED, 'checks.config.yaml': CONFIG() + 'history: false\n' });
    expect((await dq(off, RUN)).code).toBe(1);
    expect(existsSync(path.join(off, '.dq'))).toBe(false);
    const flag = await makeProject({ 'checks/orders.yaml': GROUPED });
    expect((await dq(flag, [...RUN, '--no-history'])).code).toBe(1);
    expect(existsSync(path.join(flag, '.dq'))).toBe(false);
    // And without either, the store is there.
    expect((await dq(flag, RUN)).code).toBe(1);
    expect(existsSync(historyFile(flag))).toBe(true);
  });
});

describe('dq history and dq diff read the store', () => {
  it('dq history CHECK gives the metric and each partition over the runs, oldest first', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': GROUPED });
    await dq(cwd, RUN);
    // The 2026-01-05 orders come back: 8 more rows that day.
    const instance = await DuckDBInstance.create(path.join(cwd, 'warehouse.duckdb'));
    const connection = await instance.connect();
    await connection.run(`INSERT INTO shop.orders SELECT id + 1000, order_no + 1000, customer_id, status, amount, email, created_at FROM shop.orders WHERE id <= 8`);
    await connection.run(`UPDATE shop.orders SET created_at = DATE '2026-01-05' WHERE id > 1000`);
    connection.closeSync();
    instance.closeSync();
    await dq(cwd, RUN);
    const id = latestReport(cwd).checks[0]!.id;
    const result = await dq(cwd, ['history', id, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const series = JSON.parse(result.stdout) as { points: { status: string }[]; partitions: { key: string; values: number[] }[] };
    expect(series.points.map((p) => p.status)).toEqual(['fail', 'pass']);
    expect(series.partitions.find((p) => p.key === '{"created_at":"2026-01-05"}')!.values).toEqual([2, 10]);
    expect(series.partitions.find((p) => p.key === '{"created_at":"2026-01-01"}')!.values).toEqual([10, 10]);
    const last = JSON.parse((await dq(cwd, ['history', id, '--last', '1', '--format', 'json'])).stdout) as { points: { status: string }[] };
    expect(last.points.map((p) => p.status)).toEqual(['pass']);
    const text = await dq(cwd, ['history', id]);
    expect(text.stdout).toContain('over 2 runs');

    const diff = await dq(cwd, ['diff', '--format', 'json']);
    expect(diff.code).toBe(0);
    const parsed = JSON.parse(diff.stdout) as { partitions: { change: string; key: string }[] };
    expect(parsed.partitions).toEqual([expect.objectContaining({ change: 'fixed', key: '{"created_at":"2026-01-05"}' })]);
    const markdown = await dq(cwd, ['diff', '--format', 'markdown']);
    expect(markdown.stdout).toContain('## fixed (failing → passing)\n\n- shop.orders 2026-01-05');
    // Newest first: the newer run as the earlier one reads as a regression.
    const [newer, older] = (await storedRuns(cwd)).map((r) => r.run_id);
    const reversed = await dq(cwd, ['diff', newer!, older!]);
    expect(reversed.code).toBe(1);
    expect(reversed.stdout).toContain('regressed (passing → failing): 1');
  });

  it('an unknown run id is a usage error (exit 3); so is a project without history', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': GROUPED });
    expect((await dq(cwd, ['diff'])).code).toBe(3);
    await dq(cwd, RUN);
    const [only] = (await storedRuns(cwd)).map((r) => r.run_id);
    const result = await dq(cwd, ['diff', 'no-such-run', only!]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('no run no-such-run');
    expect((await dq(cwd, ['diff'])).code).toBe(3);
  });

  it('a store file that cannot be read is dq failing (exit 2), not a usage error', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': GROUPED });
    await dq(cwd, RUN);
    writeFileSync(historyFile(cwd), 'not a DuckDB database, truncated or overwritten');
    for (const args of [['diff'], ['history', 'orders.row_count']]) {
      const result = await dq(cwd, args);
      expect(result.code, args.join(' ')).toBe(2);
    }
  });
});
