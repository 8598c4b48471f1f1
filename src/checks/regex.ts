import { ConfigError } from '../config/errors.js';
import { columnSchema, mostlyArg, mostlyBounds, nonNullShare, shareMeasurement } from './shared.js';
import type { CheckSpec } from '../config/types.js';
import type { AggregateCheckType, RenderContext } from './types.js';

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
  ...nonNullShare((check, ctx) => [found(check, ctx)]),
  measure: (_check, values) => shareMeasurement('match_share', values.pass, values.rows),
};

/** The pattern is found in the column's value (its text). */
function found(check: CheckSpec, ctx: RenderContext): string {
    const name = check.args.column as string;
    const column = ctx.column(name);
    // A STRING is matched as it is; an INT64 by its digits (the same text on every engine).
    // Other types print differently on BigQuery and DuckDB (1.0 vs 1, time zones), so a pattern
    // on them would not mean one thing: refused. Unknown (no schema): cast, as written.
    const family = ctx.columnType(check.table, name);
    if (family !== undefined && family !== 'STRING' && family !== 'INT64') {
      throw new ConfigError([
        {
          ...check.pos,
          message: `${check.id}: regex needs a STRING (or INT64) column; ${name} of ${check.table} is ${family}: match a text you build in a condition check instead`,
        },
      ]);
    }
    return ctx.dialect.regexContains(
      family === 'STRING' ? column : ctx.dialect.castString(column),
      ctx.dialect.stringLiteral(check.args.pattern as string),
    );
}
