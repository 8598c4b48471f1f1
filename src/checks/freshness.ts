import { calendarMonthsBefore } from './calendar-age.js';
import { columnSchema, countWhere, requiredCount, requiredValue } from './shared.js';
import type { AggregateCheckType, CalendarSpan, EvalContext } from './types.js';

/**
 * The newest value and the instant it is aged at. A DATE is a whole day: it is aged from --as-of
 * (midnight), so yesterday's date is 1 day old whatever the hour.
 */
function agedSpan(latest: string, ctx: EvalContext): { newest: number; reference: number } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(latest)) return { newest: Date.parse(latest), reference: Date.parse(ctx.asOf) };
  // Engines print timestamps as `2026-01-03 18:30:00[.fff][+00]`; no offset means UTC.
  const iso = latest.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const instant = Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(iso) ? iso : `${iso}Z`);
  return { newest: instant, reference: ctx.referenceTime.getTime() };
}

/** A `max_age` written in calendar months, quarters or years (converted by the `age` kind). */
const calendarSpan = (value: unknown): CalendarSpan | undefined =>
  typeof value === 'object' && value !== null && typeof (value as CalendarSpan).months === 'number' ? (value as CalendarSpan) : undefined;

export const freshness: AggregateCheckType = {
  type: 'freshness',
  kind: 'aggregate',
  summary: 'The newest value of a date/timestamp column is at most `max_age` old at --as-of (`ignore_time`: in whole days).',
  argsSchema: {
    type: 'object',
    properties: {
      column: columnSchema,
      max_age: { type: 'string', description: 'the oldest the newest value may be' },
      ignore_time: { type: 'boolean', description: 'true: the age is counted in whole days, from the day of the newest value (in the config time zone) to --as-of (dbt-utils recency ignore_time)' },
    },
    required: ['column', 'max_age'],
  },
  defaults: { ignore_time: false },
  argKinds: { max_age: 'age' },
  partitionValueDiffers: "a partition's newest value is not the table's newest value",
  warnKeys: ['max_age'],
  // A calendar max_age is measured in months (age_months), a fixed one in seconds (age).
  bounds: (args) => ({ max: calendarSpan(args.max_age)?.months ?? (args.max_age as number) }),
  example: 'freshness: { column: game_date, max_age: 2 days }',
  aggregates: (check, ctx, scope) => {
    const name = check.args.column as string;
    const column = ctx.column(name);
    const newestOf = (expr: string) => `MAX(${scope === null ? expr : `CASE WHEN ${scope} THEN ${expr} END`})`;
    if (check.args.ignore_time === true) {
      // The newest value's day in the config's time zone: a DATE, aged in whole days.
      return {
        rows: countWhere(ctx, scope, `${column} IS NOT NULL`),
        latest: ctx.dialect.castString(newestOf(ctx.dayColumn(check.table, name, check).day)),
      };
    }
    const newest = newestOf(column);
    // A DATETIME is civil time in the config's time zone: read as the instant it is there, not
    // as UTC (measure reads text without an offset as UTC).
    const instant = ctx.columnType(check.table, name) === 'DATETIME' ? ctx.dialect.civilToInstant(newest, ctx.timeZone) : newest;
    return {
      rows: countWhere(ctx, scope, `${column} IS NOT NULL`),
      latest: ctx.dialect.castString(instant),
    };
  },
  measure: (check, values, ctx) => {
    // MAX over no values is NULL (no values: not measured); an absent column is an incomplete answer.
    const newest = requiredValue(values, 'latest');
    const text = typeof newest === 'string' ? newest : null;
    // ignore_time reads a day; a column compiled without its type (no table metadata) answers
    // its timestamp, whose date part is that day as the engine printed it.
    const latest = text !== null && check.args.ignore_time === true ? text.slice(0, 10) : text;
    const span = latest === null ? null : agedSpan(latest, ctx);
    const inMonths = calendarSpan(check.args.max_age) !== undefined;
    // A value no instant can be read from ages to NaN: not measured, never a pass (evaluate.ts).
    const age =
      span === null
        ? null
        : inMonths
          ? calendarMonthsBefore(new Date(span.newest), new Date(span.reference))
          : (span.reference - span.newest) / 1000;
    return {
      metric: inMonths ? { name: 'age_months', value: age, unit: 'number' } : { name: 'age', value: age, unit: 'seconds' },
      value: age,
      rowsEvaluated: requiredCount(values.rows, 'rows'),
      detail: latest === null ? 'no values' : `newest value ${latest}`,
    };
  },
};
