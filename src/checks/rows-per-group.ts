import type { CheckSpec } from '../config/types.js';
import { GROUP_COUNTS_SHAPE, groupCountMeasurement, groupCountParts } from './group-counts.js';
import { asColumns, columnListSchema, countSchema, minMaxEquals } from './shared.js';
import type { SetCheckType } from './types.js';

/** `n` outside the per-group bounds. */
function offending(check: CheckSpec): string {
  const { min, max, equals } = minMaxEquals(check.args);
  const breaks: string[] = [];
  if (min !== undefined) breaks.push(`n < ${min}`);
  if (max !== undefined) breaks.push(`n > ${max}`);
  if (equals !== undefined) breaks.push(`n <> ${equals}`);
  return breaks.join(' OR ');
}

export const rowsPerGroup: SetCheckType = {
  type: 'rows_per_group',
  kind: 'set',
  shape: GROUP_COUNTS_SHAPE,
  summary: 'Every group of `by` has a row count within min/max (or equal to `equals`); offending groups are listed.',
  argsSchema: {
    type: 'object',
    properties: { by: columnListSchema, min: countSchema, max: countSchema, equals: countSchema },
    required: ['by'],
    anyOf: [{ required: ['min'] }, { required: ['max'] }, { required: ['equals'] }],
  },
  defaults: {},
  argKinds: { min: 'count', max: 'count', equals: 'count' },
  groupColumns: (args) => (args.by === undefined ? [] : asColumns(args.by)),
  // The per-group bounds are arguments; the check's own threshold is "no group breaks them".
  warnKeys: [],
  bounds: () => ({ equals: 0 }),
  example: 'rows_per_group: { by: game_id, equals: 2 }',
  parts: (check, ctx, key, filter) =>
    groupCountParts(check, ctx, key, filter, {
      columns: asColumns(check.args.by),
      countedGroups: null,
      offending: offending(check),
      // Partial saves show up as too few rows: list the smallest groups first unless only max is set.
      worstFirst: check.args.min === undefined && check.args.equals === undefined ? 'most rows' : 'fewest rows',
    }),
  measure: (check, rows) => groupCountMeasurement('groups_out_of_bounds', rows, 'groups break the row-count bounds', minMaxEquals(check.args)),
};
