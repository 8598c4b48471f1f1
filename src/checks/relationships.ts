import { LISTED_GROUPS, listedGroups, requiredSummary, selectSetRow, summaryDetails } from './set-rows.js';
import { ConfigError } from '../config/errors.js';
import type { CheckSpec } from '../config/types.js';
import { and, asColumns, columnListSchema, mostlyArg, mostlyBounds, requiredCount } from './shared.js';
import type { SetCheckType } from './types.js';

/**
 * The key: `column` here and `field` in `to`, one column each or lists of the same length
 * (a composite key, matched position by position). Travels as `v` (one column) or v0, v1, ...
 */
function keyMapping(check: CheckSpec): { columns: string[]; fields: string[]; aliases: string[] } {
  const columns = asColumns(check.args.column);
  const fields = asColumns(check.args.field);
  if (columns.length !== fields.length) {
    throw new ConfigError([
      { ...check.pos, message: `${check.id}: column names ${columns.length} column(s) and field ${fields.length}; a composite key maps column to field position by position` },
    ]);
  }
  return { columns, fields, aliases: columns.length === 1 ? ['v'] : columns.map((_, i) => `v${i}`) };
}

export const relationships: SetCheckType = {
  type: 'relationships',
  kind: 'set',
  shape: 'relationships',
  summary:
    'Share of non-null values (keys without a null part) found in `to`.`field` is at least `mostly`; missing values are listed. `column` and `field` may name composite keys, position by position.',
  argsSchema: {
    type: 'object',
    properties: {
      column: { ...columnListSchema, description: 'the referencing column, or columns of a composite key' },
      to: { type: 'string', minLength: 1, description: 'the referenced table' },
      field: { ...columnListSchema, description: 'the referenced column, or columns in the order of column' },
      mostly: mostlyArg.schema,
    },
    required: ['column', 'to', 'field'],
  },
  defaults: { mostly: 1 },
  argKinds: { mostly: 'share' },
  warnKeys: ['mostly'],
  otherTables: (args) => (typeof args.to === 'string' ? [args.to] : []),
  bounds: mostlyBounds,
  example: 'relationships: { column: game_id, to: nba_raw.nbac_schedule, field: game_id }',
  parts: (check, ctx, key, filter) => {
    const { columns, fields, aliases } = keyMapping(check);
    const values = `${key}_values`;
    const missing = `${key}_missing`;
    const sv = aliases.map((a) => `s.${a}`).join(', ');
    return {
      ctes: [
        {
          // A key with a NULL part references nothing (not_null says whether it may exist).
          name: values,
          sql:
            `SELECT ${columns.map((c, i) => `${ctx.column(c)} AS ${aliases[i]}`).join(', ')} FROM ${ctx.table(check.table)} ` +
            `WHERE ${and(filter, ...columns.map((c) => `${ctx.column(c)} IS NOT NULL`))}`,
        },
        {
          // An anti-join on the distinct referenced values: one pass over each table.
          name: missing,
          sql:
            `SELECT ${sv}, COUNT(*) AS n FROM ${values} AS s ` +
            `LEFT JOIN (SELECT DISTINCT ${fields.map((f, i) => `${ctx.column(f)} AS ${aliases[i]}`).join(', ')} FROM ${ctx.table(check.args.to as string)}) AS p ` +
            `ON ${aliases.map((a) => `s.${a} = p.${a}`).join(' AND ')} ` +
            `WHERE p.${aliases[0]} IS NULL GROUP BY ${sv}`,
        },
      ],
      selects: [
        // The listed groups stop at LISTED_GROUPS; the summary counts every missing value.
        `${selectSetRow(ctx, key, 'summary', {
          value: `(SELECT COALESCE(SUM(n), 0) FROM ${missing})`,
          rows: `(SELECT COUNT(*) FROM ${values})`,
          detailJson: ctx.dialect.jsonObject([{ name: 'missing_values', expr: `(SELECT COUNT(*) FROM ${missing})` }]),
        })}`,
        `(${selectSetRow(ctx, key, 'group', {
          keyJson: ctx.dialect.jsonObject(columns.map((name, i) => ({ name, expr: aliases[i]! }))),
          value: 'n',
          rows: 'n',
        })} FROM ${missing} ORDER BY n DESC, key_json LIMIT ${LISTED_GROUPS})`,
      ],
    };
  },
  // NOT IN over the referenced values without NULLs: a NULL there would make every row unknown.
  samples: (check, ctx) => {
    const column = ctx.column(check.args.column as string);
    const field = ctx.column(check.args.field as string);
    return {
      offending: `${column} IS NOT NULL AND ${column} NOT IN (SELECT ${field} FROM ${ctx.table(check.args.to as string)} WHERE ${field} IS NOT NULL)`,
      value: column,
    };
  },
  measure: (_check, rows) => {
    // All three are counts (COUNTs and a COALESCE(SUM, 0)): never NULL.
    const summary = requiredSummary(rows);
    const evaluated = requiredCount(summary.rows_evaluated, 'rows evaluated');
    const missingRows = requiredCount(summary.value, 'rows with a missing value');
    const value = evaluated > 0 ? (evaluated - missingRows) / evaluated : null;
    // Distinct values not found, all of them: the listed groups are capped.
    const distinct = requiredCount(summaryDetails(rows).missing_values, 'distinct missing values');
    return {
      metric: { name: 'found_share', value, unit: 'share' },
      value,
      rowsEvaluated: evaluated,
      failingGroups: listedGroups(rows, distinct),
      // Each listed group is a value not found in the referenced table, with the rows that hold it.
      groupMetric: { name: 'rows', unit: 'count' },
      failingGroupCount: distinct,
      detail: `${missingRows.toLocaleString('en-US')} of ${evaluated.toLocaleString('en-US')} rows reference a missing value`,
    };
  },
};
