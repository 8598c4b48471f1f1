// sequential: the values of a column step by exactly one interval (dbt-utils sequential_values):
// game numbers 1, 2, 3 per team, one row per day. A gap, a repeat or a step back is a break.
import { ConfigError } from '../config/errors.js';
import type { CheckSpec } from '../config/types.js';
import type { DatePart } from '../dialects/dialect.js';
import { countedOffences, listedGroups, requiredSummary, summaryDetails } from './set-rows.js';
import { and, asColumns, columnListSchema, columnSchema, countSchema, requiredCount } from './shared.js';
import type { RenderContext, SetCheckType } from './types.js';

/**
 * The date parts a step may be counted in: calendar parts for DATE and DATETIME columns (a
 * month after Jan 31 is Feb 28/29 on both engines), clock parts for TIMESTAMP and DATETIME.
 */
export const DATEPARTS: readonly DatePart[] = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];
/** An instant has no calendar: BigQuery adds at most days to a TIMESTAMP. */
const TIMESTAMP_PARTS: readonly DatePart[] = ['second', 'minute', 'hour', 'day'];

/** `previous + one interval`, in the column's own type: a number, or `interval` `datepart`s. */
function nextValue(ctx: RenderContext, check: CheckSpec, previous: string): string {
  const interval = check.args.interval as number;
  const datepart = check.args.datepart as DatePart | undefined;
  if (datepart === undefined) return `${previous} + ${ctx.dialect.numberLiteral(interval)}`;
  const column = check.args.column as string;
  const family = ctx.columnType(check.table, column);
  if (family === 'TIMESTAMP' && !TIMESTAMP_PARTS.includes(datepart)) {
    throw new ConfigError([
      {
        ...check.pos,
        message: `${check.id}: ${column} of ${check.table} is a TIMESTAMP, which steps in ${TIMESTAMP_PARTS.join(', ')}; use datepart: day (7 for a week), or a DATE or DATETIME column`,
      },
    ]);
  }
  return ctx.dialect.addInterval(previous, interval, datepart, family);
}

/**
 * A row that breaks the sequence, given its value `v` and its predecessor `prev` (LAG over the
 * group's values in order): every row but each group's first must be one interval after the one
 * before it. A repeated value (v = prev) is a break, and NOT (...) counts a NaN as one.
 */
const breaks = (ctx: RenderContext, check: CheckSpec) => `prev IS NOT NULL AND NOT (v = ${nextValue(ctx, check, 'prev')})`;

/** The `group_by` columns, none when it is absent. */
const groupColumns = (args: Record<string, unknown>) => (args.group_by === undefined ? [] : asColumns(args.group_by));

