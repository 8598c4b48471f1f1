import { writtenTypeFamily } from '../dialects/shared.js';
import type { Value } from '../engines/engine.js';
import { groupRows, parseKey, selectSetRow } from './set-rows.js';
import type { SetCheckType } from './types.js';

// Type names differ between engines (INT64 vs BIGINT): types compare by family, named as in
// BigQuery, so one check file works on both. The engine's catalog type is read by its dialect
// (DuckDB's TIMESTAMP is a DATETIME); an expected type in BigQuery's names or DuckDB's.

/** ` (FAMILY)` when a type's name does not say its family. */
const familyNote = (type: string, family: string) => (type.trim().toUpperCase() === family ? '' : ` (${family})`);

export const schema: SetCheckType = {
  type: 'schema',
  kind: 'set',
  shape: 'schema',
  summary:
    'The table has the listed columns with the listed types, compared by family in BigQuery names (INT64 is DuckDB BIGINT; ' +
    'TIMESTAMP an instant, DuckDB TIMESTAMPTZ; DATETIME a civil date-time, DuckDB TIMESTAMP); extra columns fail only with allow_extra: false.',
  mainArg: 'columns',
  argsSchema: {
    type: 'object',
    properties: {
      columns: { type: 'object', additionalProperties: { type: 'string' }, minProperties: 1 },
      allow_extra: { type: 'boolean' },
    },
    required: ['columns'],
  },
  defaults: { allow_extra: true },
  argKinds: {},
  warnKeys: [],
  bounds: () => ({ equals: 0 }),
  example: 'schema: { columns: { game_id: STRING, game_date: DATE, points: INT64 } }',
  parts: (check, ctx, key) => {
    const columns = `${key}_columns`;
    const keyJson = ctx.dialect.jsonObject([
      { name: 'column_name', expr: 'column_name' },
      { name: 'data_type', expr: 'data_type' },
    ]);
    return {
      ctes: [{ name: columns, sql: ctx.catalogColumns(check.table) }],
      selects: [`${selectSetRow(ctx, key, 'group', { keyJson })} FROM ${columns}`],
    };
  },
  measure: (check, rows, ctx) => {
    const actual = new Map<string, Value>(
      groupRows(rows).map((row) => {
        const key = parseKey(row);
        return [String(key.column_name).toLowerCase(), key.data_type];
      }),
    );
    // No columns at all: the table does not exist, so nothing could be checked.
    if (actual.size === 0) throw new Error(`table ${check.table} not found (no columns in the catalog)`);
    const expected = check.args.columns as Record<string, string>;
    const problems: string[] = [];
    for (const [name, type] of Object.entries(expected)) {
      const found = actual.get(name.toLowerCase());
      if (found === undefined) problems.push(`missing column ${name}`);
      else {
        const actualFamily = ctx.dialect.typeFamily(String(found));
        const expectedFamily = writtenTypeFamily(type);
        if (actualFamily !== expectedFamily) {
          // DuckDB's TIMESTAMP is BigQuery's DATETIME: the same name, another type.
          const hint =
            String(found).trim().toUpperCase() === type.trim().toUpperCase()
              ? `: on ${ctx.dialect.name} ${found} is a ${actualFamily}; write ${actualFamily} in the check`
              : '';
          problems.push(`${name} is ${found}${familyNote(String(found), actualFamily)}, expected ${type}${familyNote(type, expectedFamily)}${hint}`);
        }
      }
    }
    if (!check.args.allow_extra) {
      const known = new Set(Object.keys(expected).map((n) => n.toLowerCase()));
      for (const name of actual.keys()) if (!known.has(name)) problems.push(`unexpected column ${name}`);
    }
    return {
      metric: { name: 'schema_problems', value: problems.length, unit: 'count' },
      value: problems.length,
      rowsEvaluated: null,
      failingGroups: problems.map((problem) => ({ key: { problem }, value: null })),
      failingGroupCount: problems.length,
      detail: problems.length ? problems.join('; ') : `${Object.keys(expected).length} columns as expected`,
    };
  },
};
