import { compareBounds, compareOf, compareSchema, comparedRows, measureCompare } from './row-count-compare.js';
import { countSchema, countWhere, requiredCount, thresholdArgs, thresholdBounds } from './shared.js';
import type { AggregateCheckType } from './types.js';

const thresholds = thresholdArgs(countSchema, 'count', true);

// row_count is exempt from min_rows: its own bounds say how many rows are expected
// (`max: 0` asserts an empty result on purpose). With `compare`, it is not (row-count-compare.ts).
export const rowCount: AggregateCheckType = {
  type: 'row_count',
  kind: 'aggregate',
  summary: 'Number of rows after filters is within min/max (or equals a value), or compares with another table’s by `compare.op`; default min 1.',
  mainArg: 'min',
  argsSchema: {
    type: 'object',
    properties: { ...thresholds.properties, compare: compareSchema },
    allOf: [
      ...thresholds.oneWayPerEnd,
      // Fixed bounds or a comparison, not both.
      {
        not: {
          description: 'compare replaces min, max, equals, min_exclusive and max_exclusive: give one or the other',
          anyOf: Object.keys(thresholds.properties).map((k) => ({ required: ['compare', k] })),
        },
      },
    ],
  },
  defaults: {},
  argKinds: thresholds.argKinds,
  warnKeys: thresholds.warnKeys,
  ranges: thresholds.ranges,
  sqlArgs: { 'compare.where': 'expression' },
  otherTables: (args) => {
    const compare = compareOf(args);
    return compare && typeof compare.table === 'string' ? [compare.table] : [];
  },
  bounds: (args) => {
    const compare = compareOf(args);
    if (compare) return compareBounds(compare);
    const bounds = thresholdBounds(args);
    return Object.keys(bounds).length === 0 ? { min: 1 } : bounds;
  },
  partitionScopeProblem: (check) =>
    compareOf(check.args) && check.partition
      ? `row_count compares with every row of ${compareOf(check.args)!.table}, which a window or --from/--to cannot limit: filter it with compare.where`
      : undefined,
  example: 'row_count: { min: 1000 }',
  aggregates: (check, ctx, scope) => {
    const compare = compareOf(check.args);
    return { rows: countWhere(ctx, scope), ...(compare ? { compared: comparedRows(ctx, compare) } : {}) };
  },
  measure: (check, values) => {
    const compare = compareOf(check.args);
    if (compare) return measureCompare(compare, values.rows, values.compared);
    const rows = requiredCount(values.rows, 'rows');
    return { metric: { name: 'row_count', value: rows, unit: 'count' }, value: rows, rowsEvaluated: null };
  },
};