export const sequential: SetCheckType = {
  type: 'sequential',
  kind: 'set',
  shape: 'sequential',
  summary:
    'Each non-null value of `column` is exactly `interval` (in `datepart`, for dates and times) after the one before it, per group of `group_by`; rows that break the sequence are listed.',
  mainArg: 'column',
  argsSchema: {
    type: 'object',
    properties: {
      column: columnSchema,
      interval: { type: 'integer', minimum: 1, description: 'the step between consecutive values (default 1)' },
      datepart: { enum: [...DATEPARTS], description: 'the unit of the step for a DATE, DATETIME or TIMESTAMP column' },
      group_by: { ...columnListSchema, description: 'columns whose groups each form their own sequence' },
      max: { ...countSchema, description: 'rows allowed to break the sequence (default 0)' },
    },
    required: ['column'],
  },
  defaults: { interval: 1, max: 0 },
  argKinds: { max: 'count' },
  warnKeys: ['max'],
  groupColumns,
  bounds: (args) => ({ max: args.max as number }),
  example: 'sequential: { column: game_date, datepart: day, group_by: [team_abbr] }',
  parts: (check, ctx, key, filter) => {
    const d = ctx.dialect;
    const column = check.args.column as string;
    const groups = groupColumns(check.args);
    // Group columns travel as g0, g1, ... so no column name can clash with v / prev / n.
    const g = groups.map((_, i) => `g${i}`);
    const values = `${key}_values`;
    const broken = `${key}_breaks`;
    const partitionBy = g.length > 0 ? `PARTITION BY ${g.join(', ')} ` : '';
    const selectGroups = groups.map((c, i) => `${ctx.column(c)} AS ${g[i]}, `).join('');
    return {
      ctes: [
        {
          // NULLs are not part of the sequence (not_null says whether they may exist): the row
          // after a NULL is compared with the last value before it, so a NULL hides no gap.
          name: values,
          sql:
            `SELECT ${selectGroups}${ctx.column(column)} AS v FROM ${ctx.table(check.table)} ` +
            `WHERE ${and(filter, `${ctx.column(column)} IS NOT NULL`)}`,
        },
        {
          name: broken,
          sql:
            `SELECT ${g.map((x) => `${x}, `).join('')}v, prev, COUNT(*) AS n FROM (` +
            `SELECT ${g.map((x) => `${x}, `).join('')}v, LAG(v) OVER (${partitionBy}ORDER BY v) AS prev FROM ${values}` +
            `) AS w WHERE ${breaks(ctx, check)} ` +
            `GROUP BY ${[...g, 'v', 'prev'].join(', ')}`,
        },
      ],
      selects: countedOffences(ctx, key, values, broken, 'distinct_breaks', {
        keyJson: d.jsonObject([...groups.map((name, i) => ({ name, expr: g[i]! })), { name: column, expr: 'v' }]),
        detailJson: d.jsonObject([{ name: 'previous', expr: 'prev' }]),
      }),
    };
  },
  // The rows that break the sequence, by their value (and group); among rows of one value, the
  // first by key follows the value before it and the others repeat it.
  samples: (check, ctx) => {
    const column = check.args.column as string;
    const groups = groupColumns(check.args);
    const g = groups.map((_, i) => `g${i}`);
    return {
      rows: (filter, keys) => {
        const col = ctx.column(column);
        const partitionBy = groups.length > 0 ? `PARTITION BY ${groups.map((c) => ctx.column(c)).join(', ')} ` : '';
        const order = [col, ...keys.map((k) => k.expr)].join(', ');
        const items = [
          ...keys.map((k) => `${k.expr} AS ${k.alias}`),
          ...groups.map((c, i) => `${ctx.column(c)} AS ${g[i]}`),
          `${col} AS v`,
          `LAG(${col}) OVER (${partitionBy}ORDER BY ${order}) AS prev`,
        ];
        return `SELECT ${items.join(', ')} FROM ${ctx.table(check.table)} WHERE ${and(filter, `${col} IS NOT NULL`)}`;
      },
      offending: breaks(ctx, check),
      value: groups.length === 0 ? 'v' : Object.fromEntries([...groups.map((name, i) => [name, g[i]!]), [column, 'v']]),
    };
  },
  measure: (check, rows) => {
    const summary = requiredSummary(rows);
    const broken = requiredCount(summary.value, 'rows breaking the sequence');
    const evaluated = requiredCount(summary.rows_evaluated, 'rows evaluated');
    // Every distinct break, not only the listed ones (capped at LISTED_GROUPS).
    const distinct = requiredCount(summaryDetails(rows).distinct_breaks, 'distinct breaks');
    const datepart = check.args.datepart as string | undefined;
    return {
      metric: { name: 'breaking_rows', value: broken, unit: 'count' },
      value: broken,
      rowsEvaluated: evaluated,
      failingGroups: listedGroups(rows, distinct),
      // Each listed group is a value whose predecessor (details.previous) is not one step before it.
      groupMetric: { name: 'rows', unit: 'count' },
      failingGroupCount: distinct,
      detail:
        `${broken.toLocaleString('en-US')} of ${evaluated.toLocaleString('en-US')} rows do not follow the value before them ` +
        `by ${check.args.interval as number}${datepart ? ` ${datepart}` : ''}`,
    };
  },
};
