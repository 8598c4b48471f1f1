// The test server bills as BigQuery does: the columns a statement uses, in the partitions its
// constant partition predicates leave, by BigQuery's logical sizes; and it refuses a query on a
// require_partition_filter table without such a predicate. Expected bytes are counted by hand
// from the fixture (INT64 / DATE 8 bytes, STRING 2 + UTF-8 bytes, BOOL 1, NULL 0).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBigQueryEngine } from '../../src/engines/bigquery.js';
import { QueryError, type Engine, type QueryParameter } from '../../src/engines/engine.js';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';
import { startBigQueryServer, testClient, type BigQueryTestServer } from '../support/bigquery-server/index.js';

let server: BigQueryTestServer;
let engine: Engine;

describe.skipIf(skipWithoutAnalyzer('the test server billing tests'))('test server bytes and partition pruning', () => {
  beforeAll(async () => {
    server = await startBigQueryServer();
    // sales: 4 daily partitions of 2 rows; id INT64 (8), note STRING ('ab' = 4 bytes, 'ü' = 4, NULL 0), ok BOOL (1).
    await server.exec(`
      CREATE SCHEMA shop;
      CREATE TABLE shop.sales (id BIGINT, day DATE, note VARCHAR, ok BOOLEAN);
      INSERT INTO shop.sales VALUES
        (1, DATE '2024-01-01', 'ab', true),  (2, DATE '2024-01-01', NULL, true),
        (3, DATE '2024-01-02', 'ab', false), (4, DATE '2024-01-02', 'ü', NULL),
        (5, DATE '2024-01-03', 'ab', true),  (6, DATE '2024-01-03', 'ab', true),
        (7, DATE '2024-01-04', 'ab', true),  (8, DATE '2024-01-04', 'ab', true);
      CREATE TABLE shop.strict AS SELECT * FROM shop.sales;
      CREATE TABLE shop.loads (id BIGINT, _PARTITIONTIME TIMESTAMPTZ);
      INSERT INTO shop.loads VALUES (1, TIMESTAMPTZ '2024-01-01 00:00:00+00'), (2, TIMESTAMPTZ '2024-01-02 00:00:00+00');
    `);
    server.partitionTable('shop.sales', { type: 'DAY', field: 'day' });
    server.partitionTable('shop.strict', { type: 'DAY', field: 'day', requirePartitionFilter: true });
    server.partitionTable('shop.loads', { type: 'DAY', requirePartitionFilter: true });
    engine = createBigQueryEngine({ project: 'test-project', location: 'US', client: testClient(server.url), sleep: async () => {} });
  });

  afterAll(async () => {
    await engine?.close();
    await server?.close();
  });

  const bytes = async (sql: string, params: QueryParameter[] = []) => (await engine.dryRun!({ id: 'q', sql, params })).bytesProcessed;
  const day = (name: string, value: string): QueryParameter => ({ name, type: 'DATE', value });

  it('bills only the columns a query uses', async () => {
    expect(await bytes('SELECT COUNT(*) AS n FROM shop.sales')).toBe(0);
    expect(await bytes('SELECT SUM(id) AS s FROM shop.sales')).toBe(8 * 8);
    // note: six 'ab' (4 bytes each) and one 'ü' (2 + 2 UTF-8 bytes); the NULL is free.
    expect(await bytes('SELECT COUNT(note) AS n FROM shop.sales')).toBe(6 * 4 + 4);
    // ok: seven non-NULL BOOLs.
    expect(await bytes('SELECT id FROM shop.sales WHERE ok')).toBe(8 * 8 + 7);
  });

  it('bills only the partitions left by constant predicates on the partition column', async () => {
    // id + day: 16 bytes a row, 32 a partition.
    expect(await bytes('SELECT id FROM shop.sales WHERE day >= @d', [day('d', '2024-01-01')])).toBe(4 * 32);
    expect(await bytes('SELECT id FROM shop.sales WHERE day = @d', [day('d', '2024-01-03')])).toBe(32);
    expect(await bytes(`SELECT id FROM shop.sales WHERE day > '2024-01-02' AND id > 0`)).toBe(2 * 32);
    expect(await bytes(`SELECT id FROM shop.sales WHERE @d <= day`, [day('d', '2024-01-04')])).toBe(32);
    expect(await bytes(`SELECT id FROM shop.sales WHERE day BETWEEN @a AND @b`, [day('a', '2024-01-02'), day('b', '2024-01-03')])).toBe(2 * 32);
    expect(await bytes(`SELECT id FROM shop.sales WHERE day IN (DATE '2024-01-01', @d)`, [day('d', '2024-01-04')])).toBe(2 * 32);
    expect(await bytes(`SELECT id FROM shop.sales WHERE day < '2024-01-02'`)).toBe(32);
  });

  it('reads every partition when the partition filter is not constant', async () => {
    const all = 4 * 32;
    expect(await bytes(`SELECT id FROM shop.sales WHERE day IN (SELECT MAX(day) FROM shop.sales)`)).toBe(all);
    expect(await bytes(`SELECT id FROM shop.sales WHERE DATE_ADD(day, INTERVAL 1 DAY) = @d`, [day('d', '2024-01-02')])).toBe(all);
    expect(await bytes(`SELECT id FROM shop.sales WHERE day = @d OR id = 1`, [day('d', '2024-01-02')])).toBe(all);
  });

  it('bills a column of a table once per query, however many scans read it', async () => {
    const one = await bytes(`SELECT COUNT(note) AS n FROM shop.sales`);
    const two = await bytes(`SELECT (SELECT COUNT(note) FROM shop.sales) AS a, (SELECT COUNT(DISTINCT note) FROM shop.sales) AS b`);
    expect(one).toBe(28);
    expect(two).toBe(28);
  });

  it('refuses a query on a require_partition_filter table without a constant partition predicate', async () => {
    const refusal = await engine.dryRun!({ id: 'q', sql: 'SELECT COUNT(id) AS n FROM shop.strict', params: [] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(QueryError);
    expect((refusal as QueryError).message).toContain(
      "Cannot query over table 'shop.strict' without a filter over column(s) 'day' that can be used for partition elimination",
    );
    // A real job fails the same way; a constant predicate is accepted.
    await expect(engine.execute({ id: 'q', sql: `SELECT COUNT(id) AS n FROM shop.strict WHERE day IN (SELECT MAX(day) FROM shop.strict)`, params: [] })).rejects.toThrow(
      /without a filter over column\(s\) 'day'/,
    );
    expect(await bytes('SELECT COUNT(id) AS n FROM shop.strict WHERE day >= @d', [day('d', '2024-01-04')])).toBe(32);
  });

  it('prunes and requires filters on ingestion-time tables by their pseudo-columns, billing those as free', async () => {
    await expect(engine.dryRun!({ id: 'q', sql: 'SELECT SUM(id) AS n FROM shop.loads', params: [] })).rejects.toThrow(
      /without a filter over column\(s\) '_PARTITION_LOAD_TIME', '_PARTITIONDATE', '_PARTITIONTIME'/,
    );
    expect(await bytes(`SELECT SUM(id) AS n FROM shop.loads WHERE _PARTITIONTIME >= TIMESTAMP '2024-01-02'`)).toBe(8);
  });

  it('bills the rows written since the same statement was priced: by a DML job, by a load job, by SQL of the test', async () => {
    // The server keeps the sizes it read while no write came in between (billing.ts).
    await server.exec('CREATE TABLE shop.growing (id BIGINT); INSERT INTO shop.growing VALUES (1)');
    const sql = 'SELECT SUM(id) AS s FROM shop.growing';
    expect(await bytes(sql)).toBe(8);
    const client = testClient(server.url);
    const [insert] = await client.createQueryJob({ query: 'INSERT INTO shop.growing (id) VALUES (2)' });
    await insert.getQueryResults();
    expect(await bytes(sql)).toBe(2 * 8);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dq-billing-')), 'rows.json');
    writeFileSync(file, '{"id": 3}\n{"id": 4}\n');
    const [load] = await client.dataset('shop').table('growing').createLoadJob(file, { sourceFormat: 'NEWLINE_DELIMITED_JSON' });
    await load.promise();
    expect(await bytes(sql)).toBe(4 * 8);
    await server.exec('INSERT INTO shop.growing VALUES (5)');
    expect(await bytes(sql)).toBe(5 * 8);
  });

  it('reports the same bytes in the job statistics as in the dry run', async () => {
    const sql = 'SELECT COUNT(note) AS n FROM shop.sales WHERE day >= @d';
    const params = [day('d', '2024-01-03')];
    const dry = await bytes(sql, params);
    const result = await engine.execute({ id: 'q', sql, params });
    // 2024-01-03 and -04: four 'ab' notes, and the day column, 4 × 8.
    expect(dry).toBe(4 * 4 + 4 * 8);
    expect(result.stats.bytesProcessed).toBe(dry);
  });
});
