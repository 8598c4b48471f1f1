// row_count's `compare`: this table's row count against another table's (dbt-utils
// equal_rowcount, fewer_rows_than), as the difference `rows - factor × other rows` bounded by 0.
import type { Value } from '../engines/engine.js';
import type { Bounds } from '../run/report.js';
import { requiredCount, sqlSchema } from './shared.js';
import type { JsonSchema, Measurement, RenderContext } from './types.js';

export interface RowCountCompare {
  table: string;
  where?: string;
  op: Op;
  factor?: number;
}

/** The relation `rows op factor × other rows`, as bounds on their difference. */
const OPS = {
  '=': { equals: 0 },
  '<': { max: 0, strictMax: true },
  '<=': { max: 0 },
  '>': { min: 0, strictMin: true },
  '>=': { min: 0 },
  // On the difference's absolute value (measureCompare): Bounds has no "not equal".
  '!=': { min: 0, strictMin: true },
} satisfies Record<string, Bounds>;
type Op = keyof typeof OPS;

export const compareSchema: JsonSchema = {
  type: 'object',
  properties: {
    table: { type: 'string', minLength: 1, description: 'the table whose rows are counted' },
    where: { ...sqlSchema, description: 'a filter on that table' },
    op: { enum: Object.keys(OPS), description: 'this table’s rows against factor × that table’s (default =)' },
    factor: { type: 'number', exclusiveMinimum: 0, description: 'what that table’s row count is multiplied by (default 1)' },
  },
  required: ['table'],
  additionalProperties: false,
  description: 'count against another table’s rows instead of fixed min/max',
};

export const compareOf = (args: Record<string, unknown>): RowCountCompare | undefined => args.compare as RowCountCompare | undefined;

export const compareBounds = (compare: RowCountCompare): Bounds => ({ ...OPS[compare.op ?? '='] });

/**
 * The other table's row count, as a constant scalar subquery beside this table's aggregates.
 * `compare.where` is written against that table; the check's own filters are not.
 */
export function comparedRows(ctx: RenderContext, compare: RowCountCompare): string {
  const where = compare.where ? ` WHERE ${ctx.template(compare.where)}` : '';
  return `(SELECT COUNT(*) FROM ${ctx.table(compare.table)}${where})`;
}

export function measureCompare(compare: RowCountCompare, rowsValue: Value | undefined, otherValue: Value | undefined): Measurement {
  const rows = requiredCount(rowsValue, 'rows');
  const other = requiredCount(otherValue, `rows of ${compare.table}`);
  const factor = compare.factor ?? 1;
  const scaled = factor === 1 ? '' : ` × ${factor}`;
  const detail = `${rows.toLocaleString('en-US')} rows here, ${other.toLocaleString('en-US')}${scaled} in ${compare.table}`;
  // An empty compared table says nothing about this one (a failed load there, most often): not
  // measured, so never a pass, and said in so many words.
  const difference = rows - factor * other;
  const notEqual = compare.op === '!=';
  const value = other === 0 ? null : notEqual ? Math.abs(difference) : difference;
  return {
    metric: { name: notEqual ? 'row_count_abs_difference' : 'row_count_difference', value, unit: 'count' },
    value,
    // This table's rows: an empty table never passes, even `<` a full one.
    rowsEvaluated: rows,
    detail: other === 0 ? `${detail}: the compared table is empty` : detail,
  };
}
