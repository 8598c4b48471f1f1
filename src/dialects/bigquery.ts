import type { Dialect, JsonField, QuotedForm } from './dialect.js';
import { lookbackLiteral, numberLiteral, splitTableName, typeFamily } from './shared.js';

const quote = (name: string) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;

// BigQuery strings use backslash escapes; both quote characters are escaped, so the text fits in
// '...', "..." and triple-quoted literals alike.
const escapeString = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
const stringLiteral = (value: string) => `'${escapeString(value)}'`;

// A prefix letter starts a literal only where it is not the end of a name.
const NOT_IN_NAME = '(?<![A-Za-z0-9_])';
const string = (q: string): QuotedForm => ({
  kind: 'string',
  label: `${q}...${q}`,
  open: new RegExp(q, 'y'),
  close: q,
  backslash: true,
  escapeValue: escapeString,
  parameter: true,
});

/** Longest openers first: prefixed literals, triple quotes, then single characters. */
const quoting: QuotedForm[] = [
  { kind: 'comment', label: 'a -- comment', open: /--/y, close: '\n' },
  { kind: 'comment', label: 'a # comment', open: /#/y, close: '\n' },
  { kind: 'comment', label: 'a /* comment */', open: /\/\*/y, close: '*/' },
  // Raw strings keep backslashes (no value can be escaped for them), bytes are not text.
  {
    kind: 'string',
    label: 'a raw string',
    open: new RegExp(`${NOT_IN_NAME}(?:[rR][bB]?|[bB][rR])('''|"""|'|")`, 'y'),
    close: (m) => m[1]!,
    backslash: true,
  },
  { kind: 'string', label: 'a bytes literal', open: new RegExp(`${NOT_IN_NAME}[bB]('''|"""|'|")`, 'y'), close: (m) => m[1]!, backslash: true },
  string("'''"),
  string('"""'),
  string("'"),
  string('"'),
  { kind: 'identifier', label: '`...`', open: /`/y, close: '`', backslash: true },
];

/** `dataset.table` gets the target's project; `project.dataset.table` keeps its own. */
function qualify(table: string, defaultProject?: string): string[] {
  const parts = splitTableName(table);
  return parts.length === 2 && defaultProject ? [defaultProject, ...parts] : parts;
}

export const bigquery: Dialect = {
  name: 'bigquery',
  // Queries of up to 1,024K characters (BigQuery's quotas); merged statements keep a margin.
  capabilities: { countIf: true, queryParameters: true, constantPartitionFilters: true, serialGroupings: false, oneStatementPerTable: true, maxStatementLength: 1_000_000 },
  quoting,

  quoteIdentifier: quote,
  tableRef: (table, defaultProject) => qualify(table, defaultProject).map(quote).join('.'),
  stringLiteral,
  numberLiteral,
  booleanLiteral: (value) => (value ? 'TRUE' : 'FALSE'),
  dateLiteral: (isoDate) => `DATE '${isoDate}'`,

  countIf: (condition) => `COUNTIF(${condition})`,
  safeDivide: (a, b) => `SAFE_DIVIDE(${a}, ${b})`,
  regexContains: (expr, pattern) => `REGEXP_CONTAINS(${expr}, ${pattern})`,
  jsonObject: (fields: JsonField[]) =>
    `TO_JSON_STRING(STRUCT(${fields.map((f) => `${f.expr} AS ${quote(f.name)}`).join(', ')}))`,
  rowToJson: (alias) => `TO_JSON_STRING(${quote(alias)})`,
  castFloat: (expr) => `CAST(${expr} AS FLOAT64)`,
  castInteger: (expr) => `CAST(${expr} AS INT64)`,
  castString: (expr) => `CAST(${expr} AS STRING)`,
  dayOf: (expr, family, timeZone) =>
    family === 'TIMESTAMP' ? `DATE(${expr}, ${stringLiteral(timeZone)})` : family === 'DATETIME' ? `DATE(${expr})` : expr,
  startOfDay: (dateExpr, family, timeZone) =>
    family === 'TIMESTAMP' ? `TIMESTAMP(${dateExpr}, ${stringLiteral(timeZone)})` : family === 'DATETIME' ? `DATETIME(${dateExpr})` : dateExpr,
  civilToInstant: (expr, timeZone) => `TIMESTAMP(${expr}, ${stringLiteral(timeZone)})`,
  // ISOWEEK: weeks from Monday, as DuckDB's date_trunc('week', ...); WEEK would start on Sunday.
  truncateDate: (dateExpr, grain) => `DATE_TRUNC(${dateExpr}, ${grain === 'week' ? 'ISOWEEK' : grain.toUpperCase()})`,
  nextDay: (dateExpr) => `DATE_ADD(${dateExpr}, INTERVAL 1 DAY)`,
  addInterval: (expr, count, part, family) =>
    `${family === 'TIMESTAMP' ? 'TIMESTAMP_ADD' : family === 'DATETIME' ? 'DATETIME_ADD' : 'DATE_ADD'}(${expr}, INTERVAL ${count} ${part.toUpperCase()})`,
  dateSeries: (start, end, column) => `SELECT d AS ${quote(column)} FROM UNNEST(GENERATE_DATE_ARRAY(${start}, ${end})) AS d`,
  columnsQuery: (table, defaultProject) => {
    const parts = qualify(table, defaultProject);
    const name = parts[parts.length - 1];
    // One quoted path: BigQuery reads `project.dataset.INFORMATION_SCHEMA.COLUMNS` as a path.
    const view = quote([...parts.slice(0, -1), 'INFORMATION_SCHEMA', 'COLUMNS'].join('.'));
    return `SELECT column_name, data_type FROM ${view} WHERE table_name = ${stringLiteral(name)} ORDER BY ordinal_position`;
  },
  // TIMESTAMP is an instant; DATETIME a civil date and time.
  typeFamily: (catalogType) => typeFamily(catalogType, 'TIMESTAMP'),
  // An array literal of LAG(v, 1) ... LAG(v, lookback): NULL where there is no such earlier row.
  // BigQuery also accepts ARRAY_AGG(v) OVER (... ROWS BETWEEN n PRECEDING AND 1 PRECEDING), but
  // the BigQuery grammar that checks our golden SQL (node-sql-parser) does not, and the LAG form
  // means the same. Arrays holding NULLs are fine inside a query (only results may not hold them).
  trailingList: (valueExpr, orderExpr, lookback) => {
    const steps = Array.from({ length: Number(lookbackLiteral(lookback)) }, (_, i) => i + 1);
    return `[${steps.map((k) => `LAG(${valueExpr}, ${k}) OVER (ORDER BY ${orderExpr})`).join(', ')}]`;
  },
  // PERCENTILE_CONT is analytic-only in BigQuery, hence OVER () and LIMIT 1; it ignores NULLs.
  listMedian: (listExpr) => `(SELECT PERCENTILE_CONT(x, 0.5) OVER () FROM UNNEST(${listExpr}) AS x LIMIT 1)`,
};
