// The negation of accepted_values (dbt-utils not_accepted_values): the share of non-null values
// that are NOT in `values`. NULLs are neither accepted nor refused, as in accepted_values: they
// are not counted (check them with not_null).
import { valueList, valueListArgsSchema } from './accepted-values.js';
import { countWhere, mostlyBounds, shareMeasurement } from './shared.js';
import type { AggregateCheckType } from './types.js';

export const notAcceptedValues: AggregateCheckType = {
  type: 'not_accepted_values',
  kind: 'aggregate',
  summary: 'Share of non-null values that are not in `values` is at least `mostly` (default 100%); NULLs are not counted.',
  argsSchema: valueListArgsSchema,
  defaults: { mostly: 1 },
  argKinds: { mostly: 'share' },
  warnKeys: ['mostly'],
  bounds: mostlyBounds,
  example: "not_accepted_values: { column: team_abbr, values: ['', TBD] }",
  aggregates: (check, ctx, scope) => {
    const column = ctx.column(check.args.column as string);
    return {
      rows: countWhere(ctx, scope, `${column} IS NOT NULL`),
      pass: countWhere(ctx, scope, `${column} NOT IN (${valueList(check, ctx, 'not accepted value')})`),
    };
  },
  measure: (_check, values) => shareMeasurement('allowed_share', values.pass, values.rows),
};
