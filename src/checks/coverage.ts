import { notNull } from './not-null.js';
import { columnSchema, minMaxEquals, shareMeasurement, shareSchema } from './shared.js';
import type { AggregateCheckType } from './types.js';

// The same measurement as not_null, stated as a coverage target: "usage_rate coverage ≥ 45%".
export const coverage: AggregateCheckType = {
  type: 'coverage',
  kind: 'aggregate',
  summary: 'Share of rows where the column is not null lies within min/max (min or max required).',
  mainArg: 'column',
  argsSchema: {
    type: 'object',
    properties: { column: columnSchema, min: shareSchema, max: shareSchema },
    required: ['column'],
    anyOf: [{ required: ['min'] }, { required: ['max'] }],
  },
  defaults: {},
  argKinds: { min: 'share', max: 'share' },
  warnKeys: ['min', 'max'],
  bounds: minMaxEquals,
  example: 'coverage: { column: usage_rate, min: 45% }',
  aggregates: notNull.aggregates,
  measure: (_check, values) => shareMeasurement('coverage', values.pass, values.rows),
  // Too little coverage: the rows with a null are the ones to look at. With a `max`, the check
  // may fail for too much coverage, where no row is at fault.
  samples: (check, ctx) => (check.args.max === undefined ? notNull.samples!(check, ctx) : undefined),
};
