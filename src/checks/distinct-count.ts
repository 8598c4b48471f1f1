// How many different non-null values a column holds: dbt-utils not_constant is `min: 2`,
// a cardinality pinned with `equals`. Rows without a value count as rows, not as a value.
import { columnSchema, countSchema, countWhere, requiredCount, thresholdArgs, thresholdCheckArgs } from './shared.js';
import type { AggregateCheckType } from './types.js';

const thresholds = thresholdArgs(countSchema, 'count', true);

export const distinctCount: AggregateCheckType = {
  type: 'distinct_count',
  kind: 'aggregate',
  summary: 'Number of distinct non-null values of the column is within min/max (or equals a value); 0 rows never pass.',
  ...thresholdCheckArgs(thresholds, { column: columnSchema }, ['column']),
  example: 'distinct_count: { column: team_abbr, min: 2 }',
  partitionValueDiffers: "a partition's distinct values are a subset of the table's",
  aggregates: (check, ctx, scope) => {
    const column = ctx.column(check.args.column as string);
    return {
      rows: countWhere(ctx, scope),
      distinct: `COUNT(DISTINCT ${scope === null ? column : `CASE WHEN ${scope} THEN ${column} END`})`,
    };
  },
  measure: (_check, values) => {
    const rows = requiredCount(values.rows, 'rows');
    const distinct = requiredCount(values.distinct, 'distinct');
    // No rows: nothing was measured (an empty table has no cardinality to judge), never a pass.
    const value = rows > 0 ? distinct : null;
    return {
      metric: { name: 'distinct_values', value, unit: 'count' },
      value,
      rowsEvaluated: rows,
      detail: `${distinct.toLocaleString('en-US')} distinct values in ${rows.toLocaleString('en-US')} rows`,
    };
  },
};
