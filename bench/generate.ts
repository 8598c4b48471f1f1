// The benchmark's `events` table: a seeded, deterministic generator written in DuckDB SQL (an
// integer hash of the row number and a per-column salt, so the same rows come out for the same
// seed whatever the thread count), built once per (rows, seed) into bench/.data/ and reused.
//   npx tsx bench/generate.ts --rows 1000000 [--seed 1]
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = path.join(BENCH_DIR, '.data');
/** The table every suite checks. */
export const EVENTS_TABLE = 'bench.events';
/** Dates run over 730 days from here; as-of for every run is the day after the last one. */
export const FIRST_DAY = '2024-01-01';
export const AS_OF = '2026-01-01';
/** Every DUPLICATE_EVERY-th row repeats the previous row's event_id: floor(rows / 1000) duplicates. */
export const DUPLICATE_EVERY = 1000;

// A 32-bit integer hash (xor-shift-multiply, as in "hash prospector"): r(k) is row i's value
// for salt k, uniform on [0, 2^32). Plain arithmetic, so no DuckDB version changes it.
const MACROS = `
CREATE OR REPLACE TEMP MACRO xs16(x) AS xor(x, x >> 16);
CREATE OR REPLACE TEMP MACRO mul32(x) AS (x * 73244475) % 4294967296;
CREATE OR REPLACE TEMP MACRO mix32(x) AS xs16(mul32(xs16(mul32(xs16(x)))));
CREATE OR REPLACE TEMP MACRO r(i, k) AS mix32((i * 2654435761 + k * 40503) % 4294967296);
`;

/** The statement that creates bench.events with `rows` rows for `seed` (seed salts every column). */
export function eventsSql(rows: number, seed: number): string {
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error(`--rows must be a positive whole number, not ${rows}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number ≥ 0, not ${seed}`);
  const r = (k: number) => `r(i, ${seed * 100 + k})`;
  // ~3% NULLs in every nullable column, each from its own salt.
  const nullable = (k: number, value: string) => `CASE WHEN ${r(k)} % 100 < 3 THEN NULL ELSE ${value} END`;
  const pick = (k: number, values: string[]) => `[${values.map((v) => `'${v}'`).join(', ')}][${r(k)} % ${values.length} + 1]`;
  return `${MACROS}
CREATE SCHEMA IF NOT EXISTS bench;
CREATE TABLE ${EVENTS_TABLE} AS
SELECT
  CASE WHEN i % ${DUPLICATE_EVERY} = ${DUPLICATE_EVERY - 1} THEN i - 1 ELSE i END AS event_id,
  ${nullable(1, `${r(2)} % 50000 + 1`)} AS user_id,
  'S' || lpad(CAST(${r(3)} % 1000000 AS VARCHAR), 6, '0') AS session_id,
  CAST(DATE '${FIRST_DAY}' + CAST(${r(4)} % 730 AS INTEGER) AS DATE) AS event_date,
  CAST(DATE '${FIRST_DAY}' + CAST(${r(4)} % 730 AS INTEGER) AS TIMESTAMP) + to_seconds(CAST(${r(5)} % 86400 AS BIGINT)) AS event_ts,
  ${nullable(6, pick(7, ['view', 'view', 'view', 'click', 'click', 'cart', 'purchase', 'refund']))} AS event_type,
  ${nullable(8, pick(9, ['US', 'US', 'GB', 'DE', 'FR', 'JP', 'BR', 'IN', 'CA', 'AU', 'xx']))} AS country,
  ${pick(10, ['ios', 'android', 'web', 'web'])} AS device,
  ${nullable(11, `CAST(${r(12)} % 100000 AS DOUBLE) / 100 - 10`)} AS amount,
  CAST(${r(13)} % 10 AS INTEGER) AS quantity,
  ${nullable(14, `CASE WHEN ${r(15)} % 100 = 0 THEN 'user' || CAST(${r(2)} % 50000 + 1 AS VARCHAR) || '.example.com' ELSE 'user' || CAST(${r(2)} % 50000 + 1 AS VARCHAR) || '@example.com' END`)} AS email,
  ${r(16)} % 50 = 0 AS is_test
FROM range(${rows}) t(i);
`;
}

export function warehousePath(rows: number, seed: number, dir = DATA_DIR): string {
  return path.join(dir, `events-${rows}-s${seed}.duckdb`);
}

/** The warehouse file for (rows, seed), generated into `dir` unless already there. */
export async function ensureEventsWarehouse(rows: number, seed = 1, dir = DATA_DIR): Promise<string> {
  const file = warehousePath(rows, seed, dir);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  // Written under a temporary name and renamed: an interrupted build never passes for a cached one.
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  rmSync(`${partial}.wal`, { force: true });
  const instance = await DuckDBInstance.create(partial);
  const connection = await instance.connect();
  try {
    await connection.run(eventsSql(rows, seed));
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  renameSync(partial, file);
  return file;
}

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const start = performance.now();
  const file = await ensureEventsWarehouse(flag('--rows', 1_000_000), flag('--seed', 1));
  console.log(`${path.relative(process.cwd(), file)} (${((performance.now() - start) / 1000).toFixed(1)} s)`);
}
