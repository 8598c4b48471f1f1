// The embedded engine. A user's warehouse file is opened read-only: dqgate never changes data.
import {
  DuckDBConnection,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import type { Engine, QueryRequest, QueryResult, Row, Value } from './engine.js';
import { QueryError } from './engine.js';
import { exactDecimal, exactInteger } from './normalize.js';

export interface DuckDbEngineOptions {
  /** A DuckDB file or ':memory:'. */
  path: string;
}

function toValue(value: DuckDBValue): Value {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return exactInteger(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof DuckDBDecimalValue) return exactDecimal(value.toString());
  if (value instanceof DuckDBDateValue) return value.toString();
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) {
    return value.toString().replace(' ', 'T');
  }
  if (value instanceof DuckDBListValue) return value.items.map(toValue);
  if (value instanceof DuckDBStructValue) {
    return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, toValue(v)]));
  }
  return String(value);
}

export async function createDuckDbEngine(options: DuckDbEngineOptions): Promise<Engine> {
  const memory = options.path === ':memory:';
  if (!memory && !existsSync(options.path)) {
    throw new QueryError(`DuckDB warehouse file not found: ${options.path}`, { reason: 'notFound' });
  }
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(options.path, memory ? {} : { access_mode: 'READ_ONLY' });
  } catch (error) {
    throw new QueryError(`cannot open DuckDB warehouse ${options.path}: ${(error as Error).message}`, { cause: error });
  }
  const idle: DuckDBConnection[] = [];
  const all: DuckDBConnection[] = [];

  async function borrow(): Promise<DuckDBConnection> {
    const connection = idle.pop() ?? (await instance.connect());
    if (!all.includes(connection)) all.push(connection);
    return connection;
  }

  return {
    name: 'duckdb',
    async execute(request: QueryRequest): Promise<QueryResult> {
      if (request.signal?.aborted) throw new QueryError('query cancelled', { reason: 'cancelled' });
      const connection = await borrow();
      const onAbort = () => connection.interrupt();
      request.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const reader = await connection.runAndReadAll(request.sql);
        const rows = reader.getRowObjects().map(
          (row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toValue(v)])) as Row,
        );
        return { rows, stats: {} };
      } catch (error) {
        if (request.signal?.aborted) throw new QueryError('query cancelled', { reason: 'cancelled', cause: error });
        throw new QueryError((error as Error).message, { cause: error });
      } finally {
        request.signal?.removeEventListener('abort', onAbort);
        idle.push(connection);
      }
    },
    async close() {
      for (const connection of all) connection.closeSync();
      instance.closeSync();
    },
  };
}
