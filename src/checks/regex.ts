import { columnSchema, countWhere, mostlyArg, mostlyBounds, shareMeasurement } from './shared.js';
import type { AggregateCheckType } from './types.js';

export const regex: AggregateCheckType = {
  type: 'regex',
  kind: 'aggregate',
  summary: 'Share of non-null values in which `pattern` is found (RE2, as REGEXP_CONTAINS) is at least `mostly`.',
  argsSchema: {
    type: 'object',
    properties: { column: columnSchema, pattern: { type: 'string', minLength: 1 }, mostly: mostlyArg.schema },
    required: ['column', 'pattern'],
  },
  defaults: { mostly: 1 },
  argKinds: { mostly: 'share' },
  warnKeys: ['mostly'],
  bounds: mostlyBounds,
  example: "regex: { column: game_id, pattern: '^00[0-9]{8}$' }",
  aggregates: (check, ctx, scope) => {
    const column = ctx.column(check.args.column as string);
    const found = ctx.dialect.regexContains(
      ctx.dialect.castString(column),
      ctx.dialect.stringLiteral(check.args.pattern as string),
    );
    return { rows: countWhere(ctx, scope, `${column} IS NOT NULL`), pass: countWhere(ctx, scope, found) };
  },
  measure: (_check, values) => shareMeasurement('match_share', values.pass, values.rows),
};
