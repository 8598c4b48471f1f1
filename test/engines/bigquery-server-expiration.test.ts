// The test server's partition expiration (support/bigquery-server/expiration.ts): a partition past
// its table's expiration is gone before a job, and a job when nothing has expired writes nothing,
// so what the server read of the tables (sizes, columns, listings: memo.ts whileUnchanged, kept
// while the warehouse's version stays) is still used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BigQuery } from '@google-cloud/bigquery';
import { startBigQueryServer, testClient, type BigQueryTestServer } from '../support/bigquery-server/index.js';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';

const DAY = 86_400_000;
let server: BigQueryTestServer;
let bq: BigQuery;
/** The server's clock. */
let now = Date.parse('2024-03-02T00:00:00Z');

beforeAll(async () => {
  server = await startBigQueryServer({ maxWaitMs: 100, now: () => now });
  bq = testClient(server.url);
  await server.exec(`
    CREATE SCHEMA ds;
    CREATE TABLE ds.daily (day DATE, v BIGINT);
    INSERT INTO ds.daily VALUES (DATE '2024-03-01', 1), (DATE '2024-03-02', 2), (DATE '2024-03-03', 3);
  `);
  // A partition expires two days after its day starts: 2024-03-01 at 2024-03-03T00:00Z, and so on.
  server.partitionTable('ds.daily', { type: 'DAY', field: 'day', expirationMs: 2 * DAY });
});

afterAll(async () => server.close());

async function values(): Promise<number[]> {
  const [rows] = await bq.query({ query: 'SELECT v FROM ds.daily ORDER BY v' });
  return (rows as { v: number }[]).map((r) => r.v);
}

/** What a dry run of reading `v` would bill: the sizes the server reads once per warehouse version. */
async function billedForV(): Promise<number> {
  const [job] = await bq.createQueryJob({ query: 'SELECT v FROM ds.daily', dryRun: true });
  return Number(job.metadata.statistics.totalBytesProcessed);
}

describe('partition expiration in the BigQuery test server', () => {
  it.skipIf(skipWithoutAnalyzer('the expiration test that prices a column (the server bills the columns the analyzer lists)'))('a job on a table with an expiration and nothing expired writes nothing: the version, and so the caches, stay', async () => {
    now = Date.parse('2024-03-02T12:00:00Z');
    expect(await values()).toEqual([1, 2, 3]);
    const version = server.warehouse.version;
    expect(await values()).toEqual([1, 2, 3]);
    expect(await billedForV()).toBe(3 * 8); // three INT64 values
    expect(await values()).toEqual([1, 2, 3]);
    expect(server.warehouse.version).toBe(version);
  });

  it.skipIf(skipWithoutAnalyzer('the expiration billing test (the server bills the columns the analyzer lists)'))('a partition past its expiration is gone from the next job, and from what it bills', async () => {
    now = Date.parse('2024-03-02T12:00:00Z');
    expect(await billedForV()).toBe(3 * 8);
    // 2024-03-01 expired at 2024-03-03T00:00Z and 2024-03-02 at 2024-03-04T00:00Z; 2024-03-03 stays until 2024-03-05.
    now = Date.parse('2024-03-04T12:00:00Z');
    expect(await values()).toEqual([3]);
    expect(await billedForV()).toBe(1 * 8);
  });
});
