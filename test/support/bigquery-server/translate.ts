// BigQuery (GoogleSQL) → DuckDB SQL, for the local test server. This is NOT a general
// transpiler: it covers what a compiler for data checks emits, rule by rule, and fails loudly
// (TranslationError → `invalidQuery`) on anything it has no rule for: a function call that is
// neither translated nor the same in DuckDB (SAME_IN_DUCKDB), punctuation outside PUNCTUATION,
// and what it knows it cannot express. (The analyzer has checked the statement before; see
// analyzer.ts.) Every rule is in
// this file with a comment; docs/bigquery.md lists them as a table. Add rules here when the
// compiler starts to emit something new.
//
// The translation works on tokens (lexer.ts), so string literals, comments and quoted names are
// never rewritten by accident, and function rules see their arguments as token ranges that are
// translated recursively (COUNTIF(REGEXP_CONTAINS(...)) works).
import { isTrivia, isWord, SqlSyntaxError, tokenize, type Token } from './lexer.js';

/** A query parameter as the REST API carries it (jobs.insert configuration.query.queryParameters). */
export interface RestQueryParameter {
  name?: string;
  parameterType: RestParameterType;
  parameterValue?: RestParameterValue;
}
export interface RestParameterType {
  type: string;
  arrayType?: RestParameterType;
  structTypes?: { name?: string; type: RestParameterType }[];
}
export interface RestParameterValue {
  value?: string | number | boolean | null;
  arrayValues?: RestParameterValue[];
  structValues?: Record<string, RestParameterValue>;
}

/** A table the query reads or writes, as DuckDB `schema.table` (BigQuery dataset.table). */
export interface TableRef {
  schema: string;
  table: string;
}

export interface Translation {
  /** DuckDB SQL. */
  sql: string;
  /** Tables referenced in FROM / JOIN / INTO / UPDATE / TABLE position, project dropped. */
  tables: TableRef[];
  /** BigQuery's statementType: SELECT, INSERT, DELETE, CREATE_TABLE_AS_SELECT, SCRIPT, ... */
  statementType: string;
}

/** The query cannot be translated: the server answers with reason `invalidQuery`. */
export class TranslationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TranslationError';
  }
}

export interface TranslateOptions {
  parameterMode?: 'NAMED' | 'POSITIONAL' | string;
  queryParameters?: RestQueryParameter[];
}

type Range = [start: number, end: number];

// ---------------------------------------------------------------------------------------------
// Type names (inside CAST / SAFE_CAST and typed literals)
// ---------------------------------------------------------------------------------------------

/** BigQuery type name → DuckDB type name. `null` keeps the BigQuery parameters, e.g. NUMERIC(10,2). */
const TYPE_RULES: Record<string, string> = {
  // INT64 and its aliases are 64-bit signed integers: DuckDB BIGINT.
  INT64: 'BIGINT',
  INT: 'BIGINT',
  INTEGER: 'BIGINT',
  BIGINT: 'BIGINT',
  SMALLINT: 'BIGINT',
  TINYINT: 'BIGINT',
  BYTEINT: 'BIGINT',
  // FLOAT64 is an IEEE double.
  FLOAT64: 'DOUBLE',
  FLOAT: 'DOUBLE',
  // NUMERIC is DECIMAL(38, 9) in BigQuery; DuckDB's bare DECIMAL would be (18, 3).
  NUMERIC: 'DECIMAL(38,9)',
  DECIMAL: 'DECIMAL(38,9)',
  // BIGNUMERIC is (76, 38) in BigQuery; DuckDB stops at 38 digits, so the server keeps 18 of scale.
  BIGNUMERIC: 'DECIMAL(38,18)',
  BIGDECIMAL: 'DECIMAL(38,18)',
  // STRING (with or without a length) is VARCHAR.
  STRING: 'VARCHAR',
  BYTES: 'BLOB',
  BOOL: 'BOOLEAN',
  BOOLEAN: 'BOOLEAN',
  DATE: 'DATE',
  // BigQuery DATETIME is civil time (no zone): DuckDB TIMESTAMP.
  DATETIME: 'TIMESTAMP',
  // BigQuery TIMESTAMP is an absolute instant: DuckDB TIMESTAMPTZ (the server runs in UTC).
  TIMESTAMP: 'TIMESTAMPTZ',
  TIME: 'TIME',
  JSON: 'JSON',
};

/** Translates a type written as tokens (`FLOAT64`, `NUMERIC(10, 2)`, `STRING(20)`). */
function translateType(tokens: Token[]): string {
  const sig = tokens.filter((t) => !isTrivia(t));
  const name = sig[0]?.text.toUpperCase() ?? '';
  const mapped = TYPE_RULES[name];
  if (!mapped) throw new TranslationError(`Type not supported by the test server: ${sig.map((t) => t.text).join('')}`);
  const args = sig.slice(1).map((t) => t.text).join('');
  // Parameterised NUMERIC keeps its precision and scale; STRING(n)/BYTES(n) lose the length.
  if ((name === 'NUMERIC' || name === 'DECIMAL') && args) return `DECIMAL${args}`;
  return mapped;
}

