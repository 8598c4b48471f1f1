// The test server's warehouse: an in-process DuckDB database. Runs translated SQL and turns
// DuckDB results into BigQuery's REST shapes (schema fields, {f:[{v}]} rows with string values),
// and estimates bytes the way a dry run reports them.
import {
  DuckDBInstance,
  DuckDBTypeId,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { quoteIdent, stringLiteral, type TableRef } from './translate.js';

/** A schema field as jobs.getQueryResults returns it. */
export interface RestField {
  name: string;
  type: string;
  mode: 'NULLABLE' | 'REPEATED';
  fields?: RestField[];
}

export type RestValue = string | null | RestCell[] | { f: RestCell[] };
export interface RestCell {
  v: RestValue;
}
export interface RestRow {
  f: RestCell[];
}

export interface ResultSet {
  columns: { name: string; type: DuckDBType }[];
  rows: DuckDBValue[][];
  rowsChanged: number;
}

export interface RunningQuery {
  result: Promise<ResultSet>;
  /** Interrupts the statement if it is still running (jobs.cancel). */
  interrupt(): void;
}

export interface FormatOptions {
  /** formatOptions.useInt64Timestamp: TIMESTAMP as integer microseconds instead of float seconds. */
  int64Timestamp: boolean;
}

export class DuckDbWarehouse {
  /**
   * Counts the writes that may have changed the served tables (columns or rows), each counted
   * when it starts and again when it ends: every exec() (tests and loads create and fill tables
   * with it), every run() that is not a query, and the rows loads append (changed()). While it
   * stays the same, what the server read of the tables still holds: the analyzer's listing of the
   * served columns (analyzer.ts) and the bytes per partition and column (billing.ts), which
   * otherwise cost a catalog query and a scan of the table for every statement.
   */
  private changes = 0;

  private constructor(
    readonly instance: DuckDBInstance,
    private readonly admin: DuckDBConnection,
  ) {}

  get version(): number {
    return this.changes;
  }

  /** Marks a write made on a connection of one's own (call it before the write and after it). */
  changed(): void {
    this.changes++;
  }

  static async create(): Promise<DuckDbWarehouse> {
    // One thread: the server answers small queries, many test files at once on a 2-core machine,
    // where a second DuckDB thread only adds hand-offs (measured: 6% less CPU on the BigQuery test
    // files, `npx vitest run --maxWorkers=1 test/bigquery/...` three times each way).
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const admin = await instance.connect();
    // TIMESTAMP (TIMESTAMPTZ here) values are instants; render and truncate them in UTC as BigQuery does.
    await admin.run(`SET GLOBAL TimeZone = 'UTC'`);
    return new DuckDbWarehouse(instance, admin);
  }

  /** Runs DuckDB SQL directly (tests load tables with it). */
  async exec(sql: string): Promise<ResultSet> {
    this.changes++;
    try {
      return read(await this.admin.run(sql));
    } finally {
      this.changes++;
    }
  }

  /** Runs a query of the server's own (sizes, columns, existence): it changes no table, so `version` stays. */
  async query(sql: string): Promise<ResultSet> {
    return read(await this.admin.run(sql));
  }

  /**
   * Runs a translated statement on a connection of its own, so it can be interrupted alone.
   * `query`: the statement is a query (BigQuery's statementType SELECT), which changes no table.
   */
  run(sql: string, { query }: { query: boolean }): RunningQuery {
    let connection: DuckDBConnection | undefined;
    let interrupted = false;
    const result = (async () => {
      if (!query) this.changes++;
      connection = await this.instance.connect();
      try {
        if (interrupted) throw new Error('INTERRUPT Error: Interrupted!');
        return read(await connection.run(sql));
      } finally {
        connection.closeSync();
        if (!query) this.changes++;
      }
    })();
    return {
      result,
      interrupt: () => {
        interrupted = true;
        try {
          connection?.interrupt();
        } catch {
          // Already closed: the statement has finished.
        }
      },
    };
  }

  /** Plans a statement without running it (dry-run validation of a SELECT). */
  async explain(sql: string): Promise<void> {
    const connection = await this.instance.connect();
    try {
      await connection.run(`EXPLAIN ${sql}`);
    } finally {
      connection.closeSync();
    }
  }

  /**
   * Deterministic bytes for the referenced tables, by BigQuery's data size rules: 8 bytes per
   * INT64/FLOAT64/DATE/TIMESTAMP value, 1 per BOOL, 16 per NUMERIC, 32 per BIGNUMERIC, 2 + UTF-8
   * length per STRING/BYTES; NULLs are free. Whole tables, not only the referenced columns.
   * Unknown names (CTEs, missing tables) count 0.
   */
  async tableBytes(tables: TableRef[]): Promise<number> {
    let total = 0;
    const seen = new Set<string>();
    for (const { schema, table } of tables) {
      const key = `${schema}.${table}`.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const columns = await this.query(
        `SELECT column_name, data_type, numeric_scale FROM information_schema.columns ` +
          `WHERE lower(table_schema) = lower(${stringLiteral(schema)}) AND lower(table_name) = lower(${stringLiteral(table)}) ` +
          `ORDER BY ordinal_position`,
      );
      if (columns.rows.length === 0) continue;
      const terms = columns.rows.map(([name, dataType, scale]) => byteExpression(quoteIdent(String(name)), String(dataType), Number(scale ?? 0)));
      const sizes = await this.query(`SELECT CAST(${terms.join(' + ')} AS BIGINT) FROM ${quoteIdent(schema)}.${quoteIdent(table)}`);
      total += Number(sizes.rows[0]?.[0] ?? 0);
    }
    return total;
  }

  close(): void {
    this.admin.closeSync();
    this.instance.closeSync();
  }
}

/** BigQuery's logical bytes of a column's non-NULL values, as a DuckDB aggregate over `column`. */
export function byteExpression(column: string, dataType: string, scale: number): string {
  // strlen() is the UTF-8 byte length of a VARCHAR, octet_length() the length of a BLOB.
  const sumLength = (expr: string) => `coalesce(sum(${expr}), 0)`;
  if (dataType === 'BOOLEAN') return `count(${column})`;
  if (dataType.startsWith('DECIMAL')) return `count(${column}) * ${scale > 9 ? 32 : 16}`;
  if (dataType === 'VARCHAR') return `(${sumLength(`strlen(${column})`)} + 2 * count(${column}))`;
  if (dataType === 'BLOB') return `(${sumLength(`octet_length(${column})`)} + 2 * count(${column}))`;
  if (/\[|STRUCT|MAP|JSON/.test(dataType)) return sumLength(`strlen(CAST(${column} AS VARCHAR))`);
  return `count(${column}) * 8`;
}

async function read(result: import('@duckdb/node-api').DuckDBMaterializedResult): Promise<ResultSet> {
  const names = result.deduplicatedColumnNames();
  const types = result.columnTypes();
  return {
    columns: names.map((name, i) => ({ name, type: types[i]! })),
    rows: await result.getRows(),
    rowsChanged: result.rowsChanged,
  };
}

// ---------------------------------------------------------------------------------------------
// DuckDB types → BigQuery schema fields
// ---------------------------------------------------------------------------------------------

/** The BigQuery legacy type name (as the REST schema spells it) for a DuckDB type. */
function bigQueryType(type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'BOOLEAN';
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return 'INTEGER';
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return 'FLOAT';
    case DuckDBTypeId.DECIMAL:
      return type.scale > 9 || type.width - type.scale > 29 ? 'BIGNUMERIC' : 'NUMERIC';
    case DuckDBTypeId.DATE:
      return 'DATE';
    case DuckDBTypeId.TIME:
      return 'TIME';
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'TIMESTAMP';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return 'DATETIME';
    case DuckDBTypeId.BLOB:
      return 'BYTES';
    case DuckDBTypeId.STRUCT:
      return 'RECORD';
    case DuckDBTypeId.VARCHAR:
      return type.alias === 'JSON' ? 'JSON' : 'STRING';
    default:
      return 'STRING';
  }
}

export function schemaField(name: string, type: DuckDBType): RestField {
  if (type.typeId === DuckDBTypeId.LIST || type.typeId === DuckDBTypeId.ARRAY) {
    return { ...schemaField(name, type.valueType), mode: 'REPEATED' };
  }
  const field: RestField = { name, type: bigQueryType(type), mode: 'NULLABLE' };
  if (type.typeId === DuckDBTypeId.STRUCT) {
    field.fields = type.entryNames.map((n, i) => schemaField(n, type.entryTypes[i]!));
  }
  return field;
}

// ---------------------------------------------------------------------------------------------
// DuckDB values → REST cell values (always strings, as BigQuery sends them)
// ---------------------------------------------------------------------------------------------

function pad(n: number | bigint, width: number): string {
  return String(n).padStart(width, '0');
}

/** Microseconds since the epoch → `YYYY-MM-DDTHH:MM:SS[.ffffff]` (BigQuery's DATETIME text). */
function civilTime(micros: bigint): string {
  const seconds = micros / 1_000_000n - (micros % 1_000_000n < 0n ? 1n : 0n);
  const fraction = micros - seconds * 1_000_000n;
  const iso = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return fraction === 0n ? iso : `${iso}.${pad(fraction, 6)}`;
}

/** NUMERIC text without trailing fractional zeros, as BigQuery returns it (1.500000000 → 1.5). */
function decimalText(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function floatText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

export function restValue(value: DuckDBValue, type: DuckDBType, options: FormatOptions): RestValue {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const items = (value as { items: readonly DuckDBValue[] }).items;
      return items.map((item) => ({ v: restValue(item, type.valueType, options) }));
    }
    case DuckDBTypeId.STRUCT: {
      const entries = (value as { entries: Readonly<Record<string, DuckDBValue>> }).entries;
      return { f: type.entryNames.map((n, i) => ({ v: restValue(entries[n] ?? null, type.entryTypes[i]!, options) })) };
    }
    case DuckDBTypeId.BOOLEAN:
      return value ? 'true' : 'false';
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return floatText(value as number);
    case DuckDBTypeId.DECIMAL:
      return decimalText(String(value));
    case DuckDBTypeId.TIMESTAMP_TZ: {
      const micros = (value as { micros: bigint }).micros;
      // useInt64Timestamp (what the Node client asks for): integer microseconds; otherwise
      // the legacy float seconds.
      return options.int64Timestamp ? String(micros) : floatText(Number(micros) / 1e6);
    }
    case DuckDBTypeId.TIMESTAMP:
      return civilTime((value as { micros: bigint }).micros);
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return String(value).replace(' ', 'T');
    case DuckDBTypeId.BLOB:
      return Buffer.from((value as { bytes: Uint8Array }).bytes).toString('base64');
    default:
      return String(value);
  }
}

export function restRow(values: DuckDBValue[], columns: ResultSet['columns'], options: FormatOptions): RestRow {
  return { f: values.map((v, i) => ({ v: restValue(v, columns[i]!.type, options) })) };
}
