import { countWhere, mostlyArg, mostlyBounds, shareMeasurement, sqlSchema } from './shared.js';
import type { AggregateCheckType } from './types.js';

export const condition: AggregateCheckType = {
  type: 'condition',
  kind: 'aggregate',
  summary: 'Share of rows where the row-level SQL predicate `expression` holds is at least `mostly`.',
  mainArg: 'expression',
  argsSchema: {
    type: 'object',
    properties: { expression: sqlSchema, mostly: mostlyArg.schema },
    required: ['expression'],
  },
  defaults: { mostly: 1 },
  argKinds: { mostly: 'share' },
  warnKeys: ['mostly'],
  sqlArgs: { expression: 'expression' },
  bounds: mostlyBounds,
  example: 'condition: { expression: fg_made <= fg_attempts }',
  aggregates: (check, ctx, scope) => ({
    rows: countWhere(ctx, scope),
    // A predicate that is NULL for a row does not hold for it.
    pass: countWhere(ctx, scope, ctx.template(check.args.expression as string)),
  }),
  measure: (_check, values) => shareMeasurement('condition_share', values.pass, values.rows),
  // A row fails when the predicate does not hold, NULL included; it has no one value: rows by key.
  samples: (check, ctx) => ({ offending: `NOT COALESCE((${ctx.template(check.args.expression as string)}), FALSE)`, value: null }),
};
