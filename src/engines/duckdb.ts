// The embedded engine. A user's warehouse is opened read-only and locked down (LOCKED_DOWN):
// checks may read its tables, and nothing else: no files, no network, no extensions, no settings.
// Every statement is classified by DuckDB's parser without side effects first (duckdb-statement.ts):
// only one SELECT is ever prepared; anything else is refused without being bound or run.
// dryRun is that check alone: classify, then parse and bind the SELECT, nothing executed.
// A run dry-runs its whole plan and then executes the same statements, so the statement a dry run
// prepared is kept on its connection and executed as it is when that connection is asked for the
// same SQL (once): classifying and preparing are done once per statement, not twice.
import type { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement, DuckDBValue } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { splitTableName } from '../dialects/shared.js';
import { duckdbApi } from './duckdb-api.js';
import { classifyStatement } from './duckdb-statement.js';
import type { DryRunResult, Engine, QueryRequest, QueryResult, Row, TableInfo, Value } from './engine.js';
import { ALLOWED_STATEMENT_TYPE, QueryError, refusedStatement } from './engine.js';
import { exactDecimal, exactInteger } from './normalize.js';

const { DuckDBDateValue, DuckDBDecimalValue, DuckDBListValue, DuckDBStructValue, DuckDBTimestampTZValue, DuckDBTimestampValue, StatementType } = duckdbApi;

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

/**
 * DuckDB options of the instance that runs checks. External access off: no file other than the
 * warehouse (opened here, at creation), no URL, no ATTACH, COPY or EXPORT. No extension is
 * installed or loaded on demand (an https:// path would fetch httpfs). http_proxy is set, because
 * unset it shows the runner's HTTP_PROXY (credentials included) to current_setting(); nothing uses
 * it without external access. Then (AFTER_OPENING) TimeZone is set to UTC, BigQuery's default,
 * whatever the machine's zone — text compared with a TIMESTAMP WITH TIME ZONE, and such values
 * printed, mean what they mean on BigQuery — and the configuration is locked, so no statement can
 * SET any of this back.
 */
const LOCKED_DOWN: Readonly<Record<string, string>> = {
  enable_external_access: 'false',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  http_proxy: 'none',
};

/** TimeZone is an ICU option, unknown while the instance is configured; the lock comes last. */
const AFTER_OPENING = ["SET GLOBAL TimeZone = 'UTC'", 'SET GLOBAL lock_configuration = true'];

/** The statement type of `sql` and, for one SELECT only, the prepared statement. */
async function prepare(connection: DuckDBConnection, sql: string): Promise<{ statementType: string; prepared?: DuckDBPreparedStatement }> {
  const statementType = await classifyStatement(connection, sql);
  if (statementType !== ALLOWED_STATEMENT_TYPE) return { statementType };
  const prepared = await connection.prepare(sql);
  // A second opinion, from the prepared statement: were the classifier ever wrong, a statement
  // that is not a SELECT would still never run.
  const preparedType = StatementType[prepared.statementType] ?? String(prepared.statementType);
  if (preparedType !== ALLOWED_STATEMENT_TYPE) {
    prepared.destroySync();
    return { statementType: preparedType };
  }
  return { statementType, prepared };
}

export async function createDuckDbEngine(options: DuckDbEngineOptions): Promise<Engine> {
  const memory = options.path === ':memory:';
  if (!memory && !existsSync(options.path)) {
    throw new QueryError(`DuckDB warehouse file not found: ${options.path}`, { reason: 'notFound' });
  }
  let instance: DuckDBInstance;
  try {
    // An in-memory database cannot be opened read-only; it holds nothing of the user's anyway.
    instance = await duckdbApi.DuckDBInstance.create(options.path, memory ? { ...LOCKED_DOWN } : { ...LOCKED_DOWN, access_mode: 'READ_ONLY' });
    // Before any check's statement can run.
    const setup = await instance.connect();
    try {
      for (const statement of AFTER_OPENING) await setup.run(statement);
    } finally {
      setup.closeSync();
    }
  } catch (error) {
    throw new QueryError(`cannot open DuckDB warehouse ${options.path}: ${(error as Error).message}`, { cause: error });
  }
  const idle: DuckDBConnection[] = [];
  const all: DuckDBConnection[] = [];
  // By connection, then SQL text: SELECTs a dry run classified and prepared, not yet executed.
  const dryRunPrepared = new Map<DuckDBConnection, Map<string, DuckDBPreparedStatement>>();

  /** The dry run's prepared statement of `sql` on `connection`, taken out (it runs once), if any. */
  function takePrepared(connection: DuckDBConnection, sql: string): DuckDBPreparedStatement | undefined {
    const kept = dryRunPrepared.get(connection);
    const prepared = kept?.get(sql);
    kept?.delete(sql);
    return prepared;
  }

  function keepPrepared(connection: DuckDBConnection, sql: string, prepared: DuckDBPreparedStatement): void {
    const kept = dryRunPrepared.get(connection) ?? new Map<string, DuckDBPreparedStatement>();
    dryRunPrepared.set(connection, kept);
    kept.get(sql)?.destroySync();
    kept.set(sql, prepared);
  }

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
        // Only a classified SELECT is ever kept (dryRun below), so a kept statement needs no second look.
        let prepared = takePrepared(connection, request.sql);
        if (!prepared) {
          const fresh = await prepare(connection, request.sql);
          if (fresh.statementType !== ALLOWED_STATEMENT_TYPE || !fresh.prepared) throw refusedStatement(fresh.statementType);
          prepared = fresh.prepared;
        }
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
        const { statementType, prepared } = await prepare(connection, request.sql);
        if (prepared) keepPrepared(connection, request.sql, prepared);
        return { statementType };
      } catch (error) {
        if (error instanceof QueryError) throw error;
        throw new QueryError((error as Error).message, { cause: error });
      } finally {
        idle.push(connection);
      }
    },
    // The catalog: `schema.table` or `database.schema.table` (a bare name is in schema main).
    async describeTable(table: string): Promise<TableInfo> {
      const parts = splitTableName(table);
      if (parts.length > 3) throw new QueryError(`${table} is not [database.][schema.]table`, { reason: 'invalid' });
      const [name, schema = 'main', database] = [...parts].reverse();
      const connection = await borrow();
      try {
        const prepared = await connection.prepare(
          'SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $1 AND schema_name = $2 ' +
            'AND ($3 IS NULL OR database_name = $3) AND database_name NOT IN (\'system\', \'temp\') ORDER BY column_index',
        );
        prepared.bindVarchar(1, name!);
        prepared.bindVarchar(2, schema);
        if (database === undefined) prepared.bindNull(3);
        else prepared.bindVarchar(3, database);
        const rows = (await prepared.runAndReadAll()).getRows();
        if (rows.length === 0) throw new QueryError(`Table ${table} does not exist`, { reason: 'notFound' });
        return { columns: rows.map(([column, type]) => ({ name: String(column), type: String(type) })) };
      } catch (error) {
        if (error instanceof QueryError) throw error;
        throw new QueryError((error as Error).message, { cause: error });
      } finally {
        idle.push(connection);
      }
    },
    async close() {
      for (const kept of dryRunPrepared.values()) for (const prepared of kept.values()) prepared.destroySync();
      dryRunPrepared.clear();
      for (const connection of all) connection.closeSync();
      instance.closeSync();
    },
  };
}