// ---------------------------------------------------------------------------------------------
// Function rules
// ---------------------------------------------------------------------------------------------

interface RuleContext {
  /** Translated SQL of a token range. */
  sql(range: Range): string;
  /** Splits a range at top-level commas. */
  args(range: Range): Range[];
  /** Splits a range at its last top-level `AS`: [expression, alias-or-type]. */
  splitAs(range: Range): [Range, Range] | null;
  /** The non-trivia tokens of a range. */
  tokens(range: Range): Token[];
  /** The absolute token indexes of the non-trivia tokens of a range. */
  indexes(range: Range): number[];
}

type FunctionRule = (inner: Range, ctx: RuleContext, name: string) => string;

function expectArgs(name: string, args: Range[], n: number): void {
  if (args.length !== n) throw new TranslationError(`${name} expects ${n} arguments, got ${args.length}`);
}

/** `INTERVAL <expr> <UNIT>` → [expr SQL, unit]. */
function intervalParts(range: Range, ctx: RuleContext, fn: string): [string, string] {
  const idx = ctx.indexes(range);
  const toks = ctx.tokens(range);
  const last = toks[toks.length - 1];
  if (!isWord(toks[0], 'INTERVAL') || toks.length < 3 || last?.kind !== 'ident') {
    throw new TranslationError(`${fn} expects INTERVAL <n> <part> as its second argument`);
  }
  return [ctx.sql([idx[0]! + 1, idx[idx.length - 1]!]), last.text.toUpperCase()];
}

function datePart(range: Range, ctx: RuleContext, fn: string): string {
  const toks = ctx.tokens(range);
  if (toks.length !== 1 || toks[0]!.kind !== 'ident') throw new TranslationError(`${fn}: unsupported date part`);
  return toks[0]!.text.toLowerCase();
}

