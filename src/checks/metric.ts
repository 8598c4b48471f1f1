import { countWhere, numberSchema, requiredCount, requiredValue, sqlSchema, thresholdArgs, thresholdCheckArgs, toNumber } from './shared.js';
import type { AggregateCheckType } from './types.js';

const thresholds = thresholdArgs(numberSchema, 'number', true);

export const metric: AggregateCheckType = {
  type: 'metric',
  kind: 'aggregate',
  summary: 'The value of a SQL aggregate `expression` lies within min/max (or equals a value).',
  mainArg: 'expression',
  ...thresholdCheckArgs(thresholds, { expression: sqlSchema }, ['expression']),
  sqlArgs: { expression: 'expression' },
  example: 'metric: { expression: avg(points), min: 90, max: 130 }',
  filterInQuery: true,
  // The expression's own type, not a cast to a double: a sum of INT64 beyond 2^53 or a NUMERIC
  // reaches the report exactly (as decimal text when a number cannot hold it).
  aggregates: (check, ctx, scope) => ({
    rows: countWhere(ctx, scope),
    value: `(${ctx.template(check.args.expression as string)})`,
  }),
  measure: (_check, values) => {
    // The expression may be NULL (AVG over no rows: not measured); an absent column is an incomplete answer.
    const raw = requiredValue(values, 'value');
    const value = toNumber(raw);
    const exact = typeof raw === 'string' && value !== null ? raw : value;
    return {
      metric: { name: 'value', value: exact, unit: 'number' },
      value,
      rowsEvaluated: requiredCount(values.rows, 'rows'),
    };
  },
};
