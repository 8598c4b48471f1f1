// Opening and closing the demo database. Every instance opened here is closed before the
// promise settles, so another process can open the file right after.

import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { duckdbApi } from '../engines/duckdb-api.js';

/**
 * One thread: the build is a long chain of small steps (the schedule is a recursive walk of
 * ~160 rounds) where more threads mostly add coordination; measured faster on 1 thread than 2.
 * It also fixes the order in which floating-point window sums add up.
 */
const OPTIONS = { threads: '1' };

export async function withDatabase<T>(path: string, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await duckdbApi.DuckDBInstance.create(path, OPTIONS);
  try {
    const connection = await instance.connect();
    try {
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** Runs a query and returns its rows as plain JSON values (numbers for INTEGER, strings for BIGINT). */
export async function queryRows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

/** Schema that marks a file as a demo warehouse: only such files are ever overwritten or repaired. */
const DEMO_MARKER = 'dqgate_demo';

export const MARKER_SQL = `CREATE SCHEMA ${DEMO_MARKER}; CREATE TABLE ${DEMO_MARKER}.built_by AS SELECT 'dqgate demo' AS tool;`;

/**
 * dqgate never changes a user's data: the demo writes only to a new file or to a file it built
 * itself. Anything else (a real warehouse the config happens to point at) is refused.
 */
export async function assertDemoFile(path: string, action: 'overwrite' | 'repair'): Promise<void> {
  if (path === ':memory:' || (!existsSync(path) && action === 'overwrite')) return;
  if (!existsSync(path)) throw new Error(`${path} does not exist; build it first with dq demo build`);
  let isDemo = false;
  try {
    const instance = await duckdbApi.DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    try {
      const connection = await instance.connect();
      const rows = await queryRows(connection, `SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = '${DEMO_MARKER}'`);
      isDemo = Number(rows[0]?.n) > 0;
      connection.closeSync();
    } finally {
      instance.closeSync();
    }
  } catch {
    isDemo = false;
  }
  if (!isDemo) {
    throw new Error(`refusing to ${action} ${path}: it is not a dqgate demo warehouse (dqgate never changes other data); use another --path`);
  }
}
