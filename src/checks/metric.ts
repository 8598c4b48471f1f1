import { countWhere, minMaxEquals, numberSchema, sqlSchema, toNumber } from './shared.js';
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
    const value = toNumber(values.value);
    const exact = typeof values.value === 'string' && value !== null ? values.value : value;
    return {
      metric: { name: 'value', value: exact, unit: 'number' },
      value,
      rowsEvaluated: toNumber(values.rows) ?? 0,
    };
  },
};
