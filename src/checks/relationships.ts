import { LISTED_GROUPS, failingGroups, requiredSummary, selectSetRow, summaryDetails } from './set-rows.js';
import { and, columnSchema, mostlyArg, mostlyBounds, requiredCount, toNumber } from './shared.js';
import type { SetCheckType } from './types.js';

export const relationships: SetCheckType = {
  type: 'relationships',
  kind: 'set',
  shape: 'relationships',
  summary: 'Share of non-null values found in `to`.`field` is at least `mostly`; missing values are listed.',
  argsSchema: {
    type: 'object',
    properties: {
      column: columnSchema,
      to: { type: 'string', minLength: 1, description: 'the referenced table' },
      field: columnSchema,
      mostly: mostlyArg.schema,
    },
    required: ['column', 'to', 'field'],
  },
  defaults: { mostly: 1 },
  argKinds: { mostly: 'share' },
  warnKeys: ['mostly'],
  bounds: mostlyBounds,
  example: 'relationships: { column: game_id, to: nba_raw.nbac_schedule, field: game_id }',
  parts: (check, ctx, key, filter) => {
    const column = ctx.column(check.args.column as string);
    const field = ctx.column(check.args.field as string);
    const values = `${key}_values`;
    const missing = `${key}_missing`;
    return {
      ctes: [
        {
          name: values,
          sql: `SELECT ${column} AS v FROM ${ctx.table(check.table)} WHERE ${and(filter, `${column} IS NOT NULL`)}`,
        },
        {
          // An anti-join on the distinct referenced values: one pass over each table.
          name: missing,
          sql:
            `SELECT s.v, COUNT(*) AS n FROM ${values} AS s ` +
            `LEFT JOIN (SELECT DISTINCT ${field} AS v FROM ${ctx.table(check.args.to as string)}) AS p ON s.v = p.v ` +
            `WHERE p.v IS NULL GROUP BY s.v`,
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
          keyJson: ctx.dialect.jsonObject([{ name: check.args.column as string, expr: 'v' }]),
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
    // Both are counts (a COUNT and a COALESCE(SUM, 0)): never NULL.
    const summary = requiredSummary(rows);
    const evaluated = requiredCount(summary.rows_evaluated, 'rows evaluated');
    const missingRows = requiredCount(summary.value, 'rows with a missing value');
    const value = evaluated > 0 ? (evaluated - missingRows) / evaluated : null;
    const groups = failingGroups(rows);
    const missingValues = toNumber(summaryDetails(rows).missing_values);
    return {
      metric: { name: 'found_share', value, unit: 'share' },
      value,
      rowsEvaluated: evaluated,
      failingGroups: groups,
      // Each listed group is a value not found in the referenced table, with the rows that hold it.
      groupMetric: { name: 'rows', unit: 'count' },
      // Distinct values not found, all of them: the listed groups are capped.
      failingGroupCount: missingValues ?? groups.length,
      detail: `${missingRows.toLocaleString('en-US')} of ${evaluated.toLocaleString('en-US')} rows reference a missing value`,
    };
  },
};
