// The BigQuery engine through the real @google-cloud/bigquery client against the local test
// server (test/support/bigquery-server): no network, no credentials. (The client dq builds when
// given none, which leaves Google auth state in the process, is tested in bigquery-offline.test.ts.)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBigQueryEngine, type BigQueryEngineOptions } from '../../src/engines/bigquery.js';
import { QueryError, type Engine, type QueryRequest } from '../../src/engines/engine.js';
import { startBigQueryServer, testClient, type BigQueryTestServer, type RecordedRequest } from '../support/bigquery-server/index.js';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';

let server: BigQueryTestServer;

const ORDERS = '`test-project.shop.orders`';
const EVENTS = '`test-project`.`shop`.`events`';

beforeAll(async () => {
  server = await startBigQueryServer({ pageSize: 1000, maxWaitMs: 200 });
  await server.exec(`
    CREATE SCHEMA shop;
    CREATE TABLE shop.orders (id BIGINT, customer VARCHAR, amount DECIMAL(38,9), order_date DATE, paid BOOLEAN, created_at TIMESTAMPTZ);
    INSERT INTO shop.orders VALUES
      (1, 'ann',  10.50, DATE '2024-01-01', true,  TIMESTAMPTZ '2024-01-01 08:00:00+00'),
      (2, 'bob',  20.25, DATE '2024-01-02', false, TIMESTAMPTZ '2024-01-02 09:30:00.123456+00'),
      (3, 'cy',   NULL,  DATE '2024-01-03', true,  TIMESTAMPTZ '2024-01-03 10:00:00+00'),
      (4, 'dee',  40.00, DATE '2024-01-04', NULL,  NULL),
      (5, 'eve',  50.75, DATE '2024-01-05', true,  TIMESTAMPTZ '2024-01-05 12:00:00+00');
    CREATE TABLE shop.events AS SELECT range + 1 AS id, 'e' || (range + 1) AS label FROM range(2500);
  `);
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
});

interface Harness {
  engine: Engine;
  /** Backoff delays the engine asked for (the injected sleep returns at once). */
  sleeps: number[];
}

const engines: Engine[] = [];
afterAll(async () => {
  for (const e of engines) await e.close();
});

