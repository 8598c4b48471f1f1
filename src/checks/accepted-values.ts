import { columnSchema, mostlyArg, mostlyBounds, nonNullShare, shareMeasurement } from './shared.js';
import { columnLiteral } from './typed-literal.js';
import type { CheckSpec } from '../config/types.js';
import type { AggregateCheckType, RenderContext } from './types.js';

/** The column's value is one of `values` (`negated`: none of them), each a literal of the column's type. */
function inValues(check: CheckSpec, ctx: RenderContext, negated: boolean): string {
  const name = check.args.column as string;
  const role = negated ? 'not accepted value' : 'accepted value';
  const list = (check.args.values as unknown[]).map((v) => columnLiteral(ctx, check, name, v, role)).join(', ');
  return `${ctx.column(name)} ${negated ? 'NOT IN' : 'IN'} (${list})`;
}

/**
 * What accepted_values and its negation, not_accepted_values, share: the arguments, `mostly`, the
 * non-null rows counted against those whose value is in `values` (`negated`: not in them), and as
 * samples the non-null values that are not (`negated`: that are).
 */
export function valueListCheck(
  negated: boolean,
): Pick<AggregateCheckType, 'kind' | 'argsSchema' | 'defaults' | 'argKinds' | 'warnKeys' | 'bounds' | 'aggregates' | 'samples'> {
  return {
    kind: 'aggregate',
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
    ...nonNullShare((check, ctx) => [inValues(check, ctx, negated)]),
  };
}

export const acceptedValues: AggregateCheckType = {
  type: 'accepted_values',
  summary: 'Share of non-null values that are in `values` is at least `mostly` (default 100%).',
  ...valueListCheck(false),
  example: 'accepted_values: { column: game_status, values: [1, 2, 3] }',
  measure: (_check, values) => shareMeasurement('accepted_share', values.pass, values.rows),
};
