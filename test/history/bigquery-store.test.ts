// Issue 13: the results store in a BigQuery dataset, through the real client against the local
// test server: tables created when missing, rows appended by load jobs (never DML, never
// streaming inserts), read back complete or not at all, one run_date partition per run read.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../src/config/types.js';
import { API_ENDPOINT_ENV, bigQueryEngineOptions } from '../../src/engines/open.js';
import { BIGQUERY_SCHEMA_VERSION } from '../../src/history/bigquery-schema.js';
import { BigQueryHistoryStore } from '../../src/history/bigquery-store.js';
import type { RunRecord } from '../../src/history/records.js';
import { startBigQueryServer, type BigQueryTestServer } from '../support/bigquery-server/index.js';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';

let server: BigQueryTestServer;
let env: NodeJS.ProcessEnv;
/** The server's clock (partition expiration); undefined: the real time. */
let serverNow: number | undefined;
const target: TargetConfig = { name: 'prod', engine: 'bigquery', options: { project: 'test-project', location: 'US' } };

beforeAll(async () => {
  server = await startBigQueryServer({ maxWaitMs: 100, now: () => serverNow ?? Date.now() });
  env = { [API_ENDPOINT_ENV]: server.url };
});
afterAll(async () => server.close());
beforeEach(() => {
  server.reset();
  serverNow = undefined;
});

let datasets = 0;
const freshDataset = () => `dq_results_${++datasets}`;

function run(id: string, startedAt: string, days: Record<string, number>): RunRecord {
  const partitions = Object.entries(days).map(([day, value]) => ({
    key: JSON.stringify({ created_at: day }),
    value,
    rows: value,
    status: value < 5 ? ('fail' as const) : ('pass' as const),
    reason: null,
  }));
  return {
    run_id: id, started_at: startedAt, finished_at: startedAt, suite: null, select: ['orders'], exclude: [], target: 'prod',
    engine: 'bigquery', as_of: startedAt.slice(0, 10), from: null, to: null, exit_code: 1, status: 'fail', selection: '{"sel":1}',
    checks: [
      {
        check_id: 'shop.orders.row_count', table: 'shop.orders', type: 'row_count', status: 'fail', metric_name: 'rows',
        metric_value: 92, metric_text: '92', metric_unit: 'count', rows_evaluated: 92,
        failing_group_count: partitions.filter((p) => p.status === 'fail').length, partition_unit: null, partitions_complete: true,
        partitions,
      },
    ],
  };
}

