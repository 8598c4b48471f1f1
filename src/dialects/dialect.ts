// A Dialect owns every piece of SQL text that differs between engines: quoting, literals,
// functions and catalog queries. The compiler asks it; nothing outside src/dialects/ writes
// engine-specific SQL (Malloy's Dialect, Kysely's adapter).
import type { Grain } from '../config/types.js';

/** The units `addInterval` counts in. */
export type DatePart = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface DialectCapabilities {
  /** COUNTIF(cond) exists (otherwise COUNT(CASE WHEN cond THEN 1 END)). */
  countIf: boolean;
  /** Query parameters (@name) are sent beside the SQL instead of inlined literals. */
  queryParameters: boolean;
  /**
   * The warehouse skips partitions only for constant predicates (BigQuery): `window: { last: N }`
   * is resolved to dates before the run (plan/windows.ts).
   */
  constantPartitionFilters: boolean;
  /**
   * The warehouse bills the columns a statement reads once per statement (BigQuery): the batches
   * of one table are sent as ONE statement (plan/merge.ts), so each column is read once.
   */
  oneStatementPerTable: boolean;
  /** The longest statement the warehouse takes, in characters: a table's merged statements stay under it. */
  maxStatementLength?: number;
  /**
   * Groupings are built one after another (DuckDB). DuckDB holds the hash tables of all the
   * groupings under one UNION ALL at once, so a query grouping a large table by several keys
   * peaks at their sum (measured: bench/README.md); a grouping read through a scalar subquery
   * is built and read before the next one starts (plan/render-arms.ts). Without it (BigQuery)
   * every check's rows stay a branch of one UNION ALL.
   */
  serialGroupings: boolean;
}

/**
 * One kind of quoted or commented stretch of SQL text: a string literal, a quoted identifier or a
 * comment. A dialect lists them in `quoting`, longest openers first; `sqlSpans` (lexer.ts) reads
 * SQL with them, so template substitution knows what surrounds each `{{ }}` reference.
 */
export interface QuotedForm {
  kind: 'string' | 'identifier' | 'comment';
  /** How messages name it: `'...'`, `"..."`, `a raw string`. */
  label: string;
  /** Matches the opening delimiter at lastIndex (a sticky regular expression). */
  open: RegExp;
  /** The closing delimiter, or how to get it from the opening match (dollar tags, raw quotes). */
  close: string | ((opening: RegExpExecArray) => string);
  /** A doubled closing delimiter stays inside (`'it''s'`). */
  doubled?: boolean;
  /** A backslash keeps the next character inside (`'it\'s'`). */
  backslash?: boolean;
  /** Opening delimiter of comments that nest (DuckDB block comments). */
  nests?: string;
  /**
   * Strings: a value's text escaped for the inside of this literal. Undefined where it cannot be
   * escaped (raw, dollar-quoted and bytes literals): no template may be inside.
   */
  escapeValue?: (text: string) => string;
  /** Strings: a literal that is exactly one template may be replaced as a whole by a query parameter. */
  parameter?: boolean;
}

/** The type families a day-partition column may have (see Dialect.typeFamily). */
export type DayFamily = 'DATE' | 'TIMESTAMP' | 'DATETIME';

/** A column of a key, rendered into a JSON object by `jsonObject`. */
export interface JsonField {
  name: string;
  expr: string;
}

export interface Dialect {
  readonly name: 'duckdb' | 'bigquery';
  readonly capabilities: DialectCapabilities;
  /** The string literals, quoted identifiers and comments of its SQL, and their escapes. */
  readonly quoting: readonly QuotedForm[];

  quoteIdentifier(name: string): string;
  /** A table reference from `schema.table` / `[project.]dataset.table`, each part quoted. */
  tableRef(table: string, defaultProject?: string): string;
  stringLiteral(value: string): string;
  numberLiteral(value: number): string;
  booleanLiteral(value: boolean): string;
  dateLiteral(isoDate: string): string;

  /** Number of rows where `condition` holds. */
  countIf(condition: string): string;
  /** a / b, NULL when b is 0. */
  safeDivide(numerator: string, denominator: string): string;
  /** TRUE when the regular expression is found anywhere in `expr` (BigQuery REGEXP_CONTAINS semantics). */
  regexContains(expr: string, pattern: string): string;
  /** A JSON text object {name: value, ...} built from the fields, for group keys. */
  jsonObject(fields: JsonField[]): string;
  /** A JSON text object of every column of the row aliased `alias`. */
  rowToJson(alias: string): string;
  /** CAST(expr AS <floating point>). */
  castFloat(expr: string): string;
  /** CAST(expr AS <64-bit integer>). */
  castInteger(expr: string): string;
  /** CAST(expr AS <string>). */
  castString(expr: string): string;
  /**
   * The DATE a value of a day-partition column falls on, `family` being the column's type family
   * (DATE, TIMESTAMP = an instant: its civil date in `timeZone`, DATETIME: its date).
   */
  dayOf(expr: string, family: DayFamily, timeZone: string): string;
  /**
   * The first value of the day `dateExpr` (a DATE expression) in the column's type: midnight in
   * `timeZone` for a TIMESTAMP, midnight for a DATETIME, the date itself for a DATE. A constant
   * expression of constants, so a predicate with it prunes partitions.
   */
  startOfDay(dateExpr: string, family: DayFamily, timeZone: string): string;
  /** The instant of a civil date and time (a DATETIME expression) in `timeZone`, as a TIMESTAMP. */
  civilToInstant(expr: string, timeZone: string): string;
  /**
   * The first day of the `grain` period `dateExpr` (a DATE expression) falls in, as a DATE; weeks
   * are ISO weeks (from Monday) on every engine, so segments are the same everywhere.
   */
  truncateDate(dateExpr: string, grain: Grain): string;
  /** The DATE after `dateExpr`. */
  nextDay(dateExpr: string): string;
  /**
   * `expr` plus `count` (a whole number) `part`s, in the type of `expr`, `family` being its type
   * family (DATE when unknown). TIMESTAMP takes only parts up to DAY (callers refuse the others).
   */
  addInterval(expr: string, count: number, part: DatePart, family: string | undefined): string;
  /** A SELECT of one DATE column `column`: every day from `start` to `end` (SQL date expressions). */
  dateSeries(start: string, end: string, column: string): string;
  /** The catalog query listing `column_name, data_type` of a table, in ordinal order. */
  columnsQuery(table: string, defaultProject?: string): string;
  /**
   * The portable type family of a `data_type` its catalog reports, in BigQuery names (INT64,
   * FLOAT64, NUMERIC, STRING, BOOL, DATE, TIMESTAMP = an instant, DATETIME = a civil date and
   * time, BYTES); other types as written, upper-cased.
   */
  typeFamily(catalogType: string): string;

  // Trailing statistics (the `volume` check). Added for partition-level checks: both dialects
  // implement them, each in its own engine's idiom.

  /**
   * A window expression: the values of `valueExpr` in the `lookback` rows before the current one
   * (ordered by `orderExpr`), as a list. Missing history may show as NULL elements or a shorter
   * list; read it with `listMedian`, which ignores NULLs. `lookback` is a whole number ≥ 1.
   */
  trailingList(valueExpr: string, orderExpr: string, lookback: number): string;
  /** The median of the non-null elements of a numeric list (interpolated for an even count); NULL when there are none. */
  listMedian(listExpr: string): string;
}
