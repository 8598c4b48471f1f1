// equality: this table holds the same rows as another one (dbt-utils equality), as multisets:
// a row twice here and once there is one differing row. Columns are compared by name (all of
// this table's columns, less `exclude`, or just `compare`), numeric ones rounded to `precision`.
import { ConfigError } from '../config/errors.js';
import type { CheckSpec } from '../config/types.js';
import { LISTED_GROUPS, listedGroups, requiredSummary, selectSetRow, summaryDetails } from './set-rows.js';
import { columnSchema, countSchema, requiredCount, sqlSchema } from './shared.js';
import type { RenderContext, SetCheckType } from './types.js';

const ROUNDED = new Set(['FLOAT64', 'NUMERIC', 'BIGNUMERIC']);

/**
 * The compared columns: `compare` as written, else this table's columns less `exclude` (which
 * takes the table's schema, learned before compiling; without it the check cannot say which).
 */
function comparedColumns(check: CheckSpec, ctx: RenderContext): string[] {
  if (Array.isArray(check.args.compare)) return check.args.compare as string[];
  const all = ctx.tableColumns(check.table);
  const problem = (message: string) => new ConfigError([{ ...check.pos, message: `${check.id}: ${message}` }]);
  if (all === undefined) throw problem(`equality needs the columns of ${check.table} to compare all of them: list them in compare`);
  const excluded = new Set(((check.args.exclude as string[] | undefined) ?? []).map((c) => c.toLowerCase()));
  const columns = all.filter((c) => !excluded.has(c.toLowerCase()));
  if (columns.length === 0) throw problem(`exclude leaves no column of ${check.table} to compare`);
  return columns;
}

/**
 * The compared values of a row: a numeric column is rounded to `precision` when its type is known
 * (the run learns it); a column of unknown type is compared as it is, which can only find more
 * differences.
 */
function comparedValues(check: CheckSpec, ctx: RenderContext, table: string, columns: string[]): { name: string; expr: string }[] {
  const precision = check.args.precision as number | undefined;
  return columns.map((name) => {
    const ref = ctx.column(name);
    const family = ctx.columnType(table, name);
    const rounded = precision !== undefined && family !== undefined && ROUNDED.has(family);
    return { name, expr: rounded ? `ROUND(${ref}, ${precision})` : ref };
  });
}

/**
 * A row as JSON text of its compared values, in one fixed order on both sides, so rows compare
 * (and group: BigQuery cannot group by FLOAT64) as text, and two NULLs are equal as in dbt-utils'
 * EXCEPT.
 */
function rowText(check: CheckSpec, ctx: RenderContext, table: string, columns: string[]): string {
  return ctx.dialect.jsonObject(comparedValues(check, ctx, table, columns));
}

/** Each distinct row (`r`) of `table` limited by `where`, with the rows that hold it (`n`). */
function countedRows(check: CheckSpec, ctx: RenderContext, table: string, columns: string[], where: string | null): string {
  return `SELECT r, COUNT(*) AS n FROM (SELECT ${rowText(check, ctx, table, columns)} AS r FROM ${ctx.table(table)}${where ? ` WHERE ${where}` : ''}) AS t GROUP BY r`;
}

/** The `where` argument, a filter on the `to` table only. */
const otherWhere = (check: CheckSpec, ctx: RenderContext) => (typeof check.args.where === 'string' ? ctx.template(check.args.where) : null);