async function withStore<T>(dataset: string, create: boolean, work: (s: BigQueryHistoryStore) => Promise<T>, keepDays?: number): Promise<T> {
  const store = await BigQueryHistoryStore.open({ target, dataset }, { create, keepDays }, env);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

describe('the BigQuery history store', () => {
  it('creates the dataset and its tables, appends by load jobs and reads the run back whole', async () => {
    const dataset = freshDataset();
    const first = run('r1', '2026-01-10T08:00:00.000Z', { '2026-01-04': 10, '2026-01-05': 2 });
    await withStore(dataset, true, (s) => s.append(first));
    expect(server.requestsOf('datasets.insert')).toHaveLength(1);
    const created = server.requestsOf('tables.insert').map((r) => (r.body as any).tableReference.tableId).sort();
    expect(created).toEqual(['check_results', 'partition_results', 'runs']);
    for (const r of server.requestsOf('tables.insert')) {
      expect((r.body as any).timePartitioning).toEqual({ type: 'DAY', field: 'run_date' });
      expect((r.body as any).labels).toEqual({ dq_history_schema: String(BIGQUERY_SCHEMA_VERSION) });
    }
    // Three load jobs, appended; no query job wrote anything.
    const uploads = server.requestsOf('jobs.upload');
    expect(uploads).toHaveLength(3);
    expect(server.jobs().map((j) => j.statementType)).not.toContain('INSERT');
    const stored = await withStore(dataset, false, (s) => s.read('r1'));
    expect(stored).toEqual(first);
  });

  it.skipIf(skipWithoutAnalyzer('the history listing and partition-read test (the server prunes partitions by the analyzer)'))('lists runs newest first, by selection and by check, and reads only the run_date partition of a run', async () => {
    const dataset = freshDataset();
    await withStore(dataset, true, async (s) => {
      await s.append(run('r1', '2026-01-10T08:00:00.000Z', { '2026-01-05': 2 }));
      await s.append(run('r2', '2026-01-11T08:00:00.000Z', { '2026-01-05': 10 }));
    });
    server.reset();
    const readBytes = async () => {
      await withStore(dataset, false, (s) => s.read('r1'));
      return server.jobs().filter((j) => j.sql.includes('partition_results')).at(-1)!.bytesProcessed;
    };
    const before = await readBytes();
    expect(before).toBeGreaterThan(0);
    // A later day's rows do not make reading r1 read more.
    await withStore(dataset, true, (s) => s.append(run('r3', '2026-01-12T08:00:00.000Z', { '2026-01-05': 10, '2026-01-06': 10, '2026-01-07': 10 })));
    expect(await readBytes()).toBe(before);
    const listed = await withStore(dataset, false, (s) => s.runs({ checkId: 'shop.orders.row_count', limit: 2 }));
    expect(listed.map((r) => r.run_id)).toEqual(['r3', 'r2']);
    expect(await withStore(dataset, false, (s) => s.runs({ selection: 'other' }))).toEqual([]);
  });

  it('read(id, { partitions: false }) gives the same run without its partitions and queries no partition_results', async () => {
    const dataset = freshDataset();
    const first = run('r1', '2026-01-10T08:00:00.000Z', { '2026-01-04': 10, '2026-01-05': 2 });
    await withStore(dataset, true, (s) => s.append(first));
    const jobsBefore = server.jobs().length;
    const light = await withStore(dataset, false, (s) => s.read('r1', { partitions: false }));
    expect(light).toEqual({ ...first, checks: first.checks.map((c) => ({ ...c, partitions: [] })) });
    // The server keeps its jobs across tests: only this read's.
    expect(server.jobs().slice(jobsBefore).map((j) => (j.configuration.labels as Record<string, string>).dqgate_query)).toEqual(['history_run', 'history_checks']);
  });

  it("never writes to a table it did not create, and refuses a store of a newer schema version", async () => {
    const foreign = freshDataset();
    await server.exec(`CREATE SCHEMA ${foreign}; CREATE TABLE ${foreign}.runs (run_id VARCHAR)`);
    await expect(withStore(foreign, true, async () => undefined)).rejects.toThrow(/runs has no dq_history_schema label: it is not a table dq created/);
    expect(server.requestsOf('jobs.upload')).toEqual([]);
    expect(server.requestsOf('tables.insert').map((r) => (r.body as any).tableReference.tableId)).not.toContain('runs');

    const newer = freshDataset();
    await withStore(newer, true, async () => undefined);
    // The table as a newer dq would have created it.
    await server.exec(`DROP TABLE ${newer}.partition_results`);
    const { client } = await bigQueryEngineOptions(target, {}, env);
    await client!.dataset(newer).createTable('partition_results', {
      schema: { fields: [{ name: 'run_id', type: 'STRING' }, { name: 'run_date', type: 'DATE' }] },
      labels: { dq_history_schema: String(BIGQUERY_SCHEMA_VERSION + 1) },
    });
    await expect(withStore(newer, false, async () => undefined)).rejects.toThrow(`has history schema version ${BIGQUERY_SCHEMA_VERSION + 1}`);
  });
});

describe('keep_days on the BigQuery store: the partition expiration of its tables', () => {
  const DAY = 86_400_000;
  /** What the tables should expire after, recomputed here: runs a day after keep_days, the others a day later still. */
  const expected = (keepDays: number) => ({ runs: String((keepDays + 1) * DAY), check_results: String((keepDays + 2) * DAY), partition_results: String((keepDays + 2) * DAY) });
  const expirations = async (dataset: string) => {
    const { client } = await bigQueryEngineOptions(target, {}, env);
    const entries = await Promise.all(
      ['runs', 'check_results', 'partition_results'].map(async (name) => {
        const [metadata] = await client!.dataset(dataset).table(name).getMetadata();
        return [name, (metadata as { timePartitioning?: { expirationMs?: string } }).timePartitioning?.expirationMs ?? null] as const;
      }),
    );
    return Object.fromEntries(entries);
  };
  const patches = () =>
    Object.fromEntries(server.requestsOf('tables.patch').map((r) => [r.path.split('/').at(-1)!, (r.body as any).timePartitioning]));

  it('sets the expiration on the tables it creates', async () => {
    const dataset = freshDataset();
    await withStore(dataset, true, (s) => s.append(run('r1', '2026-01-10T08:00:00.000Z', {})), 30);
    const sent = Object.fromEntries(server.requestsOf('tables.insert').map((r) => [(r.body as any).tableReference.tableId, (r.body as any).timePartitioning]));
    for (const [name, ms] of Object.entries(expected(30))) expect(sent[name]).toEqual({ type: 'DAY', field: 'run_date', expirationMs: ms });
    expect(await expirations(dataset)).toEqual(expected(30));
    expect(server.requestsOf('tables.patch')).toEqual([]);
  });

  it('changes an existing expiration that differs through tables.patch, removes it without keep_days, and never by DML', async () => {
    const dataset = freshDataset();
    await withStore(dataset, true, async () => undefined); // created without keep_days
    expect(await expirations(dataset)).toEqual({ runs: null, check_results: null, partition_results: null });

    server.reset();
    await withStore(dataset, true, async () => undefined, 10);
    const field = { type: 'DAY', field: 'run_date' };
    expect(patches()).toEqual(Object.fromEntries(Object.entries(expected(10)).map(([name, ms]) => [name, { ...field, expirationMs: ms }])));
    expect(await expirations(dataset)).toEqual(expected(10));

    // The same keep_days again: nothing to change. Reading changes nothing either.
    server.reset();
    await withStore(dataset, true, async () => undefined, 10);
    await withStore(dataset, false, async () => undefined);
    expect(server.requestsOf('tables.patch')).toEqual([]);

    // keep_days removed from the config: the store keeps every run again.
    await withStore(dataset, true, async () => undefined);
    expect(patches()).toEqual({ runs: { ...field, expirationMs: null }, check_results: { ...field, expirationMs: null }, partition_results: { ...field, expirationMs: null } });
    expect(await expirations(dataset)).toEqual({ runs: null, check_results: null, partition_results: null });
    expect(server.jobs().filter((j) => /^\s*(DELETE|UPDATE|MERGE|INSERT|TRUNCATE)/i.test(j.sql))).toEqual([]);
  });

  it('a change of expiration that BigQuery does not answer with is an error, never taken as done', async () => {
    const dataset = freshDataset();
    await withStore(dataset, true, async () => undefined);
    server.faults.editResponses({ kind: 'tables.patch', edit: (body) => delete body.timePartitioning.expirationMs });
    await expect(withStore(dataset, true, async () => undefined, 30)).rejects.toThrow(/runs: BigQuery answered the change of its partition expiration with \{"type":"DAY","field":"run_date"\}/);
  });

  it('never patches a table it did not create', async () => {
    const foreign = freshDataset();
    await server.exec(`CREATE SCHEMA ${foreign}; CREATE TABLE ${foreign}.runs (run_id VARCHAR)`);
    await expect(withStore(foreign, true, async () => undefined, 30)).rejects.toThrow(/runs has no dq_history_schema label/);
    expect(server.requestsOf('tables.patch')).toEqual([]);
  });

  it('keeps every run at least keep_days days, and lists a run only while all its rows are there', async () => {
    const dataset = freshDataset();
    const keepDays = 3;
    const runs = [
      run('late', '2026-03-01T23:00:00.000Z', { '2026-02-28': 10 }),
      run('early', '2026-03-03T00:30:00.000Z', { '2026-02-28': 10, '2026-03-01': 2 }),
    ];
    serverNow = Date.parse('2026-03-03T01:00:00.000Z');
    await withStore(dataset, true, async (s) => {
      for (const r of runs) await s.append(r);
    }, keepDays);
    // Recomputed: BigQuery drops a run's runs row once its UTC day's start plus keep_days + 1 days has passed.
    const listedAt = (now: number) => runs.filter((r) => Date.parse(r.started_at.slice(0, 10)) + (keepDays + 1) * DAY > now).map((r) => r.run_id);
    const instants = [
      Date.parse('2026-03-01T23:00:00.000Z') + keepDays * DAY, // 'late' is exactly keep_days old: kept
      Date.parse('2026-03-05T00:00:00.000Z'), // 'late' expired, 'early' not
      Date.parse('2026-03-05T12:00:00.000Z'),
      Date.parse('2026-03-06T00:00:00.000Z'), // 'late''s checks and partitions gone too
      Date.parse('2026-03-07T00:00:00.000Z'), // 'early' expired
    ];
    const seen: string[][] = [];
    for (const now of instants) {
      serverNow = now;
      const listed = await withStore(dataset, false, (s) => s.runs());
      seen.push(listed.map((r) => r.run_id));
      // Every listed run reads back whole, as it was appended.
      for (const summary of listed) expect(await withStore(dataset, false, (s) => s.read(summary.run_id))).toEqual(runs.find((r) => r.run_id === summary.run_id));
    }
    expect(seen).toEqual(instants.map((now) => listedAt(now).reverse()));
    expect(seen).toEqual([['early', 'late'], ['early'], ['early'], ['early'], []]);
    // What is left: the rows of 'early', no longer listed, whose day expires a day after its runs row.
    const left = await server.exec(`SELECT DISTINCT run_id FROM ${dataset}.check_results UNION SELECT DISTINCT run_id FROM ${dataset}.partition_results`);
    expect(left.rows.map((r) => r[0])).toEqual(['early']);
  });
});