const FUNCTION_RULES: Record<string, FunctionRule> = {
  // COUNTIF(cond) → COUNT(CASE WHEN cond THEN 1 END): counts rows where cond is TRUE (not NULL).
  COUNTIF: (inner, ctx) => `COUNT(CASE WHEN ${ctx.sql(inner)} THEN 1 END)`,

  // SAFE_DIVIDE(a, b) → a / NULLIF(b, 0) as DOUBLE: NULL instead of a division-by-zero error,
  // FLOAT64 result as in BigQuery.
  SAFE_DIVIDE: (inner, ctx) => {
    const args = ctx.args(inner);
    expectArgs('SAFE_DIVIDE', args, 2);
    return `(CAST(${ctx.sql(args[0]!)} AS DOUBLE) / NULLIF(CAST(${ctx.sql(args[1]!)} AS DOUBLE), 0))`;
  },

  // REGEXP_CONTAINS(s, re) → regexp_matches(s, re): both are RE2 partial matches.
  REGEXP_CONTAINS: (inner, ctx) => {
    const args = ctx.args(inner);
    expectArgs('REGEXP_CONTAINS', args, 2);
    return `regexp_matches(${ctx.sql(args[0]!)}, ${ctx.sql(args[1]!)})`;
  },

  // TO_JSON_STRING(x) → to_json(x)::VARCHAR. With STRUCT(...) inside (rule below) this gives
  // {"x":..,"y":..}; with a table alias, DuckDB's row-as-struct gives every column.
  TO_JSON_STRING: (inner, ctx) => {
    const args = ctx.args(inner);
    if (args.length !== 1) throw new TranslationError('TO_JSON_STRING with pretty_print is not supported by the test server');
    return `CAST(to_json(${ctx.sql(args[0]!)}) AS VARCHAR)`;
  },

  // STRUCT(a AS x, b AS y) → struct_pack(x := a, y := b). A field without alias is named after
  // its column (`t.col` → col) as BigQuery does, else _field_N.
  STRUCT: (inner, ctx) => {
    const fields = ctx.args(inner).map((arg, i) => {
      const split = ctx.splitAs(arg);
      if (split) {
        const alias = ctx.tokens(split[1]);
        if (alias.length !== 1) throw new TranslationError('STRUCT field alias must be a single name');
        return `${quoteIdent(alias[0]!.value)} := ${ctx.sql(split[0])}`;
      }
      const toks = ctx.tokens(arg);
      const last = toks[toks.length - 1];
      const plainColumn = toks.every((t) => t.kind === 'ident' || t.kind === 'qident' || t.text === '.');
      const name = plainColumn && last ? last.value.split('.').pop()! : `_field_${i + 1}`;
      return `${quoteIdent(name)} := ${ctx.sql(arg)}`;
    });
    return `struct_pack(${fields.join(', ')})`;
  },

  // CAST(x AS FLOAT64) → CAST(x AS DOUBLE); STRING → VARCHAR; INT64 → BIGINT; see TYPE_RULES.
  CAST: (inner, ctx) => castRule('CAST', inner, ctx),
  // SAFE_CAST(x AS T) → TRY_CAST(x AS T'): NULL instead of an error.
  SAFE_CAST: (inner, ctx) => castRule('TRY_CAST', inner, ctx),

  // DATE_SUB(d, INTERVAL n DAY) → CAST(d - INTERVAL (n) DAY AS DATE): DuckDB's DATE - INTERVAL
  // is a TIMESTAMP, BigQuery's is a DATE.
  DATE_SUB: (inner, ctx) => dateShift('DATE_SUB', '-', inner, ctx, 'DATE'),
  // DATE_ADD(d, INTERVAL n DAY) → CAST(d + INTERVAL (n) DAY AS DATE).
  DATE_ADD: (inner, ctx) => dateShift('DATE_ADD', '+', inner, ctx, 'DATE'),
  // TIMESTAMP_SUB/ADD(ts, INTERVAL n HOUR) → (ts -/+ INTERVAL (n) HOUR).
  TIMESTAMP_SUB: (inner, ctx) => dateShift('TIMESTAMP_SUB', '-', inner, ctx, null),
  TIMESTAMP_ADD: (inner, ctx) => dateShift('TIMESTAMP_ADD', '+', inner, ctx, null),
  DATETIME_SUB: (inner, ctx) => dateShift('DATETIME_SUB', '-', inner, ctx, null),
  DATETIME_ADD: (inner, ctx) => dateShift('DATETIME_ADD', '+', inner, ctx, null),

  // DATE_DIFF(end, start, DAY) → date_diff('day', start, end): part boundaries crossed, as in
  // BigQuery (argument order differs).
  DATE_DIFF: (inner, ctx) => {
    const args = ctx.args(inner);
    expectArgs('DATE_DIFF', args, 3);
    return `date_diff('${datePart(args[2]!, ctx, 'DATE_DIFF')}', ${ctx.sql(args[1]!)}, ${ctx.sql(args[0]!)})`;
  },
  // TIMESTAMP_DIFF(end, start, SECOND) → date_sub('second', start, end): whole parts elapsed
  // (truncated), which is BigQuery's TIMESTAMP_DIFF semantics.
  TIMESTAMP_DIFF: (inner, ctx) => {
    const args = ctx.args(inner);
    expectArgs('TIMESTAMP_DIFF', args, 3);
    return `date_sub('${datePart(args[2]!, ctx, 'TIMESTAMP_DIFF')}', ${ctx.sql(args[1]!)}, ${ctx.sql(args[0]!)})`;
  },

  // DATE_TRUNC(d, MONTH) → CAST(date_trunc('month', d) AS DATE).
  DATE_TRUNC: (inner, ctx) => {
    const args = ctx.args(inner);
    expectArgs('DATE_TRUNC', args, 2);
    return `CAST(date_trunc('${datePart(args[1]!, ctx, 'DATE_TRUNC')}', ${ctx.sql(args[0]!)}) AS DATE)`;
  },
  // TIMESTAMP_TRUNC(ts, HOUR) → date_trunc('hour', ts) (UTC; the time zone argument is not supported).
  TIMESTAMP_TRUNC: (inner, ctx) => {
    const args = ctx.args(inner);
    expectArgs('TIMESTAMP_TRUNC', args, 2);
    return `date_trunc('${datePart(args[1]!, ctx, 'TIMESTAMP_TRUNC')}', ${ctx.sql(args[0]!)})`;
  },

  // The constructors the compiler uses for TIMESTAMP and DATETIME partitions (the analyzer has
  // checked the argument types). DATE(ts, zone) → the civil date of the instant in zone;
  // DATE(ts) → in UTC; DATE(datetime) → its date.
  DATE: (inner, ctx) => {
    const args = ctx.args(inner);
    if (args.length === 1) return `CAST(${ctx.sql(args[0]!)} AS DATE)`;
    expectArgs('DATE', args, 2);
    return `CAST(timezone(${ctx.sql(args[1]!)}, ${ctx.sql(args[0]!)}) AS DATE)`;
  },
  // TIMESTAMP(date, zone) → the instant of midnight of that date in zone.
  TIMESTAMP: (inner, ctx) => {
    const args = ctx.args(inner);
    expectArgs('TIMESTAMP', args, 2);
    return `timezone(${ctx.sql(args[1]!)}, CAST(${ctx.sql(args[0]!)} AS TIMESTAMP))`;
  },
  // DATETIME(date) → midnight of that date, civil time.
  DATETIME: (inner, ctx) => {
    const args = ctx.args(inner);
    expectArgs('DATETIME', args, 1);
    return `CAST(${ctx.sql(args[0]!)} AS TIMESTAMP)`;
  },

  // CURRENT_TIMESTAMP() / CURRENT_DATE() → CURRENT_TIMESTAMP / CURRENT_DATE (no parentheses in DuckDB).
  CURRENT_TIMESTAMP: (inner, ctx) => noArgs('CURRENT_TIMESTAMP', inner, ctx),
  CURRENT_DATE: (inner, ctx) => noArgs('CURRENT_DATE', inner, ctx),

  // LOGICAL_AND / LOGICAL_OR → bool_and / bool_or.
  LOGICAL_AND: (inner, ctx) => `bool_and(${ctx.sql(inner)})`,
  LOGICAL_OR: (inner, ctx) => `bool_or(${ctx.sql(inner)})`,

  // PERCENTILE_CONT(x, p) OVER (...) → quantile_cont(x, p) OVER (...): both interpolate linearly
  // and ignore NULLs (the OVER clause follows the call and is translated as it is). The compiler
  // reads the median of a trailing list with it (dialect listMedian).
  PERCENTILE_CONT: (inner, ctx) => {
    const args = ctx.args(inner);
    expectArgs('PERCENTILE_CONT', args, 2);
    return `quantile_cont(${ctx.sql(args[0]!)}, ${ctx.sql(args[1]!)})`;
  },

  // GENERATE_DATE_ARRAY(a, b[, INTERVAL n DAY]) → generate_series over DATEs, cast back to DATE[]
  // (DuckDB's series of dates is TIMESTAMPs); both ends included, as in BigQuery. The compiler
  // lists expected calendar partitions with it (dialect dateSeries).
  GENERATE_DATE_ARRAY: (inner, ctx) => {
    const args = ctx.args(inner);
    if (args.length !== 2 && args.length !== 3) throw new TranslationError(`GENERATE_DATE_ARRAY expects 2 or 3 arguments, got ${args.length}`);
    const [amount, unit] = args[2] ? intervalParts(args[2], ctx, 'GENERATE_DATE_ARRAY') : ['1', 'DAY'];
    return (
      `CAST(generate_series(CAST(${ctx.sql(args[0]!)} AS DATE), CAST(${ctx.sql(args[1]!)} AS DATE), ` +
      `INTERVAL (${amount}) ${unit}) AS DATE[])`
    );
  },
};

