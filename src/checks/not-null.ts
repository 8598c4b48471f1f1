import { columnSchema, countWhere, mostlyArg, mostlyBounds, shareMeasurement } from './shared.js';
import type { AggregateCheckType } from './types.js';

export const notNull: AggregateCheckType = {
  type: 'not_null',
  kind: 'aggregate',
  summary: 'Share of rows where the column is not null is at least `mostly` (default 100%).',
  mainArg: 'column',
  argsSchema: {
    type: 'object',
    properties: { column: columnSchema, mostly: mostlyArg.schema },
    required: ['column'],
  },
  defaults: { mostly: 1 },
  argKinds: { mostly: 'share' },
  warnKeys: ['mostly'],
  bounds: mostlyBounds,
  example: 'not_null: { column: player_lookup }',
  aggregates: (check, ctx, scope) => ({
    rows: countWhere(ctx, scope),
    pass: countWhere(ctx, scope, `${ctx.column(check.args.column as string)} IS NOT NULL`),
  }),
  measure: (_check, values) => shareMeasurement('not_null_share', values.pass, values.rows),
  // The value is NULL on every offending row: the rows are listed by their key.
  samples: (check, ctx) => ({ offending: `${ctx.column(check.args.column as string)} IS NULL`, value: null }),
};