export const equality: SetCheckType = {
  type: 'equality',
  kind: 'set',
  shape: 'equality',
  summary:
    'This table and `to` hold the same rows, counted with repeats, over the `compare` columns (or all but `exclude`), numeric ones rounded to `precision`; differing rows are listed.',
  mainArg: 'to',
  argsSchema: {
    type: 'object',
    properties: {
      to: { type: 'string', minLength: 1, description: 'the table that should hold the same rows' },
      compare: { type: 'array', items: columnSchema, minItems: 1, description: 'the columns compared (default: all of this table’s)' },
      exclude: { type: 'array', items: columnSchema, minItems: 1, description: 'columns left out of the comparison' },
      precision: { ...countSchema, description: 'decimal places numeric columns are rounded to before comparing' },
      where: { ...sqlSchema, description: 'a filter on the `to` table' },
      max: { ...countSchema, description: 'differing rows allowed (default 0)' },
    },
    required: ['to'],
    not: { description: 'give compare (the columns compared) or exclude (the columns left out), not both', required: ['compare', 'exclude'] },
  },
  defaults: { max: 0 },
  argKinds: { max: 'count' },
  warnKeys: ['max'],
  sqlArgs: { where: 'expression' },
  otherTables: (args) => (typeof args.to === 'string' ? [args.to] : []),
  bounds: (args) => ({ max: args.max as number }),
  // `to` is read whole (or by `where`): a window or --from/--to on this table alone would list
  // every row outside it as a difference.
  partitionScopeProblem: (check) =>
    check.partition
      ? `equality compares with every row of ${check.args.to as string}, which a window or --from/--to cannot limit: compare the partitions in where (on both sides)`
      : undefined,
  example: 'equality: { to: nba_analytics.team_offense_fixed, exclude: [processed_at], precision: 2 }',
  parts: (check, ctx, key, filter) => {
    const d = ctx.dialect;
    const to = check.args.to as string;
    const columns = comparedColumns(check, ctx);
    const here = `${key}_here`;
    const there = `${key}_there`;
    const diff = `${key}_diff`;
    return {
      ctes: [
        // `filter` (file and check where, partitions) is written against this table; the other
        // table gets only the check's `where` argument.
        { name: here, sql: countedRows(check, ctx, check.table, columns, filter) },
        { name: there, sql: countedRows(check, ctx, to, columns, otherWhere(check, ctx)) },
        {
          name: diff,
          sql:
            `SELECT COALESCE(h.r, t.r) AS r, COALESCE(h.n, 0) AS here, COALESCE(t.n, 0) AS there ` +
            `FROM ${here} AS h FULL OUTER JOIN ${there} AS t ON h.r = t.r WHERE h.n IS NULL OR t.n IS NULL OR h.n <> t.n`,
        },
      ],
      selects: [
        `${selectSetRow(ctx, key, 'summary', {
          value: `(SELECT COALESCE(SUM(ABS(here - there)), 0) FROM ${diff})`,
          rows: `(SELECT COALESCE(SUM(n), 0) FROM ${here})`,
          detailJson: d.jsonObject([
            { name: 'other_rows', expr: `(SELECT COALESCE(SUM(n), 0) FROM ${there})` },
            { name: 'distinct_rows', expr: `(SELECT COUNT(*) FROM ${diff})` },
          ]),
        })}`,
        `(${selectSetRow(ctx, key, 'group', {
          keyJson: 'r',
          value: 'ABS(here - there)',
          rows: 'here',
          detailJson: d.jsonObject([
            { name: 'here', expr: 'here' },
            { name: 'there', expr: 'there' },
          ]),
        })} FROM ${diff} ORDER BY ABS(here - there) DESC, key_json LIMIT ${LISTED_GROUPS})`,
      ],
    };
  },
  // This table's rows that `to` holds a different number of times, by their compared values (rows
  // only `to` holds have no row here to show). A value's rows count all its rows here.
  samples: (check, ctx) => {
    const columns = comparedColumns(check, ctx);
    const values = comparedValues(check, ctx, check.table, columns);
    return {
      rows: (filter, keys) => {
        const items = [...keys.map((k) => `${k.expr} AS ${k.alias}`), ...values.map((v, i) => `${v.expr} AS c${i}`), `${rowText(check, ctx, check.table, columns)} AS r`];
        const there = countedRows(check, ctx, check.args.to as string, columns, otherWhere(check, ctx));
        return (
          `SELECT h.*, COUNT(*) OVER (PARTITION BY h.r) AS here, t.n AS there ` +
          `FROM (SELECT ${items.join(', ')} FROM ${ctx.table(check.table)}${filter ? ` WHERE ${filter}` : ''}) AS h ` +
          `LEFT JOIN (${there}) AS t ON h.r = t.r`
        );
      },
      offending: 'here <> COALESCE(there, 0)',
      value: Object.fromEntries(values.map((v, i) => [v.name, `c${i}`])),
    };
  },
  measure: (check, rows) => {
    const summary = requiredSummary(rows);
    const differing = requiredCount(summary.value, 'differing rows');
    const evaluated = requiredCount(summary.rows_evaluated, 'rows evaluated');
    const details = summaryDetails(rows);
    const other = requiredCount(details.other_rows, `rows of ${check.args.to as string}`);
    const distinct = requiredCount(details.distinct_rows, 'distinct differing rows');
    return {
      metric: { name: 'differing_rows', value: differing, unit: 'count' },
      value: differing,
      // This table's rows: an empty one fails min_rows even when the other is empty too.
      rowsEvaluated: evaluated,
      failingGroups: listedGroups(rows, distinct),
      // Each listed group is a row (its compared columns) held a different number of times on each side.
      groupMetric: { name: 'rows', unit: 'count' },
      failingGroupCount: distinct,
      detail:
        `${differing.toLocaleString('en-US')} rows differ between ${evaluated.toLocaleString('en-US')} rows here and ` +
        `${other.toLocaleString('en-US')} in ${check.args.to as string}`,
    };
  },
};
