import { columnSchema, countWhere, durationSchema, requiredCount, requiredValue } from './shared.js';
import type { AggregateCheckType, EvalContext } from './types.js';

const DAY_MS = 86_400_000;

/**
 * Age of the newest value at the reference time. A DATE is a whole day: its age is counted in
 * days from --as-of, so yesterday's date is 1 day old whatever the hour.
 */
function ageSeconds(latest: string, ctx: EvalContext): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(latest)) {
    return ((Date.parse(ctx.asOf) - Date.parse(latest)) / DAY_MS) * 86_400;
  }
  // Engines print timestamps as `2026-01-03 18:30:00[.fff][+00]`; no offset means UTC.
  const iso = latest.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const instant = Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(iso) ? iso : `${iso}Z`);
  return (ctx.referenceTime.getTime() - instant) / 1000;
}

export const freshness: AggregateCheckType = {
  type: 'freshness',
  kind: 'aggregate',
  summary: 'The newest value of a date/timestamp column is at most `max_age` old at --as-of.',
  argsSchema: {
    type: 'object',
    properties: { column: columnSchema, max_age: durationSchema },
    required: ['column', 'max_age'],
  },
  defaults: {},
  argKinds: { max_age: 'duration' },
  partitionValueDiffers: "a partition's newest value is not the table's newest value",
  warnKeys: ['max_age'],
  bounds: (args) => ({ max: args.max_age as number }),
  example: 'freshness: { column: game_date, max_age: 2 days }',
  aggregates: (check, ctx, scope) => {
    const name = check.args.column as string;
    const column = ctx.column(name);
    const newest = `MAX(${scope === null ? column : `CASE WHEN ${scope} THEN ${column} END`})`;
    // A DATETIME is civil time in the config's time zone: read as the instant it is there, not
    // as UTC (measure reads text without an offset as UTC).
    const instant = ctx.columnType(check.table, name) === 'DATETIME' ? ctx.dialect.civilToInstant(newest, ctx.timeZone) : newest;
    return {
      rows: countWhere(ctx, scope, `${column} IS NOT NULL`),
      latest: ctx.dialect.castString(instant),
    };
  },
  measure: (_check, values, ctx) => {
    // MAX over no values is NULL (no values: not measured); an absent column is an incomplete answer.
    const newest = requiredValue(values, 'latest');
    const latest = typeof newest === 'string' ? newest : null;
    const age = latest === null ? null : ageSeconds(latest, ctx);
    return {
      metric: { name: 'age', value: age, unit: 'seconds' },
      value: age,
      rowsEvaluated: requiredCount(values.rows, 'rows'),
      detail: latest === null ? 'no values' : `newest value ${latest}`,
    };
  },
};
