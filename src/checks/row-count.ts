import { countSchema, countWhere, requiredCount, thresholdArgs, thresholdBounds } from './shared.js';
import type { AggregateCheckType } from './types.js';

const thresholds = thresholdArgs(countSchema, 'count', true);

// row_count is exempt from min_rows: its own bounds say how many rows are expected
// (`max: 0` asserts an empty result on purpose).
export const rowCount: AggregateCheckType = {
  type: 'row_count',
  kind: 'aggregate',
  summary: 'Number of rows after filters is within min/max (or equals a value); default min 1.',
  mainArg: 'min',
  argsSchema: { type: 'object', properties: thresholds.properties, allOf: thresholds.oneWayPerEnd },
  defaults: {},
  argKinds: thresholds.argKinds,
  warnKeys: thresholds.warnKeys,
  ranges: thresholds.ranges,
  bounds: (args) => {
    const bounds = thresholdBounds(args);
    return Object.keys(bounds).length === 0 ? { min: 1 } : bounds;
  },
  example: 'row_count: { min: 1000 }',
  partitionValueDiffers: "a partition's row count is a part of the table's, not the same measure",
  aggregates: (_check, ctx, scope) => ({ rows: countWhere(ctx, scope) }),
  measure: (_check, values) => {
    const rows = requiredCount(values.rows, 'rows');
    return { metric: { name: 'row_count', value: rows, unit: 'count' }, value: rows, rowsEvaluated: null };
  },
};
