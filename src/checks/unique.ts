import { GROUP_COUNTS_SHAPE, groupCountMeasurement, groupCountParts } from './group-counts.js';
import { asColumns, columnListSchema } from './shared.js';
import type { SetCheckType } from './types.js';

export const unique: SetCheckType = {
  type: 'unique',
  kind: 'set',
  shape: GROUP_COUNTS_SHAPE,
  summary: 'No key value occurs more than once (rows with a null key part are ignored); duplicates are listed.',
  mainArg: 'columns',
  argsSchema: { type: 'object', properties: { columns: columnListSchema }, required: ['columns'] },
  defaults: {},
  argKinds: {},
  warnKeys: [],
  bounds: () => ({ equals: 0 }),
  example: 'unique: [game_id, player_lookup]',
  parts: (check, ctx, key, filter) => {
    const columns = asColumns(check.args.columns);
    return groupCountParts(check, ctx, key, filter, {
      columns,
      countedGroups: columns.map((c) => `${ctx.column(c)} IS NOT NULL`).join(' AND '),
      offending: 'n > 1',
      worstFirst: 'n DESC',
    });
  },
  measure: (_check, rows) => groupCountMeasurement('duplicate_keys', rows, 'key values occur more than once', { max: 1 }),
};
