import type { CheckSpec } from '../config/types.js';
import { columnSchema, mostlyArg, mostlyBounds, nonNullShare, shareMeasurement } from './shared.js';
import { columnLiteral } from './typed-literal.js';
import type { AggregateCheckType, RenderContext } from './types.js';

/** Which limits exclude the value itself: strict_min / strict_max, or both with `inclusive: false`. */
function strictEnds(args: Record<string, unknown>): { low: boolean; high: boolean } {
  const all = args.inclusive === false;
  return { low: all || args.strict_min === true, high: all || args.strict_max === true };
}

const limitSchema = { type: ['number', 'string'], description: 'a number, or a date/text compared as such' };

/** The predicates that hold for a value inside the range. */
function inside(check: CheckSpec, ctx: RenderContext): string[] {
  const { args } = check;
  const name = args.column as string;
  const column = ctx.column(name);
  const bound = (value: unknown, what: string) => columnLiteral(ctx, check, name, value, what, 'order');
  const predicates: string[] = [];
  const strict = strictEnds(args);
  if (args.min_value !== undefined) predicates.push(`${column} ${strict.low ? '>' : '>='} ${bound(args.min_value, 'min_value')}`);
  if (args.max_value !== undefined) predicates.push(`${column} ${strict.high ? '<' : '<='} ${bound(args.max_value, 'max_value')}`);
  // DuckDB orders NaN above every number, so `NaN >= min` holds there: a numeric range without
  // a maximum still has +infinity as one, which NaN is above (and fails) on both engines.
  else if (typeof args.min_value === 'number') predicates.push(`${column} <= ${ctx.dialect.castFloat(ctx.dialect.stringLiteral('inf'))}`);
  return predicates;
}

export const between: AggregateCheckType = {
  type: 'between',
  kind: 'aggregate',
  summary: 'Share of non-null values inside [min_value, max_value] is at least `mostly` (default 100%); `strict_min`, `strict_max` or `inclusive: false` exclude the limits.',
  argsSchema: {
    type: 'object',
    properties: {
      column: columnSchema,
      min_value: limitSchema,
      max_value: limitSchema,
      strict_min: { type: 'boolean' },
      strict_max: { type: 'boolean' },
      inclusive: { type: 'boolean', description: 'false: both limits excluded (dbt-utils accepted_range inclusive: false)' },
      mostly: mostlyArg.schema,
    },
    required: ['column'],
    anyOf: [{ required: ['min_value'] }, { required: ['max_value'] }],
  },
  defaults: { strict_min: false, strict_max: false, inclusive: true, mostly: 1 },
  argKinds: { mostly: 'share' },
  warnKeys: ['mostly'],
  bounds: mostlyBounds,
  example: 'between: { column: usage_rate, min_value: 0, max_value: 100 }',
  ranges: [
    {
      low: 'min_value',
      high: 'max_value',
      excludes: (args) => {
        const { low, high } = strictEnds(args);
        if (!low && !high) return undefined;
        return { low, high, why: args.inclusive === false ? 'inclusive: false' : low ? 'strict_min' : 'strict_max' };
      },
    },
  ],
  ...nonNullShare(inside),
  measure: (_check, values) => shareMeasurement('in_range_share', values.pass, values.rows),
};
