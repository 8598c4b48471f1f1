// The local BigQuery test server itself: its translation table, its REST behaviour as the real
// client sees it, and its fault injection. The engine tests rely on all of this.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBigQueryServer, testClient, translate, type BigQueryTestServer } from '../support/bigquery-server/index.js';
import { statementTypeOf } from '../support/bigquery-server/translate.js';
import { tokenize } from '../support/bigquery-server/lexer.js';
import type { BigQuery } from '@google-cloud/bigquery';

let server: BigQueryTestServer;
let bq: BigQuery;

beforeAll(async () => {
  server = await startBigQueryServer({ pageSize: 3, maxWaitMs: 100 });
  bq = testClient(server.url);
  await server.exec(`
    CREATE SCHEMA ds;
    CREATE TABLE ds.t (id BIGINT, name VARCHAR, score DOUBLE, amount DECIMAL(38,9), day DATE, seen_at TIMESTAMPTZ, ok BOOLEAN);
    INSERT INTO ds.t VALUES
      (1, 'a1', 1.5, 1.25, DATE '2024-03-01', TIMESTAMPTZ '2024-03-01 00:00:00+00', true),
      (2, 'b2', 0.0, 2.50, DATE '2024-03-02', TIMESTAMPTZ '2024-03-02 12:00:00.5+00', false),
      (3, 'c',  NULL, NULL, DATE '2024-03-03', NULL, NULL),
      (4, 'd4', 4.0, 4.00, DATE '2024-03-04', TIMESTAMPTZ '2024-03-04 00:00:00+00', true),
      (5, 'e5', 5.0, 5.00, DATE '2024-03-05', TIMESTAMPTZ '2024-03-05 00:00:00+00', true);
  `);
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => server.reset());

/** Runs BigQuery SQL through the real client; returns raw REST rows' first page and all parsed rows. */
async function run(sql: string, extra: Record<string, unknown> = {}) {
  const [job] = await bq.createQueryJob({ query: sql, ...extra });
  const [rows] = await job.getQueryResults({ wrapIntegers: true });
  return { job, rows: rows as Record<string, any>[] };
}

async function one(sql: string, extra: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const { rows } = await run(sql, extra);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('translation table', () => {
  it('drops the project from backtick table names, in every spelling', () => {
    for (const name of ['`p-1.ds.t`', '`p-1`.`ds`.`t`', '`p-1`.ds.t', '`p-1.ds`.t', 'ds.t', '`ds.t`']) {
      const tr = translate(`SELECT * FROM ${name} AS x`);
      expect(tr.sql).toBe('SELECT * FROM "ds"."t" AS x');
      expect(tr.tables).toEqual([{ schema: 'ds', table: 't' }]);
    }
  });

  it('quotes backtick identifiers outside table position with double quotes', () => {
    expect(translate('SELECT `my col`, t.`x` FROM ds.t').sql).toBe('SELECT "my col", t."x" FROM "ds"."t"');
  });

  it.each([
    ['COUNTIF(x > 1)', 'COUNT(CASE WHEN x > 1 THEN 1 END)'],
    ['SAFE_DIVIDE(a, b)', '(CAST(a AS DOUBLE) / NULLIF(CAST(b AS DOUBLE), 0))'],
    ["REGEXP_CONTAINS(s, r'^\\d+$')", "regexp_matches(s, '^\\d+$')"],
    ['TO_JSON_STRING(STRUCT(a AS x, b AS y))', 'CAST(to_json(struct_pack("x" := a, "y" := b)) AS VARCHAR)'],
    ['CAST(x AS FLOAT64)', 'CAST(x AS DOUBLE)'],
    ['CAST(x AS STRING)', 'CAST(x AS VARCHAR)'],
    ['CAST(x AS INT64)', 'CAST(x AS BIGINT)'],
    ['SAFE_CAST(x AS NUMERIC)', 'TRY_CAST(x AS DECIMAL(38,9))'],
    ['DATE_SUB(d, INTERVAL 3 DAY)', 'CAST((d) - INTERVAL (3) DAY AS DATE)'],
    ['DATE_ADD(d, INTERVAL 1 MONTH)', 'CAST((d) + INTERVAL (1) MONTH AS DATE)'],
    ['DATE_DIFF(a, b, DAY)', "date_diff('day', b, a)"],
    ['TIMESTAMP_DIFF(a, b, SECOND)', "date_sub('second', b, a)"],
    ['CURRENT_TIMESTAMP()', 'CURRENT_TIMESTAMP'],
    ["'it\\'s'", "'it''s'"],
    ['"double"', "'double'"],
    ["'@not_a_param -- nor a comment'", "'@not_a_param -- nor a comment'"],
  ])('%s → %s', (bigquery, duckdb) => {
    expect(translate(`SELECT ${bigquery}`).sql).toBe(`SELECT ${duckdb}`);
  });

  it('inlines named parameters as typed literals, and a parameter without a value as NULL', () => {
    const tr = translate('SELECT @d, @n, @s, @missing', {
      parameterMode: 'named',
      queryParameters: [
        { name: 'd', parameterType: { type: 'DATE' }, parameterValue: { value: '2024-01-02' } },
        { name: 'n', parameterType: { type: 'INT64' }, parameterValue: { value: '9007199254740993' } },
        { name: 's', parameterType: { type: 'STRING' }, parameterValue: { value: "o'k" } },
        { name: 'missing', parameterType: { type: 'DATE' }, parameterValue: {} },
      ],
    });
    expect(tr.sql).toBe("SELECT DATE '2024-01-02', CAST('9007199254740993' AS BIGINT), 'o''k', CAST(NULL AS DATE)");
  });

  it.each([
    ['SELECT list_value(1, 2)', 'Function not supported by the test server: list_value at [7]'],
    ['SELECT PARSE_DATE(\'%Y\', s) FROM ds.t', 'Function not supported by the test server: PARSE_DATE at [7]'],
    ['SELECT SAFE.LOWER(s) FROM ds.t', 'Function not supported by the test server: SAFE.LOWER at [7]'],
    ['SELECT COUNT(*) FILTER (WHERE x) FROM ds.t', 'Function not supported by the test server: FILTER at [16]'],
    ['SELECT * FROM read_csv(\'x.csv\')', 'Function not supported by the test server: read_csv at [14]'],
    ['SELECT x::INT64 FROM ds.t', 'Syntax not supported by the test server: : at [8]'],
    ['SELECT 7 % 2', 'Syntax not supported by the test server: % at [9]'],
  ])('refuses %s instead of passing it through', (sql, message) => {
    expect(() => translate(sql)).toThrow(message);
  });

  it('passes through keywords before a parenthesis and the functions DuckDB has with the same meaning', () => {
    const sql = 'SELECT COALESCE(a, 0), ARRAY(SELECT 1) FROM ds.t WHERE a IN (1) AND NOT (b) AND EXISTS (SELECT 1)';
    expect(translate(sql).sql).toBe('SELECT COALESCE(a, 0), ARRAY(SELECT 1) FROM "ds"."t" WHERE a IN (1) AND NOT (b) AND EXISTS (SELECT 1)');
  });

  it('rejects an unknown parameter', () => {
    expect(() => translate('SELECT @nope')).toThrow(/Query parameter 'nope' not found/);
  });

  it.each([
    ['SELECT 1', 'SELECT'],
    ['WITH a AS (SELECT 1) SELECT * FROM a', 'SELECT'],
    ['(SELECT 1)', 'SELECT'],
    ['-- comment\nINSERT INTO ds.t (id) VALUES (1)', 'INSERT'],
    ['UPDATE ds.t SET id = 1 WHERE TRUE', 'UPDATE'],
    ['DELETE ds.t WHERE TRUE', 'DELETE'],
    ['MERGE ds.t USING ds.u ON FALSE WHEN NOT MATCHED THEN INSERT ROW', 'MERGE'],
    ['CREATE TABLE ds.x (a INT64)', 'CREATE_TABLE'],
    ['CREATE OR REPLACE TABLE ds.x AS SELECT 1 AS a', 'CREATE_TABLE_AS_SELECT'],
    ['CREATE VIEW ds.v AS SELECT 1 AS a', 'CREATE_VIEW'],
    ['DROP TABLE ds.x', 'DROP_TABLE'],
    ['TRUNCATE TABLE ds.x', 'TRUNCATE_TABLE'],
    ['ALTER TABLE ds.x ADD COLUMN b INT64', 'ALTER_TABLE'],
    ['DECLARE x INT64 DEFAULT 1; SELECT x', 'SCRIPT'],
    ['SELECT 1; SELECT 2;', 'SCRIPT'],
    ['SELECT 1;', 'SELECT'],
  ])('statementType of %j is %s', (sql, type) => {
    expect(statementTypeOf(tokenize(sql))).toBe(type);
  });
});

describe('translated queries on DuckDB, through the real client', () => {
  it('evaluates the check-compiler functions with BigQuery semantics', async () => {
    const row = await one(`
      SELECT
        COUNTIF(ok) AS ok_rows,
        COUNTIF(score IS NULL) AS null_scores,
        SAFE_DIVIDE(COUNTIF(ok), COUNT(*)) AS ok_share,
        SAFE_DIVIDE(1, 0) AS div_zero,
        COUNTIF(REGEXP_CONTAINS(name, r'\\d$')) AS ending_in_digit,
        CAST(COUNT(*) AS FLOAT64) AS n_float,
        CAST(MAX(id) AS STRING) AS max_id_text,
        DATE_SUB(MAX(day), INTERVAL 4 DAY) AS four_days_before,
        DATE_ADD(DATE '2024-01-31', INTERVAL 1 MONTH) AS month_later,
        DATE_DIFF(MAX(day), MIN(day), DAY) AS span_days
      FROM \`test-project.ds.t\``);
    expect(row.ok_rows.value).toBe('3');
    expect(row.null_scores.value).toBe('1');
    expect(row.ok_share).toBe(0.6);
    expect(row.div_zero).toBeNull();
    expect(row.ending_in_digit.value).toBe('4');
    expect(row.n_float).toBe(5);
    expect(row.max_id_text).toBe('5');
    expect(row.four_days_before.value).toBe('2024-03-01');
    expect(row.month_later.value).toBe('2024-02-29');
    expect(row.span_days.value).toBe('4');
  });

  it('builds JSON keys like TO_JSON_STRING(STRUCT(...))', async () => {
    const { rows } = await run(
      `SELECT TO_JSON_STRING(STRUCT(id AS id, name AS name)) AS k FROM \`test-project.ds.t\` WHERE id <= 2 ORDER BY id`,
    );
    expect(rows.map((r) => r.k)).toEqual(['{"id":1,"name":"a1"}', '{"id":2,"name":"b2"}']);
  });

  it('answers INFORMATION_SCHEMA.COLUMNS with BigQuery type names', async () => {
    const { rows } = await run(
      "SELECT column_name, data_type FROM `test-project`.`ds`.INFORMATION_SCHEMA.COLUMNS WHERE table_name = 't' ORDER BY ordinal_position",
    );
    expect(rows.map((r) => [r.column_name, r.data_type])).toEqual([
      ['id', 'INT64'],
      ['name', 'STRING'],
      ['score', 'FLOAT64'],
      ['amount', 'NUMERIC'],
      ['day', 'DATE'],
      ["seen_at", "TIMESTAMP"],
      ['ok', 'BOOL'],
    ]);
  });

  it('returns REST types and string values, TIMESTAMP as int64 micros when the client asks', async () => {
    const { job } = await run('SELECT id, name, score, amount, day, seen_at, ok FROM `test-project.ds.t` WHERE id = 2');
    const [, , response] = await job.getQueryResults({ autoPaginate: false, skipParsing: true } as never);
    const r = response as any;
    expect(r.schema.fields.map((f: any) => f.type)).toEqual(['INTEGER', 'STRING', 'FLOAT', 'NUMERIC', 'DATE', 'TIMESTAMP', 'BOOLEAN']);
    expect(r.rows[0].f.map((c: any) => c.v)).toEqual(['2', 'b2', '0', '2.5', '2024-03-02', '1709380800500000', 'false']);
    const poll = server.requestsOf('jobs.getQueryResults').at(-1)!;
    expect(poll.query['formatOptions.useInt64Timestamp']).toBe('true');
  });

  it('pages by pageToken and honours maxResults', async () => {
    const { job } = await run('SELECT id FROM `test-project.ds.t` ORDER BY id');
    const [first, next, response] = await job.getQueryResults({ autoPaginate: false, maxResults: 2 });
    expect(first).toHaveLength(2);
    expect((response as any).totalRows).toBe('5');
    expect(next?.pageToken).toBeTruthy();
    const [all] = await job.getQueryResults({ wrapIntegers: true });
    expect(all.map((r: any) => Number(r.id.value))).toEqual([1, 2, 3, 4, 5]);
    expect(server.requestsOf('jobs.getQueryResults').filter((r) => r.query.pageToken).length).toBeGreaterThanOrEqual(1);
  });

  it('reads NULL for a DATE parameter given as a plain string (the client drops the value)', async () => {
    const { rows } = await run('SELECT COUNT(*) AS n FROM `test-project.ds.t` WHERE day >= @d', {
      params: { d: '2024-03-03' },
      types: { d: 'DATE' },
    });
    const sent = (server.requestsOf('jobs.insert')[0]!.body as any).configuration.query.queryParameters[0];
    expect(sent).toEqual({ name: 'd', parameterType: { type: 'DATE' }, parameterValue: {} });
    expect(Number(rows[0]!.n)).toBe(0);
    // With the date helper the value arrives and filters.
    const fixed = await one('SELECT COUNT(*) AS n FROM `test-project.ds.t` WHERE day >= @d', {
      params: { d: bq.date('2024-03-03') },
      types: { d: 'DATE' },
    });
    expect(fixed.n.value).toBe('3');
  });

  it('serves jobs.query (the client’s fast path of query()) and pages on with getQueryResults', async () => {
    const [rows] = await bq.query({
      query: 'SELECT id, seen_at FROM `test-project.ds.t` WHERE day >= @d ORDER BY id',
      params: { d: bq.date('2024-03-01') },
      types: { d: 'DATE' },
      wrapIntegers: true,
    });
    expect(rows.map((r: any) => r.id.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(rows[1].seen_at.value).toBe('2024-03-02T12:00:00.500Z');
    expect(server.requestsOf('jobs.query')).toHaveLength(1);
    expect(server.requestsOf('jobs.insert')).toHaveLength(0);
    expect(server.requestsOf('jobs.getQueryResults').filter((r) => r.query.pageToken)).toHaveLength(1);
  });

  it('answers 404 for a job asked for in the wrong location', async () => {
    const { job } = await run('SELECT 1 AS x', { location: 'EU' });
    const wrong = bq.job(job.id!, { location: 'US' });
    await expect(wrong.getMetadata()).rejects.toMatchObject({ code: 404 });
    const [metadata] = await bq.job(job.id!, { location: 'EU' }).getMetadata();
    expect(metadata.status.state).toBe('DONE');
  });

  it('executes DML when it is not a dry run, and reports affected rows', async () => {
    await server.exec('CREATE TABLE ds.scratch (a BIGINT)');
    const [job] = await bq.createQueryJob({ query: 'INSERT INTO `test-project.ds.scratch` (a) VALUES (1), (2)' });
    const [, , response] = await job.getQueryResults({ autoPaginate: false });
    expect((response as any).numDmlAffectedRows).toBe('2');
    const [metadata] = await job.getMetadata();
    expect(metadata.statistics.query.statementType).toBe('INSERT');
    expect((await server.exec('SELECT COUNT(*) FROM ds.scratch')).rows[0]).toEqual([2n]);
  });
});

describe('faults', () => {
  it('fails the next N matching requests and counts hits', async () => {
    const fault = server.faults.failNext(2, 503, { kind: 'jobs.get' });
    const { job } = await run('SELECT 1 AS x');
    await expect(job.getMetadata()).rejects.toMatchObject({ code: 503 });
    await expect(job.getMetadata()).rejects.toMatchObject({ code: 503 });
    await expect(job.getMetadata()).resolves.toBeTruthy();
    expect(fault.hits).toBe(2);
    expect(server.requestsOf('jobs.get').map((r) => [r.status, r.injected])).toEqual([
      [503, true],
      [503, true],
      [200, undefined],
    ]);
  });

  it('answers 403 rateLimitExceeded with BigQuery’s error body', async () => {
    server.faults.fail({ status: 403, kind: 'jobs.insert' });
    const error = await bq.createQueryJob({ query: 'SELECT 1' }).then(
      () => undefined,
      (e) => e,
    );
    expect(error).toMatchObject({ code: 403, errors: [{ reason: 'rateLimitExceeded' }] });
  });

  it('keeps a slow job RUNNING (jobComplete=false) until its delay has passed', async () => {
    server.faults.delayJobs({ ms: 300, times: 1 });
    const [job] = await bq.createQueryJob({ query: 'SELECT 1 AS x' });
    const [, , first] = await job.getQueryResults({ autoPaginate: false });
    expect((first as any).jobComplete).toBe(false);
    await new Promise((r) => setTimeout(r, 350));
    const [rows, , done] = await job.getQueryResults({ autoPaginate: false });
    expect((done as any).jobComplete).toBe(true);
    expect(rows).toEqual([{ x: 1 }]);
  });

  it('stops a job at its jobTimeoutMs with reason timeout', async () => {
    server.faults.hangJobs({ times: 1 });
    const [job] = await bq.createQueryJob({ query: 'SELECT 1 AS x', jobTimeoutMs: 150 });
    await new Promise((r) => setTimeout(r, 250));
    const [metadata] = await job.getMetadata();
    expect(metadata.status.errorResult.reason).toBe('timeout');
    expect(server.job(job.id!)?.timedOut).toBe(true);
  });

  it('records cancel calls and stops the job', async () => {
    server.faults.hangJobs({ times: 1 });
    const [job] = await bq.createQueryJob({ query: 'SELECT 1 AS x' });
    await job.cancel();
    expect(server.cancelledJobIds()).toEqual([job.id]);
    const [metadata] = await job.getMetadata();
    expect(metadata.status.errorResult.reason).toBe('stopped');
  });
});