function castRule(fn: string, inner: Range, ctx: RuleContext): string {
  const split = ctx.splitAs(inner);
  if (!split) throw new TranslationError(`${fn} expects <expr> AS <type>`);
  return `${fn}(${ctx.sql(split[0])} AS ${translateType(ctx.tokens(split[1]))})`;
}

function dateShift(fn: string, op: '+' | '-', inner: Range, ctx: RuleContext, castTo: 'DATE' | null): string {
  const args = ctx.args(inner);
  expectArgs(fn, args, 2);
  const [amount, unit] = intervalParts(args[1]!, ctx, fn);
  const shifted = `(${ctx.sql(args[0]!)}) ${op} INTERVAL (${amount}) ${unit}`;
  return castTo ? `CAST(${shifted} AS ${castTo})` : `(${shifted})`;
}

function noArgs(name: string, inner: Range, ctx: RuleContext): string {
  if (ctx.tokens(inner).length > 0) throw new TranslationError(`${name} with a time zone is not supported by the test server`);
  return name;
}

// ---------------------------------------------------------------------------------------------
// INFORMATION_SCHEMA
// ---------------------------------------------------------------------------------------------

/** DuckDB's information_schema.columns.data_type → BigQuery's type names. */
const BQ_DATA_TYPE = `CASE
    WHEN data_type IN ('BIGINT','INTEGER','SMALLINT','TINYINT','HUGEINT','UBIGINT','UINTEGER','USMALLINT','UTINYINT','UHUGEINT') THEN 'INT64'
    WHEN data_type IN ('DOUBLE','FLOAT') THEN 'FLOAT64'
    WHEN data_type LIKE 'DECIMAL(%' THEN CASE WHEN numeric_scale > 9 THEN 'BIGNUMERIC' ELSE 'NUMERIC' END
    WHEN data_type = 'VARCHAR' THEN 'STRING'
    WHEN data_type = 'BOOLEAN' THEN 'BOOL'
    WHEN data_type = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP'
    WHEN data_type = 'TIMESTAMP' THEN 'DATETIME'
    WHEN data_type = 'BLOB' THEN 'BYTES'
    ELSE data_type END`;

/**
 * `dataset.INFORMATION_SCHEMA.COLUMNS` → information_schema.columns filtered to the schema, with
 * BigQuery's type names in data_type. `.TABLES` likewise (BASE TABLE / VIEW as table_type).
 */
function informationSchema(dataset: string, view: string): string {
  const schema = stringLiteral(dataset);
  if (view === 'COLUMNS') {
    return (
      `(SELECT table_catalog, table_schema, table_name, column_name, ordinal_position, is_nullable, ` +
      `${BQ_DATA_TYPE} AS data_type FROM information_schema.columns WHERE table_schema = ${schema})`
    );
  }
  return `(SELECT table_catalog, table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = ${schema})`;
}

// ---------------------------------------------------------------------------------------------
// Literals and parameters
// ---------------------------------------------------------------------------------------------

/** A DuckDB string literal: standard SQL, quotes doubled, backslashes are plain characters. */
export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A query parameter becomes an inlined, typed DuckDB literal. A parameter without a value (which
 * is what the client sends for a DATE given as a plain string) is NULL, as in BigQuery.
 */
