import { columnSchema, countWhere, mostlyArg, mostlyBounds, shareMeasurement } from './shared.js';
import { columnLiteral } from './typed-literal.js';
import type { CheckSpec } from '../config/types.js';
import type { AggregateCheckType, JsonSchema, RenderContext } from './types.js';

/** The arguments of accepted_values and of its negation, not_accepted_values. */
export const valueListArgsSchema: JsonSchema = {
  type: 'object',
  properties: {
    column: columnSchema,
    values: { type: 'array', minItems: 1, items: { type: ['string', 'number', 'boolean'] } },
    mostly: mostlyArg.schema,
  },
  required: ['column', 'values'],
};

/** `values` as a SQL list of literals of the column's type; `role` names one in errors. */
export function valueList(check: CheckSpec, ctx: RenderContext, role: string): string {
  const name = check.args.column as string;
  return (check.args.values as unknown[]).map((v) => columnLiteral(ctx, check, name, v, role)).join(', ');
}

/** The column's value is one of `values`. */
function accepted(check: CheckSpec, ctx: RenderContext): string {
  return `${ctx.column(check.args.column as string)} IN (${valueList(check, ctx, 'accepted value')})`;
}

export const acceptedValues: AggregateCheckType = {
  type: 'accepted_values',
  kind: 'aggregate',
  summary: 'Share of non-null values that are in `values` is at least `mostly` (default 100%).',
  argsSchema: valueListArgsSchema,
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
