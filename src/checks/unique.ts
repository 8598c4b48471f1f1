import { GROUP_COUNTS_SHAPE, groupCountMeasurement, groupCountParts } from './group-counts.js';
import { asColumns, columnListSchema } from './shared.js';
import type { SetCheckType } from './types.js';

export const unique: SetCheckType = {
  type: 'unique',
  kind: 'set',
  shape: GROUP_COUNTS_SHAPE,
  summary:
    'No key value occurs more than once; duplicates are listed. Rows with a null key part are ignored (`nulls: distinct`, the default) ' +
    'or NULL counts as a value (`nulls: equal`: two rows (1, NULL) are duplicates).',
  mainArg: 'columns',
  argsSchema: {
    type: 'object',
    properties: {
      columns: columnListSchema,
      nulls: { enum: ['distinct', 'equal'], description: 'distinct: a NULL equals nothing (SQL); equal: NULL key parts are compared as values' },
    },
    required: ['columns'],
  },
  defaults: { nulls: 'distinct' },
  argKinds: {},
  groupColumns: (args) => (args.columns === undefined ? [] : asColumns(args.columns)),
  warnKeys: [],
  bounds: () => ({ equals: 0 }),
  example: 'unique: [game_id, player_lookup]',
  parts: (check, ctx, key, filter) => {
    const columns = asColumns(check.args.columns);
    return groupCountParts(check, ctx, key, filter, {
      columns,
      // Grouping puts NULLs in one group on every engine, which is what `equal` asks for;
      // `distinct` leaves groups with a null key part uncounted.
      countedGroups: check.args.nulls === 'equal' ? null : columns.map((c) => `${ctx.column(c)} IS NOT NULL`).join(' AND '),
      offending: 'n > 1',
      worstFirst: 'most rows',
    });
  },
  measure: (_check, rows) => groupCountMeasurement('duplicate_keys', rows, 'key values occur more than once', { max: 1 }),
  // A duplicate is a key value on two or more rows (rows with a null key part are ignored, unless
  // `nulls: equal`).
  samples: (check, ctx) => {
    const columns = asColumns(check.args.columns);
    return {
      offending: check.args.nulls === 'equal' ? 'TRUE' : columns.map((c) => `${ctx.column(c)} IS NOT NULL`).join(' AND '),
      value: columns.length === 1 ? ctx.column(columns[0]!) : Object.fromEntries(columns.map((name) => [name, ctx.column(name)])),
      minRows: 2,
    };
  },
};
