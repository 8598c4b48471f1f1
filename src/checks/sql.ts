import { LISTED_GROUPS, listedGroups, requiredSummary, selectSetRow } from './set-rows.js';
import { countSchema, requiredCount, sqlSchema } from './shared.js';
import type { SetCheckType } from './types.js';

// The user's query returns offending rows, so an empty result is the pass condition: like
// row_count, `sql` is exempt from min_rows. The file-level `where` does not apply to it.
export const sql: SetCheckType = {
  type: 'sql',
  kind: 'set',
  shape: 'sql',
  ownStatement: 'the query is the user\'s own and may read any table: it is billed as written, and it is the likeliest to fail',
  summary: 'A query returning offending rows returns at most `max_rows` (default 0); the first rows are listed.',
  mainArg: 'query',
  argsSchema: { type: 'object', properties: { query: sqlSchema, max_rows: countSchema }, required: ['query'] },
  defaults: { max_rows: 0 },
  argKinds: { max_rows: 'count' },
  warnKeys: ['max_rows'],
  sqlArgs: { query: 'query' },
  bounds: (args) => ({ max: args.max_rows as number }),
  example: 'sql: { query: "SELECT game_id FROM nba_raw.nbac_schedule WHERE home_team_abbr = away_team_abbr" }',
  parts: (check, ctx, key) => {
    const rows = `${key}_rows`;
    const query = ctx.template(check.args.query as string).trim().replace(/;\s*$/, '');
    return {
      ctes: [{ name: rows, sql: query }],
      selects: [
        `${selectSetRow(ctx, key, 'summary', { value: 'COUNT(*)', rows: 'COUNT(*)' })} FROM ${rows}`,
        `(${selectSetRow(ctx, key, 'group', { keyJson: ctx.dialect.rowToJson('r') })} FROM ${rows} AS r LIMIT ${LISTED_GROUPS})`,
      ],
    };
  },
  measure: (_check, rows) => {
    const count = requiredCount(requiredSummary(rows).value, 'offending rows');
    return {
      metric: { name: 'offending_rows', value: count, unit: 'count' },
      value: count,
      rowsEvaluated: null,
      failingGroups: listedGroups(rows, count),
      failingGroupCount: count,
    };
  },
};
