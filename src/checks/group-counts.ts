// unique and rows_per_group both count rows per key and list the keys that break a bound;
// they share this query shape (and, on one table, one query). volume (rows per partition
// against a trailing median) joins the same shape with CTEs of its own.
import type { CheckSpec } from '../config/types.js';
import { LISTED_GROUPS, failingGroups, requiredSummary, selectSetRow } from './set-rows.js';
import { and, requiredCount } from './shared.js';
import type { Bounds } from '../run/report.js';
import type { Measurement, RenderContext, SetQueryParts, SetRow } from './types.js';

export const GROUP_COUNTS_SHAPE = 'group_counts';

interface GroupCountQuery {
  columns: string[];
  /** Extra row filter (e.g. key parts not null). */
  rowFilter: string | null;
  /** Predicate on `n` (rows per group) that marks an offending group. */
  offending: string;
  /** Order of listed groups, worst first. */
  worstFirst: 'n ASC' | 'n DESC';
}

export function groupCountParts(
  check: CheckSpec,
  ctx: RenderContext,
  key: string,
  filter: string | null,
  query: GroupCountQuery,
): SetQueryParts {
  const cols = query.columns.map((c) => ctx.column(c));
  const where = and(filter, query.rowFilter);
  const cte = `${key}_groups`;
  const keyJson = ctx.dialect.jsonObject(query.columns.map((name, i) => ({ name, expr: cols[i] })));
  return {
    ctes: [
      {
        name: cte,
        sql:
          `SELECT ${cols.join(', ')}, COUNT(*) AS n FROM ${ctx.table(check.table)}` +
          (where ? ` WHERE ${where}` : '') +
          ` GROUP BY ${cols.join(', ')}`,
      },
    ],
    selects: [
      `${selectSetRow(ctx, key, 'summary', { value: ctx.dialect.countIf(query.offending), rows: 'SUM(n)' })} FROM ${cte}`,
      `(${selectSetRow(ctx, key, 'group', { keyJson, value: 'n', rows: 'n' })} FROM ${cte}` +
        ` WHERE ${query.offending} ORDER BY ${query.worstFirst}, key_json LIMIT ${LISTED_GROUPS})`,
    ],
  };
}

/** `rowBounds`: the row count each group must meet (unique: at most 1). */
export function groupCountMeasurement(metricName: string, rows: SetRow[], what: string, rowBounds: Bounds): Measurement {
  const summary = requiredSummary(rows);
  const count = requiredCount(summary.value, metricName);
  return {
    metric: { name: metricName, value: count, unit: 'count' },
    value: count,
    // SUM(n) over no groups (an empty table or filter) is NULL: no rows were evaluated.
    rowsEvaluated: summary.rows_evaluated === null ? 0 : requiredCount(summary.rows_evaluated, 'rows evaluated'),
    failingGroups: failingGroups(rows),
    // Each listed group's value is its row count.
    groupMetric: { name: 'rows', unit: 'count', bounds: rowBounds },
    failingGroupCount: count,
    detail: `${count.toLocaleString('en-US')} ${what}`,
  };
}