function harness(overrides: Partial<BigQueryEngineOptions> = {}): Harness {
  const sleeps: number[] = [];
  const engine = createBigQueryEngine({
    project: 'test-project',
    location: 'EU',
    maximumBytesBilled: 1_000_000_000,
    labels: { Team: 'Data Quality', 'cost-center': 'DQ/42' },
    jobTimeoutMs: 30_000,
    client: testClient(server.url),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  engines.push(engine);
  return { engine, sleeps };
}

function query(sql: string, extra: Partial<QueryRequest> = {}): QueryRequest {
  return { id: 'q1', sql, params: [], ...extra };
}

const inserts = (): RecordedRequest[] => server.requestsOf('jobs.insert');

async function rejection(promise: Promise<unknown>): Promise<QueryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QueryError);
  return error as QueryError;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('execute', () => {
  it('runs a SELECT and returns normalised rows and job stats', async () => {
    const { engine } = harness();
    const result = await engine.execute(
      query(`SELECT id, customer, paid FROM ${ORDERS} WHERE id <= 3 ORDER BY id`),
    );
    expect(result.rows).toEqual([
      { id: 1, customer: 'ann', paid: true },
      { id: 2, customer: 'bob', paid: false },
      { id: 3, customer: 'cy', paid: true },
    ]);
    const job = server.job(result.stats.jobId!);
    expect(job?.state).toBe('DONE');
    expect(job?.bytesProcessed).toBeGreaterThan(0);
    expect(result.stats.bytesProcessed).toBe(job?.bytesProcessed);
    expect(result.stats.bytesBilled).toBe(10 * 1024 * 1024);
    expect(result.stats.jobId).toMatch(/^dqgate_q1_[0-9a-f]{32}$/);
  });

  it('reads every page of a result larger than one page', async () => {
    const { engine } = harness();
    const result = await engine.execute(query(`SELECT id, label FROM ${EVENTS} ORDER BY id`));
    expect(result.rows).toHaveLength(2500);
    expect(result.rows.map((r) => r.id)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    expect(result.rows[2499]).toEqual({ id: 2500, label: 'e2500' });
    const pages = server.requestsOf('jobs.getQueryResults').filter((r) => r.status === 200);
    expect(pages.filter((r) => r.query.pageToken !== undefined)).toHaveLength(2);
  });

  it('keeps integers beyond 2^53 and exact decimals exact', async () => {
    const { engine } = harness();
    const result = await engine.execute(
      query(`SELECT
          9007199254740991 AS safe_int,
          9007199254740993 AS big_int,
          -9223372036854775808 AS min_int,
          CAST('9223372036854775807' AS INT64) AS max_int,
          NUMERIC '12345678901234567890.123456789' AS wide_numeric,
          NUMERIC '1.5' AS short_numeric,
          NUMERIC '0.1' AS tenth,
          BIGNUMERIC '0.123456789012345678' AS big_numeric,
          CAST(0.1 AS FLOAT64) AS float_tenth,
          (SELECT SUM(amount) FROM ${ORDERS}) AS total,
          (SELECT COUNT(*) FROM ${EVENTS}) AS event_count,
          DATE '2024-02-29' AS leap_day,
          TIMESTAMP '2024-01-02 09:30:00.123456+00' AS ts_micros,
          TIMESTAMP '2024-01-02 09:30:00+00' AS ts_whole,
          DATETIME '2024-01-02 09:30:00.5' AS civil,
          CAST(NULL AS INT64) AS nothing`),
    );
    expect(result.rows).toEqual([
      {
        safe_int: 9007199254740991,
        big_int: '9007199254740993',
        min_int: '-9223372036854775808',
        max_int: '9223372036854775807',
        wide_numeric: '12345678901234567890.123456789',
        short_numeric: 1.5,
        tenth: 0.1,
        big_numeric: '0.123456789012345678',
        float_tenth: 0.1,
        total: 121.5,
        event_count: 2500,
        leap_day: '2024-02-29',
        ts_micros: '2024-01-02T09:30:00.123456Z',
        ts_whole: '2024-01-02T09:30:00.000Z',
        civil: '2024-01-02T09:30:00.5',
        nothing: null,
      },
    ]);
  });

  it('sends DATE parameters typed DATE with their value, and they filter', async () => {
    const { engine } = harness();
    const result = await engine.execute(
      query(`SELECT COUNT(*) AS n, COUNTIF(customer = @who) AS named FROM ${ORDERS} WHERE order_date >= @since AND id < @limit`, {
        params: [
          { name: 'since', type: 'DATE', value: '2024-01-03' },
          { name: 'who', type: 'STRING', value: "dee's" },
          { name: 'limit', type: 'INT64', value: 5 },
        ],
      }),
    );
    expect(result.rows).toEqual([{ n: 2, named: 0 }]);
    const sent = (inserts()[0]!.body as any).configuration.query;
    expect(sent.parameterMode).toBe('named');
    expect(sent.queryParameters).toEqual(
      expect.arrayContaining([
        { name: 'since', parameterType: { type: 'DATE' }, parameterValue: { value: '2024-01-03' } },
        { name: 'who', parameterType: { type: 'STRING' }, parameterValue: { value: "dee's" } },
        { name: 'limit', parameterType: { type: 'INT64' }, parameterValue: { value: '5' } },
      ]),
    );
  });

  it('sends INT64, FLOAT64 and BOOL parameters exactly', async () => {
    const { engine } = harness();
    const result = await engine.execute(
      query('SELECT @big AS big, @ratio AS ratio, @flag AS flag', {
        params: [
          { name: 'big', type: 'INT64', value: '9007199254740993' },
          { name: 'ratio', type: 'FLOAT64', value: 0.25 },
          { name: 'flag', type: 'BOOL', value: false },
        ],
      }),
    );
    expect(result.rows).toEqual([{ big: '9007199254740993', ratio: 0.25, flag: false }]);
    const sent = (inserts()[0]!.body as any).configuration.query.queryParameters;
    expect(sent.find((p: any) => p.name === 'big').parameterValue.value).toBe('9007199254740993');
  });

  it('rejects a parameter that cannot be sent exactly, before any request', async () => {
    const { engine } = harness();
    const error = await rejection(
      engine.execute(query('SELECT @n AS n', { params: [{ name: 'n', type: 'INT64', value: 1.5 }] })),
    );
    expect(error.reason).toBe('invalidParameter');
    expect(server.requests).toHaveLength(0);
  });
});

describe('retries', () => {
  it.each([
    [500, undefined, 'backendError'],
    [503, undefined, 'backendError'],
    [429, undefined, 'rateLimitExceeded'],
    [408, undefined, 'timeout'],
    [403, 'rateLimitExceeded', 'rateLimitExceeded'],
  ])('retries jobs.insert after HTTP %s %s, then succeeds', async (status, reason, expectedReason) => {
    const { engine, sleeps } = harness();
    server.faults.failNext(2, status, { kind: 'jobs.insert', reason });
    const result = await engine.execute(query(`SELECT COUNT(*) AS n FROM ${ORDERS}`));
    expect(result.rows).toEqual([{ n: 5 }]);
    expect(inserts()).toHaveLength(3);
    expect(inserts().slice(0, 2).map((r) => [r.status, r.reason])).toEqual([
      [status, expectedReason],
      [status, expectedReason],
    ]);
    // Full jitter with random() = 0.5: half of 500 · 2^(n-1).
    expect(sleeps).toEqual([250, 500]);
  });

  it('retries a failed results page without re-running the job', async () => {
    const { engine, sleeps } = harness();
    server.faults.failNext(1, 503, { kind: 'jobs.getQueryResults' });
    const result = await engine.execute(query(`SELECT id FROM ${ORDERS} ORDER BY id`));
    expect(result.rows).toHaveLength(5);
    expect(inserts()).toHaveLength(1);
    expect(server.requestsOf('jobs.getQueryResults').length).toBeGreaterThanOrEqual(2);
    expect(sleeps).toHaveLength(1);
  });

  it('re-runs a job that failed with backendError as a new job', async () => {
    const { engine, sleeps } = harness();
    server.faults.failJobs({ reason: 'backendError' });
    const result = await engine.execute(query(`SELECT COUNT(*) AS n FROM ${ORDERS}`));
    expect(result.rows).toEqual([{ n: 5 }]);
    const ids = inserts().map((r) => r.jobId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(server.job(ids[0]!)?.errorResult?.reason).toBe('backendError');
    expect(result.stats.jobId).toBe(ids[1]);
    expect(sleeps).toHaveLength(1);
  });

  it('re-runs a job that failed with rateLimitExceeded', async () => {
    const { engine } = harness();
    server.faults.failJobs({ reason: 'rateLimitExceeded', times: 2 });
    const result = await engine.execute(query(`SELECT COUNT(*) AS n FROM ${ORDERS}`));
    expect(result.rows).toEqual([{ n: 5 }]);
    expect(inserts()).toHaveLength(3);
  });

  it('finds its job when a retried insert answers 409 (the first answer was lost)', async () => {
    const { engine } = harness();
    server.faults.fail({ status: 503, kind: 'jobs.insert', afterHandling: true });
    const result = await engine.execute(query(`SELECT COUNT(*) AS n FROM ${ORDERS}`));
    expect(result.rows).toEqual([{ n: 5 }]);
    const [first, second] = inserts();
    expect(first!.status).toBe(503);
    expect(second!.status).toBe(409);
    expect(second!.jobId).toBe(first!.jobId);
    expect(server.jobs().filter((j) => j.jobId === first!.jobId)).toHaveLength(1);
    expect(result.stats.jobId).toBe(first!.jobId);
  });

  it('gives up after maxAttempts with BigQuery’s message and reason, transient', async () => {
    const { engine, sleeps } = harness();
    server.faults.fail({ status: 503, kind: 'jobs.insert', times: Infinity });
    const error = await rejection(engine.execute(query(`SELECT 1 AS x`)));
    expect(error.message).toBe('The service is currently unavailable.');
    expect(error.reason).toBe('backendError');
    expect(error.transient).toBe(true);
    expect(inserts()).toHaveLength(5);
    expect(sleeps).toEqual([250, 500, 1000, 2000]);
  });

  it('honours retry.maxAttempts and caps the delay at maxDelayMs', async () => {
    const { engine, sleeps } = harness({ retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300 }, random: () => 0.999 });
    server.faults.fail({
      status: 403,
      reason: 'rateLimitExceeded',
      message: 'Exceeded rate limits: too many table update operations',
      kind: 'jobs.insert',
      times: Infinity,
    });
    const error = await rejection(engine.execute(query(`SELECT 1 AS x`)));
    expect(error).toMatchObject({ reason: 'rateLimitExceeded', transient: true, message: 'Exceeded rate limits: too many table update operations' });
    expect(inserts()).toHaveLength(4);
    expect(sleeps).toEqual([99, 199, 299]);
  });

  it('gives up on jobs that keep failing with backendError', async () => {
    const { engine } = harness({ retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 } });
    server.faults.failJobs({ reason: 'backendError', message: 'Backend error. Job aborted.', times: Infinity });
    const error = await rejection(engine.execute(query(`SELECT 1 AS x`)));
    expect(error).toMatchObject({ reason: 'backendError', transient: true, message: 'Backend error. Job aborted.' });
    expect(inserts()).toHaveLength(3);
  });

  it('fails at once on an invalid query', async () => {
    const { engine, sleeps } = harness();
    const error = await rejection(engine.execute(query(`SELECT no_such_column FROM ${ORDERS}`)));
    expect(error.reason).toBe('invalidQuery');
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(/no_such_column/);
    expect(inserts()).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
  });

  it('fails at once on a missing table with reason notFound', async () => {
    const { engine } = harness();
    const error = await rejection(engine.execute(query('SELECT * FROM `test-project.shop.nope`')));
    expect(error).toMatchObject({ reason: 'notFound', transient: false });
    expect(error.message).toBe('Not found: Table test-project:shop.nope was not found in location EU');
    expect(inserts()).toHaveLength(1);
  });

  it('fails at once on 403 accessDenied', async () => {
    const { engine, sleeps } = harness();
    server.faults.fail({ status: 403, reason: 'accessDenied', message: 'Access Denied: Project test-project', kind: 'jobs.insert', times: Infinity });
    const error = await rejection(engine.execute(query('SELECT 1 AS x')));
    expect(error).toMatchObject({ reason: 'accessDenied', transient: false, message: 'Access Denied: Project test-project' });
    expect(inserts()).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
  });

  it('fails at once when maximumBytesBilled is too low', async () => {
    const { engine } = harness({ maximumBytesBilled: 1000 });
    // (COUNT(*) would read no column: 0 bytes, nothing billed.)
    const error = await rejection(engine.execute(query(`SELECT SUM(id) AS n FROM ${ORDERS}`)));
    expect(error).toMatchObject({ reason: 'bytesBilledLimitExceeded', transient: false });
    expect(error.message).toBe('Query exceeded limit for bytes billed: 1000. 10485760 or higher required.');
    expect(inserts()).toHaveLength(1);
  });
});

describe('dry run', () => {
  it.skipIf(skipWithoutAnalyzer('the dry-run bytes test (the server bills the columns the analyzer lists)'))('returns bytes and statementType without running the query', async () => {
    const { engine } = harness();
    const jobsBefore = server.jobs().length;
    const result = await engine.dryRun!(query(`SELECT id FROM ${ORDERS} WHERE order_date >= @d`, { params: [{ name: 'd', type: 'DATE', value: '2024-01-01' }] }));
    // The columns used only: id and order_date, five 8-byte values each.
    expect(result).toEqual({ bytesProcessed: 80, statementType: 'SELECT' });
    expect(server.jobs()).toHaveLength(jobsBefore);
    expect((inserts()[0]!.body as any).configuration.dryRun).toBe(true);
  });

  it.each([
    [`DELETE FROM ${ORDERS} WHERE TRUE`, 'DELETE'],
    [`UPDATE ${ORDERS} SET paid = FALSE WHERE TRUE`, 'UPDATE'],
    [`INSERT INTO ${ORDERS} (id) VALUES (99)`, 'INSERT'],
    [`CREATE TABLE \`test-project.shop.copy\` AS SELECT * FROM ${ORDERS}`, 'CREATE_TABLE_AS_SELECT'],
    [`DROP TABLE ${ORDERS}`, 'DROP_TABLE'],
    [`DELETE FROM ${ORDERS} WHERE id = 1; SELECT 1`, 'SCRIPT'],
  ])('reports %s as %s and does not execute it', async (sql, statementType) => {
    const { engine } = harness();
    const result = await engine.dryRun!(query(sql));
    expect(result.statementType).toBe(statementType);
    const count = await server.exec('SELECT COUNT(*) AS n, COUNT(*) FILTER (WHERE paid = FALSE) AS unpaid FROM shop.orders');
    expect(count.rows[0]).toEqual([5n, 1n]);
    const copies = await server.exec(`SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'copy'`);
    expect(copies.rows[0]).toEqual([0n]);
  });

  it('reports an invalid query as invalidQuery', async () => {
    const { engine } = harness();
    const error = await rejection(engine.dryRun!(query(`SELECT nope FROM ${ORDERS}`)));
    expect(error).toMatchObject({ reason: 'invalidQuery', transient: false });
  });

  /** The next dry-run answer without the named statistics. */
  const withoutStatistics = (...fields: ('statementType' | 'totalBytesProcessed')[]) =>
    server.faults.editResponses({
      kind: 'jobs.insert',
      edit: (body) => {
        for (const field of fields) {
          delete body.statistics[field];
          delete body.statistics.query[field];
        }
      },
    });

  it('fails closed when the answer leaves out statementType (not a SELECT) or the bytes (unknown, not 0)', async () => {
    const { engine } = harness();
    const edited = withoutStatistics('statementType', 'totalBytesProcessed');
    expect(await engine.dryRun!(query(`SELECT id FROM ${ORDERS}`))).toEqual({ statementType: 'UNKNOWN' });
    expect(edited.hits).toBe(1);
    withoutStatistics('statementType');
    expect(await engine.dryRun!(query(`SELECT id FROM ${ORDERS}`))).toEqual({ statementType: 'UNKNOWN', bytesProcessed: expect.any(Number) });
  });

  it('refuses the query when the target has a budget and the dry run reports no bytes', async () => {
    const { engine } = harness({ requireByteEstimates: true });
    withoutStatistics('totalBytesProcessed');
    const error = await rejection(engine.dryRun!(query(`SELECT id FROM ${ORDERS}`, { id: 'q7' })));
    expect(error).toMatchObject({ reason: 'refused', transient: false });
    expect(error.message).toBe(
      "refused: BigQuery's dry run of q7 reported no byte estimate (totalBytesProcessed), so the target's budget cannot be enforced; the query was not run",
    );
    // With the bytes, the same engine answers as usual.
    expect(await engine.dryRun!(query(`SELECT id FROM ${ORDERS}`))).toEqual({ statementType: 'SELECT', bytesProcessed: expect.any(Number) });
  });

  it('retries a transient failure', async () => {
    const { engine, sleeps } = harness();
    server.faults.failNext(1, 429);
    const result = await engine.dryRun!(query(`SELECT 1 AS x`));
    expect(result.statementType).toBe('SELECT');
    expect(inserts()).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });
});

describe('job configuration', () => {
  it('puts labels, location, maximumBytesBilled and jobTimeoutMs on every job, retries and dry runs included', async () => {
    const { engine } = harness();
    server.faults.failNext(1, 500, { kind: 'jobs.insert' });
    await engine.execute(query(`SELECT COUNT(*) AS n FROM ${ORDERS}`, { id: 'Orders/Check #1' }));
    await engine.dryRun!(query(`SELECT COUNT(*) AS n FROM ${ORDERS}`, { id: 'q2' }));
    expect(inserts()).toHaveLength(3);
    for (const request of inserts()) {
      const body = request.body as any;
      expect(body.jobReference.location).toBe('EU');
      expect(body.jobReference.projectId).toBe('test-project');
      expect(body.configuration.labels).toEqual({
        dqgate_query: expect.stringMatching(/^(orders_check__1|q2)$/),
        team: 'data_quality',
        'cost-center': 'dq_42',
      });
      expect(body.configuration.query.maximumBytesBilled).toBe('1000000000');
      expect(body.configuration.jobTimeoutMs).toBe('30000');
      expect(body.configuration.query.useLegacySql).toBe(false);
    }
    for (const poll of server.requestsOf('jobs.getQueryResults')) expect(poll.query.location).toBe('EU');
    for (const get of server.requestsOf('jobs.get')) expect(get.query.location).toBe('EU');
  });

  it('polls while the job runs (jobComplete=false) and then returns its rows', async () => {
    const { engine } = harness();
    const slow = server.faults.delayJobs({ ms: 500, times: 1 });
    const result = await engine.execute(query(`SELECT COUNT(*) AS n FROM ${ORDERS}`));
    expect(result.rows).toEqual([{ n: 5 }]);
    expect(slow.hits).toBe(1);
    expect(server.requestsOf('jobs.getQueryResults').length).toBeGreaterThanOrEqual(2);
  });
});

describe('cancellation and timeouts', () => {
  it('cancels the job when it outlives jobTimeoutMs (client-side watchdog)', async () => {
    const { engine } = harness({ jobTimeoutMs: 300 });
    server.faults.hangJobs({ ignoreJobTimeout: true, times: 1 });
    const started = Date.now();
    const error = await rejection(engine.execute(query(`SELECT COUNT(*) AS n FROM ${ORDERS}`)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(error).toMatchObject({ reason: 'timeout', transient: false });
    const jobId = inserts()[0]!.jobId!;
    expect(server.cancelledJobIds()).toContain(jobId);
    expect(server.job(jobId)).toMatchObject({ cancelled: true, state: 'DONE' });
    expect(inserts()).toHaveLength(1);
  });

  it('reports a job BigQuery stopped for jobTimeoutMs as a timeout and cancels it', async () => {
    const { engine, sleeps } = harness();
    server.faults.failJobs({ reason: 'timeout', message: 'Job execution was cancelled: Job timed out after 30 sec' });
    const error = await rejection(engine.execute(query(`SELECT 1 AS x`)));
    expect(error).toMatchObject({ reason: 'timeout', transient: false, message: 'Job execution was cancelled: Job timed out after 30 sec' });
    expect(server.cancelledJobIds()).toEqual([inserts()[0]!.jobId]);
    expect(sleeps).toHaveLength(0);
  });

  it('cancels the running job when the signal aborts', async () => {
    const { engine } = harness();
    server.faults.hangJobs({ times: 1 });
    const controller = new AbortController();
    const pending = engine.execute(query(`SELECT COUNT(*) AS n FROM ${ORDERS}`, { signal: controller.signal }));
    await until(() => server.requestsOf('jobs.getQueryResults').length > 0);
    controller.abort();
    const error = await rejection(pending);
    expect(error.reason).toBe('cancelled');
    const jobId = inserts()[0]!.jobId!;
    expect(server.cancelledJobIds()).toEqual([jobId]);
    expect(server.job(jobId)).toMatchObject({ cancelled: true, errorResult: { reason: 'stopped' } });
  });

  it('does not start a job for an already aborted signal', async () => {
    const { engine } = harness();
    const error = await rejection(engine.execute(query('SELECT 1 AS x', { signal: AbortSignal.abort() })));
    expect(error.reason).toBe('cancelled');
    expect(server.requests).toHaveLength(0);
  });

  it('interrupts a backoff wait when the signal aborts', async () => {
    const controller = new AbortController();
    const { engine } = harness({
      sleep: () => new Promise(() => undefined), // never ends by itself
    });
    server.faults.failNext(1, 503, { kind: 'jobs.insert' });
    const pending = engine.execute(query('SELECT 1 AS x', { signal: controller.signal }));
    await until(() => inserts().length === 1 && inserts()[0]!.status === 503);
    controller.abort();
    expect((await rejection(pending)).reason).toBe('cancelled');
    expect(inserts()).toHaveLength(1);
  });

  it('close() cancels running jobs and refuses new queries', async () => {
    const { engine } = harness();
    server.faults.hangJobs({ times: 1 });
    const pending = engine.execute(query(`SELECT COUNT(*) AS n FROM ${ORDERS}`));
    await until(() => server.requestsOf('jobs.getQueryResults').length > 0);
    await engine.close();
    expect((await rejection(pending)).reason).toBe('cancelled');
    expect(server.cancelledJobIds()).toEqual([inserts()[0]!.jobId]);
    expect((await rejection(engine.execute(query('SELECT 1 AS x')))).reason).toBe('closed');
  });
});

describe('complete answers', () => {
  const results = (edit: (body: any) => void) =>
    server.faults.editResponses({ kind: 'jobs.getQueryResults', times: Infinity, edit: (body) => body.jobComplete === true && edit(body) });

  it('accepts an empty result without rows when totalRows is "0"', async () => {
    const { engine } = harness();
    const result = await engine.execute(query(`SELECT id FROM ${ORDERS} WHERE id < 0`));
    expect(result.rows).toEqual([]);
  });

  it('refuses an answer without totalRows', async () => {
    const { engine } = harness();
    results((body) => delete body.totalRows);
    const error = await rejection(engine.execute(query(`SELECT id FROM ${ORDERS}`)));
    expect(error.reason).toBe('incompleteAnswer');
    expect(error.message).toMatch(/does not say how many rows it has \(totalRows\)/);
  });

  it('refuses more rows than totalRows (a duplicated row)', async () => {
    const { engine } = harness();
    results((body) => body.rows.push(body.rows[0]));
    const error = await rejection(engine.execute(query(`SELECT id FROM ${ORDERS}`)));
    expect(error.message).toMatch(/sent 6 rows, more than its totalRows 5/);
  });

  it('refuses fewer rows than totalRows on the last page', async () => {
    const { engine } = harness();
    results((body) => (body.totalRows = '6'));
    const error = await rejection(engine.execute(query(`SELECT id FROM ${ORDERS}`)));
    expect(error.message).toMatch(/sent 5 of its 6 rows and no page token for the rest/);
  });

  it('refuses pages that disagree on totalRows', async () => {
    const { engine } = harness();
    let page = 0;
    results((body) => {
      if (++page === 2) body.totalRows = '2501';
    });
    const error = await rejection(engine.execute(query(`SELECT id FROM ${EVENTS}`)));
    expect(error.message).toMatch(/disagree on totalRows \(2500, then 2501\)/);
  });

  it.each([
    ['an empty FLOAT', 'CAST(5 AS FLOAT64) AS n', ''],
    ['a list as a FLOAT', 'CAST(5 AS FLOAT64) AS n', []],
    ['a number that is not text', 'CAST(5 AS FLOAT64) AS n', 0],
    ['a word as an INT64', 'COUNT(*) AS n', 'zero'],
  ])('refuses %s cell (the client would read it as 0 or NaN)', async (_name, column, cell) => {
    const { engine } = harness();
    results((body) => (body.rows[0].f[0].v = cell));
    const error = await rejection(engine.execute(query(`SELECT ${column} FROM ${ORDERS}`)));
    expect(error.reason).toBe('incompleteAnswer');
    expect(error.message).toMatch(/row 0: n is .*, not (text|a (FLOAT|INTEGER))/);
  });

  it('refuses a row with more or fewer cells than the schema has fields', async () => {
    const { engine } = harness();
    results((body) => body.rows[0].f.pop());
    const error = await rejection(engine.execute(query(`SELECT id, customer FROM ${ORDERS}`)));
    expect(error.message).toMatch(/row 0 does not have the schema's 2 cells/);
  });

  it('refuses a non-JSON results body as an error of the query, not an exception in the client', async () => {
    const { engine } = harness();
    server.faults.replaceBodies({ kind: 'jobs.getQueryResults', times: Infinity, body: '{"kind": "bigquery#getQueryRes' });
    const error = await rejection(engine.execute(query(`SELECT id FROM ${ORDERS}`)));
    expect(error.message).toMatch(/^incomplete answer from BigQuery: GET \/queries\/\S+ was answered with a body that is not JSON/);
  });

  it('refuses a dry run whose insert answer has no job status', async () => {
    const { engine } = harness();
    server.faults.editResponses({ kind: 'jobs.insert', edit: (body) => delete body.status });
    const error = await rejection(engine.dryRun!(query(`SELECT id FROM ${ORDERS}`)));
    expect(error.message).toMatch(/POST \/jobs was answered without the job's status and jobReference/);
  });
});
