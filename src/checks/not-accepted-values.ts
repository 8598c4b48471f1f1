// The negation of accepted_values (dbt-utils not_accepted_values): the share of non-null values
// that are NOT in `values`. NULLs are neither accepted nor refused, as in accepted_values: they
// are not counted (check them with not_null).
import { columnSchema, countWhere, mostlyArg, mostlyBounds, shareMeasurement } from './shared.js';
import { columnLiteral } from './typed-literal.js';
import type { AggregateCheckType } from './types.js';

export const notAcceptedValues: AggregateCheckType = {
  type: 'not_accepted_values',
  kind: 'aggregate',
  summary: 'Share of non-null values that are not in `values` is at least `mostly` (default 100%); NULLs are not counted.',
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
  example: "not_accepted_values: { column: team_abbr, values: ['', TBD] }",
  aggregates: (check, ctx, scope) => {
    const name = check.args.column as string;
    const column = ctx.column(name);
    const values = (check.args.values as unknown[]).map((v) => columnLiteral(ctx, check, name, v, 'not accepted value')).join(', ');
    return {
      rows: countWhere(ctx, scope, `${column} IS NOT NULL`),
      pass: countWhere(ctx, scope, `${column} NOT IN (${values})`),
    };
  },
  measure: (_check, values) => shareMeasurement('allowed_share', values.pass, values.rows),
};
