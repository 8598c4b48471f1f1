import { countWhere, minMaxEquals, numberSchema, requiredCount, requiredValue, sqlSchema, toNumber } from './shared.js';
import type { AggregateCheckType } from './types.js';

export const metric: AggregateCheckType = {
  type: 'metric',
  kind: 'aggregate',
  summary: 'The value of a SQL aggregate `expression` lies within min/max (or equals a value).',
  mainArg: 'expression',
  argsSchema: {
    type: 'object',
    properties: { expression: sqlSchema, min: numberSchema, max: numberSchema, equals: numberSchema },
    required: ['expression'],
    anyOf: [{ required: ['min'] }, { required: ['max'] }, { required: ['equals'] }],
  },
  defaults: {},
  argKinds: { min: 'number', max: 'number', equals: 'number' },
  warnKeys: ['min', 'max', 'equals'],
  sqlArgs: { expression: 'expression' },
  bounds: minMaxEquals,
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
