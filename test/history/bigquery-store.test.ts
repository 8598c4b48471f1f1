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

let server: BigQueryTestServer;
let env: NodeJS.ProcessEnv;
const target: TargetConfig = { name: 'prod', engine: 'bigquery', options: { project: 'test-project', location: 'US' } };

beforeAll(async () => {
  server = await startBigQueryServer({ maxWaitMs: 100 });
  env = { [API_ENDPOINT_ENV]: server.url };
});
afterAll(async () => server.close());
beforeEach(() => server.reset());

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

async function withStore<T>(dataset: string, create: boolean, work: (s: BigQueryHistoryStore) => Promise<T>): Promise<T> {
  const store = await BigQueryHistoryStore.open({ target, dataset }, { create }, env);
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

  it('lists runs newest first, by selection and by check, and reads only the run_date partition of a run', async () => {
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
