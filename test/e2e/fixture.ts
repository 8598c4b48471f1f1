// A small warehouse and project written by the tests: known data, so every metric is known.
import { DuckDBInstance } from '@duckdb/node-api';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

/**
 * shop.orders: 100 orders on 10 days (2026-01-01..10), 10 a day, except 2026-01-05 with 2.
 * amount is NULL for 20 orders (ids divisible by 5); status in (new, paid, shipped) but
 * 3 are 'lost'; ids 99 and 100 share customer_id and id 100 duplicates id 99's key (order_no).
 * shop.customers: customers 1..9 (orders reference 1..10: customer 10 is missing).
 */
export const WAREHOUSE_SQL = `
CREATE SCHEMA shop;
CREATE TABLE shop.orders AS
SELECT
  i AS id,
  CASE WHEN i = 100 THEN 99 ELSE i END AS order_no,
  (i % 10) + 1 AS customer_id,
  CASE WHEN i IN (7, 17, 27) THEN 'lost' ELSE ['new', 'paid', 'shipped'][(i % 3) + 1] END AS status,
  CASE WHEN i % 5 = 0 THEN NULL ELSE i * 1.5 END AS amount,
  'user' || i || '@example.com' AS email,
  DATE '2026-01-01' + CAST(((i - 1) // 10) AS INTEGER) AS created_at
FROM range(1, 101) t(i)
WHERE NOT (((i - 1) // 10) = 4 AND (i - 1) % 10 >= 2);
CREATE TABLE shop.customers AS SELECT i AS customer_id, 'c' || i AS name FROM range(1, 10) t(i);
CREATE TABLE shop.empty_table (id INTEGER);
`;

/** On the fixture warehouse row_count passes (92 ≥ 90), coverage fails (80.4% < 90%) and has a partition: it is drilled into. */
export const PASSING_AND_FAILING_ORDER_CHECKS = `table: shop.orders
partition: created_at
checks:
  - row_count: { min: 90 }
  - coverage: { column: amount, min: 90% }
`;

export async function buildWarehouse(file: string): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run(WAREHOUSE_SQL);
  connection.closeSync();
  instance.closeSync();
}

export const CONFIG = (warehouse = 'warehouse.duckdb') => `version: 1
target: local
targets:
  local:
    engine: duckdb
    path: ${warehouse}
vars: { since: '2026-01-01', min_amount: 0 }
timezone: UTC
`;

/** A temp project folder with the warehouse and the given files (path → text). */
export async function makeProject(files: Record<string, string>, options: { warehouse?: boolean } = {}): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dqgate-e2e-'));
  const all = { 'checks.config.yaml': CONFIG(), ...files };
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  if (options.warehouse !== false) copyFileSync(await fixtureWarehouse(), path.join(dir, 'warehouse.duckdb'));
  return dir;
}

let built: Promise<string> | undefined;

/**
 * The fixture warehouse, built once per test process (in the test run's scratch folder,
 * test/support/global-setup.ts) and copied into each project: a hundred projects otherwise
 * each create a DuckDB file, run WAREHOUSE_SQL and checkpoint it.
 */
function fixtureWarehouse(): Promise<string> {
  built ??= (async () => {
    const file = path.join(inject('demoCache'), `fixture-warehouse.${process.pid}.duckdb`);
    await buildWarehouse(file);
    return file;
  })();
  return built;
}
