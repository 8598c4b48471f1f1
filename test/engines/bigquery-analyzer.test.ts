// The test server's analyzer check (test/support/bigquery-server/analyzer.ts): every statement is
// analyzed as BigQuery would before the translator and DuckDB see it, and a rejection is answered
// as BigQuery answers an invalid query. Needs the analyzer (npm ci --prefix test/support/analyzer).
import type { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';
import { startBigQueryServer, testClient, type BigQueryTestServer } from '../support/bigquery-server/index.js';

let server: BigQueryTestServer;
let bq: BigQuery;

describe.skipIf(skipWithoutAnalyzer('the test server analyzer tests'))('the test server analyzes every statement', () => {
  beforeAll(async () => {
    server = await startBigQueryServer({ maxWaitMs: 200 });
    bq = testClient(server.url);
    await server.exec(`
      CREATE SCHEMA shop;
      CREATE TABLE shop.orders (id BIGINT, customer VARCHAR, amount DECIMAL(38,9), order_date DATE, created_at TIMESTAMPTZ, tags VARCHAR[]);
      INSERT INTO shop.orders VALUES (1, 'ann', 10.5, DATE '2024-01-01', TIMESTAMPTZ '2024-01-01 08:00:00+00', ['a']);
    `);
  });

  afterAll(async () => {
    await server?.close();
  });

  beforeEach(() => server.reset());

  /** The REST error of a dry run (jobs.insert with dryRun), or undefined when it is accepted. */
  async function dryRunError(query: string, extra: Record<string, unknown> = {}) {
    try {
      await bq.createQueryJob({ query, dryRun: true, ...extra });
      return undefined;
    } catch (e) {
      const error = e as { code: number; errors: { reason: string; message: string }[] };
      return { code: error.code, reason: error.errors[0]!.reason, message: error.errors[0]!.message };
    }
  }

  it('answers a dry run the analyzer rejects with 400 invalidQuery and its message, where DuckDB would run it', async () => {
    // DuckDB counts an integer as a condition; BigQuery's COUNTIF takes only BOOL.
    expect(await dryRunError('SELECT COUNTIF(id) FROM `test-project.shop.orders`')).toEqual({
      code: 400,
      reason: 'invalidQuery',
      message: 'No matching signature for aggregate function COUNTIF for argument types: INT64. Supported signature: COUNTIF(BOOL) at [1:8]',
    });
  });

  it('fails a job the analyzer rejects with errorResult invalidQuery and runs nothing', async () => {
    // DuckDB's cast syntax: the translator would pass it through and DuckDB would run it.
    await expect(bq.createQueryJob({ query: 'SELECT id::VARCHAR FROM shop.orders' })).rejects.toThrow(/^Syntax error: .* at \[1:10\]$/);
    const [job] = server.jobs();
    expect(job).toMatchObject({ state: 'DONE', errorResult: { reason: 'invalidQuery' } });
    expect(job!.result).toBeUndefined();
  });

  it('types named parameters as declared: a DATE parameter against a TIMESTAMP column is rejected', async () => {
    const error = await dryRunError('SELECT COUNT(*) FROM `test-project`.`shop`.`orders` WHERE created_at >= @as_of', {
      params: { as_of: bq.date('2024-01-01') },
      types: { as_of: 'DATE' },
    });
    expect(error).toMatchObject({ code: 400, reason: 'invalidQuery', message: expect.stringContaining('No matching signature for operator >= for argument types: TIMESTAMP, DATE') });
    // The same comparison with a STRING parameter is fine (BigQuery coerces a STRING to TIMESTAMP)
    expect(
      await dryRunError('SELECT COUNT(*) FROM `test-project`.`shop`.`orders` WHERE created_at >= @as_of', {
        params: { as_of: '2024-01-01' },
        types: { as_of: 'STRING' },
      }),
    ).toBeUndefined();
  });

  it('types positional parameters as declared', async () => {
    const sql = 'SELECT COUNT(*) FROM shop.orders WHERE order_date >= ? AND customer = ?';
    expect(await dryRunError(sql, { params: [bq.date('2024-01-01'), 'ann'], types: ['DATE', 'STRING'] })).toBeUndefined();
    expect(await dryRunError(sql, { params: [bq.date('2024-01-01'), 1], types: ['DATE', 'INT64'] })).toMatchObject({
      reason: 'invalidQuery',
      message: expect.stringContaining('No matching signature for operator = for argument types: STRING, INT64'),
    });
  });

  it('knows BigQuery column types: no STRING/INT64 comparison, NUMERIC and ARRAY columns as such', async () => {
    expect(await dryRunError("SELECT * FROM shop.orders WHERE id IN ('1', '2')")).toMatchObject({
      reason: 'invalidQuery',
      message: expect.stringContaining('INT64'),
    });
    expect(await dryRunError('SELECT SUM(amount), ARRAY_LENGTH(tags) FROM shop.orders GROUP BY 2')).toBeUndefined();
  });

  it('serves each dataset INFORMATION_SCHEMA.COLUMNS with BigQuery columns', async () => {
    expect(await dryRunError('SELECT column_name, data_type, ordinal_position + 1 FROM `test-project`.shop.INFORMATION_SCHEMA.COLUMNS')).toBeUndefined();
    expect(await dryRunError('SELECT no_such_column FROM shop.INFORMATION_SCHEMA.COLUMNS')).toMatchObject({
      reason: 'invalidQuery',
      message: expect.stringContaining('Unrecognized name: no_such_column'),
    });
  });

  it('accepts BigQuery features the compiler uses: QUALIFY, analytic functions, STRUCT, UNNEST', async () => {
    const sql =
      'SELECT id, PERCENTILE_CONT(amount, 0.5) OVER () AS median, TO_JSON_STRING(STRUCT(id AS id)) AS k, ' +
      'SAFE_DIVIDE(COUNTIF(id > 0) OVER (), 2) AS share FROM shop.orders, UNNEST(tags) AS tag ' +
      'WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY customer ORDER BY id) = 1';
    expect(await dryRunError(sql)).toBeUndefined();
  });

  it('rejects functions BigQuery does not have, and GROUP BY a FLOAT64', async () => {
    expect(await dryRunError('SELECT list_value(1, 2)')).toMatchObject({ reason: 'invalidQuery', message: expect.stringContaining('Function not found: list_value') });
    expect(await dryRunError('SELECT CAST(id AS FLOAT64) AS f FROM shop.orders GROUP BY f')).toMatchObject({
      reason: 'invalidQuery',
      message: expect.stringContaining('FLOAT64'),
    });
  });

  it('answers a missing table as BigQuery does: 404 notFound naming project:dataset.table', async () => {
    expect(await dryRunError('SELECT 1 FROM `other-project.shop.nope`', { location: 'EU' })).toEqual({
      code: 404,
      reason: 'notFound',
      message: 'Not found: Table other-project:shop.nope was not found in location EU',
    });
  });

  it('sees tables created after the server started', async () => {
    expect(await dryRunError('SELECT x FROM shop.later')).toMatchObject({ reason: 'notFound' });
    await server.exec('CREATE TABLE shop.later (x BIGINT)');
    expect(await dryRunError('SELECT x FROM shop.later')).toBeUndefined();
  });

  it('sees a table a job created: the statement after it is judged against the new table', async () => {
    // The server lists the served columns again only after a statement that may change them.
    expect(await dryRunError('SELECT y FROM shop.made_by_job')).toMatchObject({ reason: 'notFound' });
    const [job] = await bq.createQueryJob({ query: 'CREATE TABLE shop.made_by_job (y INT64)' });
    await job.getQueryResults();
    expect(server.jobs().at(-1)?.statementType).toBe('CREATE_TABLE');
    expect(await dryRunError('SELECT y FROM shop.made_by_job')).toBeUndefined();
  });

  it('sees a table whose columns changed: a statement accepted before is judged again against the new types', async () => {
    // The server remembers verdicts; a changed column must not get the old one.
    await server.exec('CREATE TABLE shop.changing (x BIGINT)');
    const query = 'SELECT COUNTIF(x) FROM shop.changing';
    expect(await dryRunError(query)).toMatchObject({ reason: 'invalidQuery' });
    await server.exec('ALTER TABLE shop.changing ALTER x TYPE BOOLEAN');
    expect(await dryRunError(query)).toBeUndefined();
    await server.exec('ALTER TABLE shop.changing RENAME x TO y');
    expect(await dryRunError(query)).toMatchObject({ reason: 'invalidQuery', message: expect.stringMatching(/^Unrecognized name: x/) });
  });
});
