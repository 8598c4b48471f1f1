import { columnSchema, countWhere, mostlyArg, mostlyBounds, shareMeasurement } from './shared.js';
import { columnLiteral } from './typed-literal.js';
import type { CheckSpec } from '../config/types.js';
import type { AggregateCheckType, RenderContext } from './types.js';

/** The column's value is one of `values` (each a literal of the column's type). */
function accepted(check: CheckSpec, ctx: RenderContext): string {
  const name = check.args.column as string;
  const values = (check.args.values as unknown[]).map((v) => columnLiteral(ctx, check, name, v, 'accepted value')).join(', ');
  return `${ctx.column(name)} IN (${values})`;
}

export const acceptedValues: AggregateCheckType = {
  type: 'accepted_values',
  kind: 'aggregate',
  summary: 'Share of non-null values that are in `values` is at least `mostly` (default 100%).',
  argsSchema: {
    type: 'object',
    properties: {
      column: columnSchema,
      values: { type: 'array', minItems: 1, items: { type: ['string', 'number', 'boolean'] } },
      mostly: mostlyArg.schema,
    },
    required: ['column', 'values'],
  },
  defaults: { mostly: 1 },
  argKinds: { mostly: 'share' },
  warnKeys: ['mostly'],
  bounds: mostlyBounds,
  example: 'accepted_values: { column: game_status, values: [1, 2, 3] }',
  aggregates: (check, ctx, scope) => {
    const column = ctx.column(check.args.column as string);
    return {
      rows: countWhere(ctx, scope, `${column} IS NOT NULL`),
      pass: countWhere(ctx, scope, accepted(check, ctx)),
    };
  },
  measure: (_check, values) => shareMeasurement('accepted_share', values.pass, values.rows),
  samples: (check, ctx) => {
    const column = ctx.column(check.args.column as string);
    return { offending: `${column} IS NOT NULL AND NOT (${accepted(check, ctx)})`, value: column };
  },
};
