import type { Dialect, JsonField } from './dialect.js';
import { lookbackLiteral, numberLiteral, splitTableName } from './shared.js';

const quote = (name: string) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;

// BigQuery string literals use backslash escapes.
const stringLiteral = (value: string) =>
  `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

/** `dataset.table` gets the target's project; `project.dataset.table` keeps its own. */
function qualify(table: string, defaultProject?: string): string[] {
  const parts = splitTableName(table);
  return parts.length === 2 && defaultProject ? [defaultProject, ...parts] : parts;
}

export const bigquery: Dialect = {
  name: 'bigquery',
  formatterLanguage: 'bigquery',
  capabilities: { countIf: true, queryParameters: true },

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
  dateSeries: (start, end, column) => `SELECT d AS ${quote(column)} FROM UNNEST(GENERATE_DATE_ARRAY(${start}, ${end})) AS d`,
  columnsQuery: (table, defaultProject) => {
    const parts = qualify(table, defaultProject);
    const name = parts[parts.length - 1];
    // One quoted path: BigQuery reads `project.dataset.INFORMATION_SCHEMA.COLUMNS` as a path.
    const view = quote([...parts.slice(0, -1), 'INFORMATION_SCHEMA', 'COLUMNS'].join('.'));
    return `SELECT column_name, data_type FROM ${view} WHERE table_name = ${stringLiteral(name)} ORDER BY ordinal_position`;
  },
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
