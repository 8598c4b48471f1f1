// An Engine executes SQL text that a Dialect rendered; it never builds SQL itself.
// Engines normalise values so that no stage after them sees driver types.

/**
 * A value as every later stage sees it: integers that fit in 2^53 and floats as numbers,
 * larger integers and exact decimals that a double cannot hold as decimal strings,
 * DATE as 'YYYY-MM-DD', TIMESTAMP/DATETIME as ISO-8601 text, everything else as JSON-like data.
 */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export type Row = Record<string, Value>;

export interface QueryParameter {
  name: string;
  type: 'STRING' | 'INT64' | 'FLOAT64' | 'BOOL' | 'DATE';
  value: string | number | boolean;
}

export interface QueryRequest {
  /** Plan-level query id, e.g. `q1`; engines may use it in job ids and labels. */
  id: string;
  sql: string;
  params: QueryParameter[];
  /** Cancels the query (Ctrl-C, timeouts). */
  signal?: AbortSignal;
}

export interface QueryStats {
  /** Bytes the engine processed or estimated; undefined where the engine does not say. */
  bytesProcessed?: number;
  bytesBilled?: number;
  /** Engine-side job id, when there is one. */
  jobId?: string;
}

export interface QueryResult {
  rows: Row[];
  stats: QueryStats;
}

export interface DryRunResult {
  /** Bytes the query would read; undefined where the engine cannot say (DuckDB). */
  bytesProcessed?: number;
  /** SELECT, INSERT, CREATE_TABLE, SCRIPT, ... as the engine reports it. */
  statementType: string;
}

/** dqgate only runs queries: anything else is refused before it is executed. */
export const ALLOWED_STATEMENT_TYPE = 'SELECT';

/** The error for a statement that is not a query (DML, DDL, a script, ...). */
export function refusedStatement(statementType: string): QueryError {
  return new QueryError(`refused: statement type ${statementType}; dqgate only runs SELECT`, { reason: 'refused', transient: false });
}

/** Raised for a query that could not be evaluated; `reason` is the engine's own code when it has one. */
export class QueryError extends Error {
  readonly reason?: string;
  readonly transient: boolean;

  constructor(message: string, options: { reason?: string; transient?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'QueryError';
    this.reason = options.reason;
    this.transient = options.transient ?? false;
  }
}

/**
 * What dq learns about a table before it compiles checks on it (one metadata call per table):
 * its column types, by the engine's own names (BigQuery names on BigQuery: DATE, TIMESTAMP,
 * DATETIME, STRING, INT64, FLOAT64, NUMERIC, BOOL, ...), and how it is partitioned.
 */
export interface TableInfo {
  columns: { name: string; type: string }[];
  /** BigQuery's timePartitioning; absent when the table is not partitioned (always on DuckDB). */
  partitioning?: {
    /** Absent: ingestion time (the pseudo-columns _PARTITIONTIME / _PARTITIONDATE). */
    column?: string;
    type: 'DAY' | 'HOUR' | 'MONTH' | 'YEAR';
    requirePartitionFilter: boolean;
  };
}

export interface Engine {
  readonly name: 'duckdb' | 'bigquery';
  execute(request: QueryRequest): Promise<QueryResult>;
  /**
   * Validates a query without running it: its statement type and, where the engine can say,
   * the bytes it would read (BigQuery: a dry-run job; DuckDB: parse and bind). Rejects with a
   * QueryError for a query that would fail (unknown table or column, syntax). Engines without
   * dry runs omit this.
   */
  dryRun?(request: QueryRequest): Promise<DryRunResult>;
  /**
   * The table's columns and partitioning from the engine's metadata (BigQuery: tables.get, which
   * bills nothing; DuckDB: its catalog). `table` is written as in check files. Rejects with a
   * QueryError (reason `notFound` for a missing table).
   */
  describeTable?(table: string, options?: { signal?: AbortSignal }): Promise<TableInfo>;
  close(): Promise<void>;
}

/** A table's columns and partitioning, as the engine describes it (see Engine.describeTable). */
export interface TableInfo {
  /** The engine's type names (BigQuery's on BigQuery: DATE, TIMESTAMP, DATETIME, STRING, INT64, FLOAT64, NUMERIC, BOOL, ...). */
  columns: { name: string; type: string }[];
  /** `column` absent: ingestion time. */
  partitioning?: { column?: string; type: 'DAY' | 'HOUR' | 'MONTH' | 'YEAR'; requirePartitionFilter: boolean };
}