export function parameterLiteral(type: RestParameterType, value: RestParameterValue | undefined): string {
  const t = type.type.toUpperCase();
  if (t === 'ARRAY') {
    const items = value?.arrayValues;
    if (!items) return `CAST(NULL AS ${duckTypeOf(type)})`;
    return `CAST([${items.map((v) => parameterLiteral(type.arrayType!, v)).join(', ')}] AS ${duckTypeOf(type)})`;
  }
  if (t === 'STRUCT') {
    const values = value?.structValues;
    if (!values) return `CAST(NULL AS ${duckTypeOf(type)})`;
    const fields = (type.structTypes ?? []).map(
      (f) => `${quoteIdent(f.name ?? '')} := ${parameterLiteral(f.type, values[f.name ?? ''])}`,
    );
    return `struct_pack(${fields.join(', ')})`;
  }
  const raw = value?.value;
  if (raw === undefined || raw === null) return `CAST(NULL AS ${duckTypeOf(type)})`;
  const text = String(raw);
  const bad = () => new TranslationError(`Invalid ${t} value for query parameter: ${text}`);
  switch (t) {
    case 'STRING':
      return stringLiteral(text);
    case 'INT64':
    case 'INTEGER':
    case 'INT':
      if (!/^[-+]?\d+$/.test(text)) throw bad();
      return `CAST(${stringLiteral(text)} AS BIGINT)`;
    case 'FLOAT64':
    case 'FLOAT':
      if (Number.isNaN(Number(text)) && text !== 'NaN') throw bad();
      return `CAST(${stringLiteral(text)} AS DOUBLE)`;
    case 'NUMERIC':
    case 'BIGNUMERIC':
    case 'DECIMAL':
    case 'BIGDECIMAL':
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw bad();
      return `CAST(${stringLiteral(text)} AS ${duckTypeOf(type)})`;
    case 'BOOL':
    case 'BOOLEAN':
      if (!/^(true|false)$/i.test(text)) throw bad();
      return text.toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
    case 'DATE':
      if (!/^\d{4}-\d{1,2}-\d{1,2}$/.test(text)) throw bad();
      return `DATE ${stringLiteral(text)}`;
    case 'DATETIME':
      return `CAST(${stringLiteral(text)} AS TIMESTAMP)`;
    case 'TIMESTAMP':
      return `CAST(${stringLiteral(text)} AS TIMESTAMPTZ)`;
    case 'TIME':
      return `CAST(${stringLiteral(text)} AS TIME)`;
    case 'BYTES':
      return `from_base64(${stringLiteral(text)})`;
    case 'JSON':
      return `CAST(${stringLiteral(text)} AS JSON)`;
    default:
      throw new TranslationError(`Query parameter type not supported by the test server: ${t}`);
  }
}

function duckTypeOf(type: RestParameterType): string {
  const t = type.type.toUpperCase();
  if (t === 'ARRAY') return `${duckTypeOf(type.arrayType!)}[]`;
  if (t === 'STRUCT') {
    return `STRUCT(${(type.structTypes ?? []).map((f) => `${quoteIdent(f.name ?? '')} ${duckTypeOf(f.type)}`).join(', ')})`;
  }
  const mapped = TYPE_RULES[t];
  if (!mapped) throw new TranslationError(`Query parameter type not supported by the test server: ${t}`);
  return mapped;
}

// ---------------------------------------------------------------------------------------------
// The translator
// ---------------------------------------------------------------------------------------------

/**
 * Functions passed through as written: DuckDB has them under the same name with the same
 * arguments and meaning for the types BigQuery allows (the analyzer has checked the types).
 * Any other call is refused (see identifier()).
 */
const SAME_IN_DUCKDB = new Set([
  // Aggregates (NULLs ignored in both)
  'COUNT', 'SUM', 'MIN', 'MAX', 'AVG',
  // Analytic (window) functions
  'ROW_NUMBER', 'RANK', 'DENSE_RANK', 'LAG', 'LEAD', 'FIRST_VALUE', 'LAST_VALUE',
  // Conditionals
  'COALESCE', 'IFNULL', 'NULLIF', 'IF', 'GREATEST', 'LEAST',
  // Numbers
  'ABS', 'FLOOR', 'CEIL', 'SQRT', 'SIGN',
  // Half away from zero in both (equality's precision)
  'ROUND',
  // Strings (1-based positions in both)
  'LOWER', 'UPPER', 'LENGTH', 'TRIM', 'LTRIM', 'RTRIM', 'CONCAT', 'SUBSTR', 'REPLACE', 'STARTS_WITH', 'ENDS_WITH',
  // Arrays
  'ARRAY_LENGTH',
]);

/** Words that may stand before `(` without being a function call. */
const KEYWORDS_BEFORE_PARENTHESIS = new Set([
  'IN', 'EXISTS', 'OVER', 'AS', 'VALUES', 'FROM', 'JOIN', 'ON', 'USING', 'AND', 'OR', 'NOT', 'WHEN', 'THEN', 'ELSE',
  'SELECT', 'WHERE', 'HAVING', 'QUALIFY', 'BY', 'ALL', 'DISTINCT', 'UNION', 'INTERSECT', 'EXCEPT', 'WITH', 'ANY',
  'SOME', 'LIKE', 'BETWEEN', 'IS', 'CASE', 'INTERVAL', 'ARRAY', 'ROLLUP', 'INTO', 'TABLE', 'SET', 'RETURN', 'LIMIT',
]);

