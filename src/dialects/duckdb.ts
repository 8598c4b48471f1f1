import type { Dialect, JsonField, QuotedForm } from './dialect.js';
import { lookbackLiteral, numberLiteral, splitTableName, typeFamily } from './shared.js';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
// Standard strings: a quote is doubled, a backslash is just a backslash.
const escapeString = (value: string) => value.replace(/'/g, "''");
const stringLiteral = (value: string) => `'${escapeString(value)}'`;

// A prefix (E'...', $tag$) starts a literal only where it is not the end of a name.
const NOT_IN_NAME = '(?<![A-Za-z0-9_$])';

/** Longest openers first. */
const quoting: QuotedForm[] = [
  { kind: 'comment', label: 'a -- comment', open: /--/y, close: '\n' },
  { kind: 'comment', label: 'a /* comment */', open: /\/\*/y, close: '*/', nests: '/*' },
  {
    kind: 'string',
    label: "E'...'",
    open: new RegExp(`${NOT_IN_NAME}[eE]'`, 'y'),
    close: "'",
    doubled: true,
    backslash: true,
    escapeValue: (value) => value.replace(/\\/g, '\\\\').replace(/'/g, "''"),
  },
  // Nothing can be escaped inside $$...$$: no value may go there.
  { kind: 'string', label: 'a dollar-quoted string', open: new RegExp(`${NOT_IN_NAME}\\$(?:[A-Za-z_][A-Za-z0-9_]*)?\\$`, 'y'), close: (m) => m[0] },
  { kind: 'string', label: "'...'", open: /'/y, close: "'", doubled: true, escapeValue: escapeString, parameter: true },
  { kind: 'identifier', label: '"..."', open: /"/y, close: '"', doubled: true },
];

export const duckdb: Dialect = {
  name: 'duckdb',
  capabilities: { countIf: false, queryParameters: false, constantPartitionFilters: false, serialGroupings: true, oneStatementPerTable: false },
  quoting,

  quoteIdentifier: quote,
  // DuckDB has no projects: a three-part name is catalog.schema.table.
  tableRef: (table) => splitTableName(table).map(quote).join('.'),
  stringLiteral,
  numberLiteral,
  booleanLiteral: (value) => (value ? 'TRUE' : 'FALSE'),
  dateLiteral: (isoDate) => `DATE '${isoDate}'`,

  countIf: (condition) => `COUNT(CASE WHEN ${condition} THEN 1 END)`,
  safeDivide: (a, b) => `(CAST(${a} AS DOUBLE) / NULLIF(${b}, 0))`,
  regexContains: (expr, pattern) => `regexp_matches(${expr}, ${pattern})`,
  jsonObject: (fields: JsonField[]) =>
    `CAST(to_json(struct_pack(${fields.map((f) => `${quote(f.name)} := ${f.expr}`).join(', ')})) AS VARCHAR)`,
  rowToJson: (alias) => `CAST(to_json(${quote(alias)}) AS VARCHAR)`,
  castFloat: (expr) => `CAST(${expr} AS DOUBLE)`,
  castInteger: (expr) => `CAST(${expr} AS BIGINT)`,
  castString: (expr) => `CAST(${expr} AS VARCHAR)`,
  // timezone(zone, TIMESTAMPTZ) is the civil time there; timezone(zone, TIMESTAMP) the instant
  // of that civil time there.
  dayOf: (expr, family, timeZone) =>
    family === 'TIMESTAMP'
      ? `CAST(timezone(${stringLiteral(timeZone)}, ${expr}) AS DATE)`
      : family === 'DATETIME'
        ? `CAST(${expr} AS DATE)`
        : expr,
  startOfDay: (dateExpr, family, timeZone) =>
    family === 'TIMESTAMP'
      ? `timezone(${stringLiteral(timeZone)}, CAST(${dateExpr} AS TIMESTAMP))`
      : family === 'DATETIME'
        ? `CAST(${dateExpr} AS TIMESTAMP)`
        : dateExpr,
  civilToInstant: (expr, timeZone) => `timezone(${stringLiteral(timeZone)}, ${expr})`,
  // date_trunc('week', ...) starts ISO weeks on Monday, as BigQuery's ISOWEEK.
  truncateDate: (dateExpr, grain) => `CAST(date_trunc(${stringLiteral(grain)}, ${dateExpr}) AS DATE)`,
  nextDay: (dateExpr) => `CAST(${dateExpr} + INTERVAL 1 DAY AS DATE)`,
  // A DATE plus an INTERVAL is a TIMESTAMP at midnight, which compares equal to that DATE.
  addInterval: (expr, count, part) => `(${expr} + INTERVAL ${count} ${part.toUpperCase()})`,
  dateSeries: (start, end, column) =>
    `SELECT CAST(d AS DATE) AS ${quote(column)} FROM ` +
    `(SELECT unnest(generate_series(CAST(${start} AS TIMESTAMP), CAST(${end} AS TIMESTAMP), INTERVAL 1 DAY)) AS d)`,
  columnsQuery: (table) => {
    const parts = splitTableName(table);
    const [schema, name] = parts.slice(-2);
    return (
      `SELECT column_name, data_type FROM information_schema.columns ` +
      `WHERE table_schema = ${stringLiteral(schema)} AND table_name = ${stringLiteral(name)} ORDER BY ordinal_position`
    );
  },
  // TIMESTAMP is a civil date and time (BigQuery DATETIME); TIMESTAMP WITH TIME ZONE an instant.
  typeFamily: (catalogType) => typeFamily(catalogType, 'DATETIME'),
  // list() is an aggregate usable as a window function: the frame holds exactly the previous
  // rows (an empty frame gives NULL). list_median ignores NULL elements.
  trailingList: (valueExpr, orderExpr, lookback) =>
    `list(${valueExpr}) OVER (ORDER BY ${orderExpr} ROWS BETWEEN ${lookbackLiteral(lookback)} PRECEDING AND 1 PRECEDING)`,
  listMedian: (listExpr) => `list_median(${listExpr})`,
};
