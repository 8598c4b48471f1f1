import { notNull } from './not-null.js';
import { columnSchema, shareMeasurement, shareSchema, thresholdArgs, thresholdCheckArgs } from './shared.js';
import type { AggregateCheckType } from './types.js';

// The same measurement as not_null, stated as a coverage target: "usage_rate coverage ≥ 45%".
const thresholds = thresholdArgs(shareSchema, 'share', false);

export const coverage: AggregateCheckType = {
  type: 'coverage',
  kind: 'aggregate',
  summary: 'Share of rows where the column is not null lies within min/max (`min_exclusive`/`max_exclusive` exclude the limit).',
  mainArg: 'column',
  ...thresholdCheckArgs(thresholds, { column: columnSchema }, ['column']),
  example: 'coverage: { column: usage_rate, min: 45% }',
  aggregates: notNull.aggregates,
  measure: (_check, values) => shareMeasurement('coverage', values.pass, values.rows),
  // Too little coverage: the rows with a null are the ones to look at. With a `max`, the check
  // may fail for too much coverage, where no row is at fault.
  samples: (check, ctx) => (check.args.max === undefined ? notNull.samples!(check, ctx) : undefined),
};