/** GoogleSQL punctuation the translation keeps as it is. */
const PUNCTUATION = new Set(['(', ')', '[', ']', ',', '.', ';', '+', '-', '*', '/', '=', '<', '>', '<>', '!=', '<=', '>=', '||', '<<', '>>', '&', '|', '^', '~']);

/** Keywords after which an identifier chain is a table name. */
const TABLE_POSITION = ['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'USING'];

/** Words that can follow a table reference without being its alias. */
const NOT_AN_ALIAS = new Set(
  [
    'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'HAVING', 'QUALIFY', 'WINDOW', 'JOIN', 'INNER', 'LEFT', 'RIGHT',
    'FULL', 'CROSS', 'ON', 'USING', 'UNION', 'INTERSECT', 'EXCEPT', 'FOR', 'TABLESAMPLE', 'SET', 'WHEN',
  ].map((w) => w.toUpperCase()),
);

class Translator {
  readonly tables: TableRef[] = [];
  private positionalIndex = 0;
  private readonly named = new Map<string, RestQueryParameter>();
  private readonly positional: RestQueryParameter[] = [];

  constructor(
    private readonly tokens: Token[],
    options: TranslateOptions,
  ) {
    const mode = (options.parameterMode ?? 'NAMED').toUpperCase();
    for (const p of options.queryParameters ?? []) {
      if (mode === 'POSITIONAL') this.positional.push(p);
      // GoogleSQL parameter names are case-insensitive.
      else this.named.set((p.name ?? '').toLowerCase(), p);
    }
  }

  private next(i: number): number {
    let j = i + 1;
    while (j < this.tokens.length && isTrivia(this.tokens[j])) j++;
    return j;
  }

  private prev(i: number): number {
    let j = i - 1;
    while (j >= 0 && isTrivia(this.tokens[j])) j--;
    return j;
  }

  /** Index of the `)` matching the `(` at `open`. */
  private close(open: number): number {
    let depth = 0;
    for (let i = open; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.kind !== 'punct') continue;
      if (t.text === '(' || t.text === '[') depth++;
      else if (t.text === ')' || t.text === ']') {
        depth--;
        if (depth === 0) return i;
      }
    }
    throw new TranslationError('Unbalanced parentheses');
  }

  private ctx: RuleContext = {
    sql: (range) => this.translate(range).trim(),
    args: (range) => this.split(range, (t) => t.kind === 'punct' && t.text === ','),
    splitAs: (range) => {
      const parts = this.split(range, (t) => isWord(t, 'AS') && t.kind === 'ident');
      if (parts.length < 2) return null;
      const last = parts[parts.length - 1]!;
      return [[range[0], last[0] - 1], last];
    },
    tokens: (range) => this.tokens.slice(range[0], range[1]).filter((t) => !isTrivia(t)),
    indexes: (range) => {
      const out: number[] = [];
      for (let i = range[0]; i < range[1]; i++) if (!isTrivia(this.tokens[i])) out.push(i);
      return out;
    },
  };

  /** Splits a range at top-level tokens matching `sep`. */
  private split(range: Range, sep: (t: Token) => boolean): Range[] {
    const out: Range[] = [];
    let depth = 0;
    let start = range[0];
    for (let i = range[0]; i < range[1]; i++) {
      const t = this.tokens[i]!;
      if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) depth++;
      else if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) depth--;
      else if (depth === 0 && sep(t)) {
        out.push([start, i]);
        start = i + 1;
      }
    }
    out.push([start, range[1]]);
    return out.filter(([s, e]) => this.tokens.slice(s, e).some((t) => !isTrivia(t)));
  }

  translate([start, end]: Range): string {
    let out = '';
    for (let i = start; i < end; i++) {
      const tok = this.tokens[i]!;
      switch (tok.kind) {
        case 'ws':
          out += tok.text;
          break;
        // Comments are dropped: `#` comments do not exist in DuckDB.
        case 'comment':
          out += ' ';
          break;
        // String literals (any quote style, raw or not) → standard SQL '...' with the decoded text.
        case 'string':
          out += stringLiteral(tok.value);
          break;
        // Bytes literals b'..' → a BLOB.
        case 'bytes':
          out += `CAST(${stringLiteral(tok.value)} AS BLOB)`;
          break;
        // @name → the parameter's value as a typed literal.
        case 'param': {
          const p = this.named.get(tok.value.toLowerCase());
          if (!p) throw new TranslationError(`Query parameter '${tok.value}' not found at [${tok.pos}]`);
          out += parameterLiteral(p.parameterType, p.parameterValue);
          break;
        }
        // ? → the next positional parameter.
        case 'qmark': {
          const p = this.positional[this.positionalIndex++];
          if (!p) throw new TranslationError('Not enough positional query parameters');
          out += parameterLiteral(p.parameterType, p.parameterValue);
          break;
        }
        case 'sysvar':
          throw new TranslationError(`System variables are not supported by the test server: ${tok.text}`);
        case 'punct': {
          // SELECT * EXCEPT (a, b) → SELECT * EXCLUDE (a, b).
          const n = this.next(i);
          if (tok.text === '*' && isWord(this.tokens[n], 'EXCEPT') && this.tokens[this.next(n)]?.text === '(') {
            out += '* EXCLUDE';
            i = n;
          } else if (PUNCTUATION.has(tok.text)) {
            out += tok.text;
          } else {
            // DuckDB's `::`, `%`, `{...}`, `=>` named arguments: not GoogleSQL, or not translated.
            throw new TranslationError(`Syntax not supported by the test server: ${tok.text} at [${tok.pos}]`);
          }
          break;
        }
        case 'ident':
        case 'qident': {
          i = this.identifier(i, (s) => (out += s));
          break;
        }
        default:
          out += tok.text;
      }
    }
    return out;
  }

  /** Handles a word or quoted name at `i`; returns the index of the last token consumed. */
  private identifier(i: number, emit: (s: string) => void): number {
    const tok = this.tokens[i]!;
    const n = this.next(i);
    const nextTok = this.tokens[n];
    const upper = tok.text.toUpperCase();

    // `FROM UNNEST(list) [AS] x` → `FROM UNNEST(list) AS "__unnest_x"(x)`: in BigQuery x names the
    // element; in DuckDB an alias after UNNEST names the table (x would be a one-field struct),
    // so the element gets the column alias.
    if (tok.kind === 'ident' && upper === 'UNNEST' && nextTok?.text === '(') {
      const before = this.tokens[this.prev(i)];
      if (isWord(before, 'FROM', 'JOIN') || before?.text === ',') {
        const close = this.close(n);
        let at = this.next(close);
        if (isWord(this.tokens[at], 'AS')) at = this.next(at);
        const alias = this.tokens[at];
        const call = `UNNEST(${this.ctx.sql([n + 1, close])})`;
        if ((alias?.kind === 'ident' && !NOT_AN_ALIAS.has(alias.text.toUpperCase()) && !isWord(alias, 'WITH')) || alias?.kind === 'qident') {
          emit(`${call} AS ${quoteIdent(`__unnest_${alias.value}`)}(${quoteIdent(alias.value)})`);
          return at;
        }
        emit(call);
        return close;
      }
    }
    // Function call with a rule.
    if (tok.kind === 'ident' && nextTok?.text === '(' && FUNCTION_RULES[upper]) {
      const close = this.close(n);
      emit(FUNCTION_RULES[upper]!([n + 1, close], this.ctx, upper));
      return close;
    }
    // Typed literals: TIMESTAMP '..' is an instant (TIMESTAMPTZ), DATETIME '..' is civil time,
    // NUMERIC '..' / BIGNUMERIC '..' are exact decimals. DATE '..' is the same in both.
    if (tok.kind === 'ident' && nextTok?.kind === 'string') {
      const literalType = { TIMESTAMP: 'TIMESTAMPTZ', DATETIME: 'TIMESTAMP', NUMERIC: 'DECIMAL(38,9)', BIGNUMERIC: 'DECIMAL(38,18)', JSON: 'JSON' }[upper];
      if (literalType) {
        emit(`CAST(${stringLiteral(nextTok.value)} AS ${literalType})`);
        return n;
      }
    }

    // An identifier chain a.b.`c.d` (no trivia inside).
    const parts: Token[] = [tok];
    let last = i;
    while (
      this.tokens[last + 1]?.text === '.' &&
      this.tokens[last + 1]?.kind === 'punct' &&
      (this.tokens[last + 2]?.kind === 'ident' || this.tokens[last + 2]?.kind === 'qident')
    ) {
      parts.push(this.tokens[last + 2]!);
      last += 2;
    }
    const names = parts.flatMap((p) => (p.kind === 'qident' ? p.value.split('.') : [p.value]));
    // After FROM/JOIN a name followed by `(` is a table function (UNNEST(...)); after INTO/TABLE
    // the parenthesis is a column list.
    const before = this.tokens[this.prev(i)];
    const tablePosition =
      isWord(before, ...TABLE_POSITION) && (!isWord(before, 'FROM', 'JOIN') || this.tokens[this.next(last)]?.text !== '(');

    if (tablePosition && names.length >= 2) {
      const view = names[names.length - 1]!.toUpperCase();
      if (names[names.length - 2]!.toUpperCase() === 'INFORMATION_SCHEMA') {
        // [project.]dataset.INFORMATION_SCHEMA.COLUMNS|TABLES
        if (names.length < 3) throw new TranslationError('INFORMATION_SCHEMA needs a dataset qualifier in the test server');
        if (view !== 'COLUMNS' && view !== 'TABLES') {
          throw new TranslationError(`INFORMATION_SCHEMA.${view} is not supported by the test server`);
        }
        const after = this.tokens[this.next(last)];
        const hasAlias =
          after !== undefined &&
          (isWord(after, 'AS') || ((after.kind === 'ident' || after.kind === 'qident') && !NOT_AN_ALIAS.has(after.text.toUpperCase())));
        emit(informationSchema(names[names.length - 3]!, view) + (hasAlias ? '' : ` AS ${quoteIdent(view)}`));
        return last;
      }
      // `project.dataset.table` → "dataset"."table": the server has one project.
      if (names.length > 3) throw new TranslationError(`Invalid table name: ${names.join('.')}`);
      const [schema, table] = names.slice(-2) as [string, string];
      this.tables.push({ schema, table });
      emit(`${quoteIdent(schema)}.${quoteIdent(table)}`);
      return last;
    }

    // A call of a function without a rule (or a name path like SAFE.F or net.host followed by
    // `(`) is refused: passed through as written it would run as DuckDB's function of that name.
    if (this.tokens[this.next(last)]?.text === '(' && !(tablePosition && names.length >= 2)) {
      const called = parts.map((p) => p.text).join('.');
      const keyword = parts.length === 1 && tok.kind === 'ident' && KEYWORDS_BEFORE_PARENTHESIS.has(upper);
      if (!keyword && !tablePosition && !(parts.length === 1 && tok.kind === 'ident' && SAME_IN_DUCKDB.has(upper))) {
        throw new TranslationError(`Function not supported by the test server: ${called} at [${tok.pos}]`);
      }
    }

    // The ingestion-time pseudo-column _PARTITIONDATE, unqualified, is the date of the table's
    // real _PARTITIONTIME column (midnight UTC of the partition day). As an alias (`AS
    // _PARTITIONDATE`) or qualified (`actual._PARTITIONDATE`, a CTE's column) it is a plain name.
    if (names.length === 1 && names[0]!.toUpperCase() === '_PARTITIONDATE' && !isWord(before, 'AS')) {
      emit(`CAST(${quoteIdent('_PARTITIONTIME')} AS DATE)`);
      return last;
    }

    // Anything else: backtick identifiers → double-quoted, unquoted words as written.
    emit(parts.map((p) => (p.kind === 'qident' ? p.value.split('.').map(quoteIdent).join('.') : p.text)).join('.'));
    return last;
  }
}

