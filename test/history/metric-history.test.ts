// One read of the history store for all change:/anomaly: checks of a run (metricHistory): the same
// points as the old listing per check and read per run, on both stores; on BigQuery a fixed number
// of queries whatever the number of checks, the checks' rows from the listed runs' run_date
// partitions only, and an incomplete answer or a broken store an error, never fewer points.
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../src/config/types.js';
import { API_ENDPOINT_ENV } from '../../src/engines/open.js';
import { BigQueryHistoryStore } from '../../src/history/bigquery-store.js';
import { readCheckHistories, type HistoryScope } from '../../src/history/check-history.js';
import { DuckDbHistoryStore } from '../../src/history/duckdb-store.js';
import type { RunRecord } from '../../src/history/records.js';
import type { HistoryStore } from '../../src/history/store.js';
import { ANSWER_FAULTS } from '../support/bigquery-server/answer-faults.js';
import { startBigQueryServer, type BigQueryTestServer } from '../support/bigquery-server/index.js';
import { expectedHistories, historyCase, ownCase, perCheckHistories } from './random-histories.js';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';

async function seeded<T>(open: () => Promise<HistoryStore>, runs: readonly RunRecord[], work: (s: HistoryStore) => Promise<T>): Promise<T> {
  const store = await open();
  try {
    for (const run of runs) await store.append(run);
    return await work(store);
  } finally {
    store.close();
  }
}

describe('metricHistory on the embedded DuckDB store', () => {
  it('gives every check the points the per-check listing and reads gave, as the plain-TypeScript oracle says', async () => {
    // One store in memory for all cases (ownCase): the same tables and queries as a file.
    const store = await DuckDbHistoryStore.open(':memory:', { create: true });
    let cases = 0;
    try {
      await fc.assert(
        fc.asyncProperty(historyCase(8), async (drawn) => {
          const { runs, scope } = ownCase(++cases, drawn.runs, drawn.asked.scope);
          for (const run of runs) await store.append(run);
          const expected = expectedHistories(runs, drawn.asked.checks, scope);
          expect(await perCheckHistories(store, drawn.asked.checks, scope)).toEqual(expected);
          expect(await readCheckHistories(store, drawn.asked.checks, scope)).toEqual(expected);
        }),
        { numRuns: 60 },
      );
    } finally {
      store.close();
    }
  });
});

