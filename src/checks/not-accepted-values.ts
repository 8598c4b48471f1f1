// The negation of accepted_values (dbt-utils not_accepted_values): the share of non-null values
// that are NOT in `values`. NULLs are neither accepted nor refused, as in accepted_values: they
// are not counted (check them with not_null).
import { valueListCheck } from './accepted-values.js';
import { shareMeasurement } from './shared.js';
import type { AggregateCheckType } from './types.js';

export const notAcceptedValues: AggregateCheckType = {
  type: 'not_accepted_values',
  summary: 'Share of non-null values that are not in `values` is at least `mostly` (default 100%); NULLs are not counted.',
  ...valueListCheck(true),
  example: "not_accepted_values: { column: team_abbr, values: ['', TBD] }",
  measure: (_check, values) => shareMeasurement('allowed_share', values.pass, values.rows),
};
