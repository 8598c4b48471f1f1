// Opening and closing the demo database. Every instance opened here is closed before the
// promise settles, so another process can open the file right after.

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * One thread: the build is a long chain of small steps (the schedule is a recursive walk over
 * ~800 game days) where more threads mostly add coordination; measured faster on 1 thread than 2.
 * It also fixes the order in which floating-point window sums add up.
 */
const OPTIONS = { threads: '1' };

export async function withDatabase<T>(path: string, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(path, OPTIONS);
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