// ---------------------------------------------------------------------------------------------
// Statement type
// ---------------------------------------------------------------------------------------------

/**
 * BigQuery's statementType, from the text: several statements (or DECLARE/BEGIN/IF...) are a
 * SCRIPT; otherwise the leading keywords decide.
 */
export function statementTypeOf(tokens: Token[]): string {
  const sig = tokens.filter((t) => !isTrivia(t));
  let depth = 0;
  let statements = 0;
  let inStatement = false;
  for (const t of sig) {
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    if (t.kind === 'punct' && t.text === ';' && depth === 0) {
      inStatement = false;
    } else if (!inStatement) {
      inStatement = true;
      statements++;
    }
  }
  const words = sig.filter((t) => t.kind === 'ident').map((t) => t.text.toUpperCase());
  const first = sig.find((t) => t.text !== '(');
  const head = first?.kind === 'ident' ? first.text.toUpperCase() : '';
  if (statements > 1 || ['DECLARE', 'BEGIN', 'IF', 'LOOP', 'WHILE', 'REPEAT', 'CALL', 'SET', 'EXECUTE', 'FOR'].includes(head)) {
    return 'SCRIPT';
  }
  if (head === 'SELECT' || head === 'WITH') return 'SELECT';
  if (['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(head)) return head;
  if (head === 'TRUNCATE') return 'TRUNCATE_TABLE';
  if (head === 'EXPORT') return 'EXPORT_DATA';
  const object = words.find((w) => ['TABLE', 'VIEW', 'SCHEMA', 'FUNCTION', 'PROCEDURE', 'MODEL'].includes(w)) ?? '';
  if (head === 'CREATE') {
    const materialized = words.includes('MATERIALIZED') && object === 'VIEW' ? 'MATERIALIZED_' : '';
    if (object === 'TABLE') {
      // CREATE TABLE ... AS SELECT: an AS at depth 0 followed by SELECT / WITH / (.
      let d = 0;
      for (let k = 0; k < sig.length - 1; k++) {
        if (sig[k]!.text === '(') d++;
        if (sig[k]!.text === ')') d--;
        if (d === 0 && isWord(sig[k], 'AS') && (isWord(sig[k + 1], 'SELECT', 'WITH') || sig[k + 1]!.text === '(')) {
          return 'CREATE_TABLE_AS_SELECT';
        }
      }
    }
    return object ? `CREATE_${materialized}${object}` : 'CREATE';
  }
  if (head === 'DROP' || head === 'ALTER') return object ? `${head}_${object}` : head;
  return head || 'SELECT';
}

/** Translates one BigQuery query (or script) to DuckDB SQL. */
export function translate(sql: string, options: TranslateOptions = {}): Translation {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch (e) {
    if (e instanceof SqlSyntaxError) throw new TranslationError(`Syntax error: ${e.message} at [${e.pos}]`);
    throw e;
  }
  const translator = new Translator(tokens, options);
  const out = translator.translate([0, tokens.length]);
  return { sql: out, tables: translator.tables, statementType: statementTypeOf(tokens) };
}
