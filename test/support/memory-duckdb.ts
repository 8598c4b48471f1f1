// An in-memory DuckDB connection shared by the tests of one file: opened before them (running
// the given statements in order), closed after them.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll } from 'vitest';

export interface MemoryDuckDb {
  /** Set once the file's beforeAll has run. */
  readonly connection: DuckDBConnection;
}

/** Registers the file's beforeAll/afterAll; call it at the top level of a test file. */
export function memoryDuckDbForFile(...setup: string[]): MemoryDuckDb {
  let instance: DuckDBInstance | undefined;
  let connection: DuckDBConnection | undefined;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    for (const sql of setup) await connection.run(sql);
  });
  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
  });
  return {
    get connection() {
      if (!connection) throw new Error('the in-memory DuckDB is opened in beforeAll');
      return connection;
    },
  };
}