describe('metricHistory on the BigQuery store', () => {
  let server: BigQueryTestServer;
  let env: NodeJS.ProcessEnv;
  const target: TargetConfig = { name: 'prod', engine: 'bigquery', options: { project: 'test-project', location: 'US' } };
  let datasets = 0;
  const freshDataset = () => `dq_metric_history_${++datasets}`;
  const open = (dataset: string, create = true) => () => BigQueryHistoryStore.open({ target, dataset }, { create }, env);
  /** The history queries sent since `from` (the server keeps its jobs across tests), by their dqgate_query label. */
  const historyQueries = (from: number) =>
    server.jobs().slice(from).map((j) => (j.configuration.labels as Record<string, string>).dqgate_query).filter((l) => l?.startsWith('history_'));

  beforeAll(async () => {
    server = await startBigQueryServer({ maxWaitMs: 100 });
    env = { [API_ENDPOINT_ENV]: server.url };
  });
  afterAll(async () => server.close());
  beforeEach(() => server.reset());

  it('gives every check the points the plain-TypeScript oracle says', async () => {
    // The oracle is held to the per-check listing and reads on the embedded store above (60 cases);
    // here the store's answer is held to the oracle (the per-check reads cost ~30 jobs a case).
    // One store for all cases (ownCase).
    const store = await open(freshDataset())();
    let cases = 0;
    try {
      await fc.assert(
        fc.asyncProperty(historyCase(5), async (drawn) => {
          const { runs, scope } = ownCase(++cases, drawn.runs, drawn.asked.scope);
          for (const run of runs) await store.append(run);
          expect(await readCheckHistories(store, drawn.asked.checks, scope)).toEqual(expectedHistories(runs, drawn.asked.checks, scope));
        }),
        { numRuns: 12 },
      );
    } finally {
      store.close();
    }
  });

  /** Four runs on target prod, each holding these checks (value: the run's index). */
  const runsWith = (ids: string[], count = 4, options: { target?: string; day?: number } = {}): RunRecord[] =>
    Array.from({ length: count }, (_, i) => {
      const at = new Date(Date.UTC(2026, 0, (options.day ?? 10) + i, 8)).toISOString();
      return {
        run_id: `${options.target ?? 'prod'}-${options.day ?? 10}-${i}`, started_at: at, finished_at: at, suite: null, select: [], exclude: [],
        target: options.target ?? 'prod', engine: 'bigquery', as_of: at.slice(0, 10), from: null, to: null, exit_code: 0, status: 'pass', selection: '{}',
        checks: ids.map((id) => ({
          check_id: id, table: 'shop.orders', type: 'row_count', status: 'pass' as const, metric_name: 'rows', metric_value: i, metric_text: String(i),
          metric_unit: 'count', rows_evaluated: i, failing_group_count: 0, partition_unit: null, partitions_complete: false, partitions: [],
        })),
      };
    });
  const prod: HistoryScope = { target: 'prod', from: null, to: null };
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `shop.orders.check_${String(i).padStart(2, '0')}`);

  it('sends two queries for the history of 1 check or of 25, where the per-check reads sent one listing per check and two queries per run', async () => {
    const dataset = freshDataset();
    const runs = runsWith(ids(25));
    await seeded(open(dataset), runs, async () => undefined);
    for (const count of [1, 25]) {
      const checks = ids(count).map((id) => ({ id, depth: 14 }));
      const before = server.jobs().length;
      const histories = await seeded(open(dataset, false), [], (s) => readCheckHistories(s, checks, prod));
      expect(historyQueries(before)).toEqual(['history_listed', 'history_metrics']);
      expect(histories).toEqual(expectedHistories(runs, checks, prod));
    }
    const before = server.jobs().length;
    await seeded(open(dataset, false), [], (s) => perCheckHistories(s, ids(25).map((id) => ({ id, depth: 14 })), prod));
    expect(historyQueries(before)).toHaveLength(25 + 4 * 2);
  });

  it.skipIf(skipWithoutAnalyzer('the metricHistory partition-read test (the server prunes partitions by the analyzer)'))("reads the checks' rows from the listed runs' run_date partitions only: runs on other days do not make it read more", async () => {
    const dataset = freshDataset();
    const checks = ids(3).map((id) => ({ id, depth: 2 }));
    await seeded(open(dataset), runsWith(ids(3), 2), async () => undefined);
    const metricsBytes = async () => {
      const before = server.jobs().length;
      await seeded(open(dataset, false), [], (s) => readCheckHistories(s, checks, prod));
      return server.jobs().slice(before).find((j) => (j.configuration.labels as Record<string, string>).dqgate_query === 'history_metrics')!.bytesProcessed;
    };
    const bytes = await metricsBytes();
    expect(bytes).toBeGreaterThan(0);
    // Runs of the same checks on later days, on another target: not listed, their days not read.
    await seeded(open(dataset), runsWith(ids(3), 3, { target: 'staging', day: 20 }), async () => undefined);
    expect(await metricsBytes()).toBe(bytes);
  });

  it('an answer that arrives short, of the listing or of the metrics, is an error, never fewer points', async () => {
    const dataset = freshDataset();
    const checks = ids(3).map((id) => ({ id, depth: 14 }));
    await seeded(open(dataset), runsWith(ids(3)), async () => undefined);
    const read = () => seeded(open(dataset, false), [], (s) => readCheckHistories(s, checks, prod));

    const everyAnswer = ANSWER_FAULTS['last row dropped'](server.faults);
    await expect(read()).rejects.toThrow(/sent \d+ of its \d+ rows/);
    everyAnswer.remove();

    const labelOf = (jobId: string | undefined) => (server.jobs().find((j) => j.jobId === jobId)?.configuration.labels as Record<string, string> | undefined)?.dqgate_query;
    const metricsAnswer = server.faults.editResponses({
      kind: 'jobs.getQueryResults',
      times: Infinity,
      match: (r) => labelOf(r.jobId) === 'history_metrics',
      edit: (body) => {
        if (body.jobComplete === true && !body.pageToken) body.rows?.pop();
      },
    });
    await expect(read()).rejects.toThrow(/sent \d+ of its \d+ rows/);
    expect(metricsAnswer.hits).toBeGreaterThan(0);
    metricsAnswer.remove();
    expect(await read()).toEqual(expectedHistories(runsWith(ids(3)), checks, prod));
  });

  it("a run listed with a check whose row is not in the run's partition, a check row twice or a run twice: a broken store, an error", async () => {
    const checks = [{ id: ids(1)[0]!, depth: 14 }];
    const moved = freshDataset();
    await seeded(open(moved), runsWith(ids(1)), async () => undefined);
    await server.exec(`UPDATE ${moved}.check_results SET run_date = run_date + INTERVAL 1 DAY WHERE run_id = 'prod-10-1'`);
    const message = `run prod-10-1 is listed with ${checks[0]!.id} but reads back without it`;
    // The same as the per-check reads said.
    await expect(seeded(open(moved, false), [], (s) => perCheckHistories(s, checks, prod))).rejects.toThrow(message);
    await expect(seeded(open(moved, false), [], (s) => readCheckHistories(s, checks, prod))).rejects.toThrow(message);

    const doubled = freshDataset();
    await seeded(open(doubled), runsWith(ids(1)), async () => undefined);
    await server.exec(`INSERT INTO ${doubled}.check_results SELECT * FROM ${doubled}.check_results WHERE run_id = 'prod-10-2'`);
    await expect(seeded(open(doubled, false), [], (s) => readCheckHistories(s, checks, prod))).rejects.toThrow(`the history store holds 2 rows of ${checks[0]!.id} in run prod-10-2`);

    const twice = freshDataset();
    await seeded(open(twice), runsWith(ids(1)), async () => undefined);
    await server.exec(`INSERT INTO ${twice}.runs SELECT * FROM ${twice}.runs WHERE run_id = 'prod-10-3'`);
    await expect(seeded(open(twice, false), [], (s) => readCheckHistories(s, checks, prod))).rejects.toThrow(`the history store lists run prod-10-3 twice for ${checks[0]!.id}`);
  });
});
