// The embedded engine. A user's warehouse file is opened read-only: dqgate never changes data.
// Every statement also goes through DuckDB's own parser first (extractStatements + prepare): one
// statement, of type SELECT, or it is refused without being run (COPY ... TO would write files
// even on a read-only database). dryRun is that check alone: parse and bind, nothing executed.
import {
  DuckDBConnection,
  type DuckDBPreparedStatement,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
  StatementType,
} from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import type { DryRunResult, Engine, QueryRequest, QueryResult, Row, Value } from './engine.js';
import { ALLOWED_STATEMENT_TYPE, QueryError, refusedStatement } from './engine.js';
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

/** DuckDB's statement type of `sql` (SCRIPT for several statements) and, for one statement, the prepared statement. */
async function prepare(connection: DuckDBConnection, sql: string): Promise<{ statementType: string; prepared?: DuckDBPreparedStatement }> {
  if (sql.trim() === '') throw new QueryError('empty query', { reason: 'invalidQuery' });
  const extracted = await connection.extractStatements(sql);
  if (extracted.count !== 1) return { statementType: extracted.count === 0 ? 'EMPTY' : 'SCRIPT' };
  const prepared = await extracted.prepare(0);
  return { statementType: StatementType[prepared.statementType] ?? String(prepared.statementType), prepared };
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
        const { statementType, prepared } = await prepare(connection, request.sql);
        if (statementType !== ALLOWED_STATEMENT_TYPE || !prepared) throw refusedStatement(statementType);
        const reader = await prepared.runAndReadAll();
        // Row objects keep one column per name: a second column of a name dq gave another check
        // (DuckDB's unnest of a struct names its own) would stand in for it. dq's SQL never repeats one.
        const names = reader.columnNames();
        const repeated = names.find((name, i) => names.indexOf(name) !== i);
        if (repeated !== undefined) throw new QueryError(`the result has two columns named ${repeated}; refusing to read it`, { reason: 'invalidQuery' });
        const rows = reader.getRowObjects().map(
          (row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toValue(v)])) as Row,
        );
        return { rows, stats: {} };
      } catch (error) {
        if (request.signal?.aborted) throw new QueryError('query cancelled', { reason: 'cancelled', cause: error });
        if (error instanceof QueryError) throw error;
        throw new QueryError((error as Error).message, { cause: error });
      } finally {
        request.signal?.removeEventListener('abort', onAbort);
        idle.push(connection);
      }
    },
    async dryRun(request: QueryRequest): Promise<DryRunResult> {
      if (request.signal?.aborted) throw new QueryError('query cancelled', { reason: 'cancelled' });
      const connection = await borrow();
      try {
        const { statementType } = await prepare(connection, request.sql);
        return { statementType };
      } catch (error) {
        if (error instanceof QueryError) throw error;
        throw new QueryError((error as Error).message, { cause: error });
      } finally {
        idle.push(connection);
      }
    },
    async close() {
      for (const connection of all) connection.closeSync();
      instance.closeSync();
    },
  };
}
