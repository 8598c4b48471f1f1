// unique and rows_per_group both count rows per key and list the keys that break a bound;
// they share this query shape (and, on one table, one query). Every such check on the same key
// and filter reads ONE grouping of the table (a shared CTE): two rows_per_group bounds and a
// unique on one key scan and group the table once. volume (rows per partition against a
// trailing median) joins the same shape with CTEs of its own.
import type { CheckSpec } from '../config/types.js';
import { LISTED_GROUPS, failingGroups, requiredSummary, selectSetRow, sharedCteName, sharedSummaryName } from './set-rows.js';
import { IncompleteAnswerError, requiredCount } from './shared.js';
import type { Bounds } from '../run/report.js';
import type { Measurement, RenderContext, SetQueryParts, SetRow } from './types.js';

export const GROUP_COUNTS_SHAPE = 'group_counts';

interface GroupCountQuery {
  columns: string[];
  /**
   * Which groups the check counts, on the key columns (unique: no key part null), or null for all.
   * A predicate on the groups, not a WHERE on the rows, so checks that count different groups of
   * one key still share its grouping: a group with a null key part holds exactly the rows that
   * `key IS NOT NULL` would have dropped.
   */
  countedGroups: string | null;
  /** Predicate on `n` (rows per group) that marks an offending group. */
  offending: string;
  /** Order of listed groups, worst first: by `n` descending (most rows first) or ascending. */
  mostRowsFirst: boolean;
}

export function groupCountParts(
  check: CheckSpec,
  ctx: RenderContext,
  key: string,
  filter: string | null,
  query: GroupCountQuery,
): SetQueryParts {
  const d = ctx.dialect;
  const cols = query.columns.map((c) => ctx.column(c));
  const grouping =
    `SELECT ${cols.join(', ')}, COUNT(*) AS n FROM ${ctx.table(check.table)}` +
    (filter ? ` WHERE ${filter}` : '') +
    ` GROUP BY ${cols.join(', ')}`;
  const cte = sharedCteName('groups', grouping);
  const summary = sharedSummaryName(cte);
  const counted = query.countedGroups;
  const offending = counted ? `(${counted}) AND (${query.offending})` : query.offending;
  const keyJson = d.jsonObject(query.columns.map((name, i) => ({ name, expr: cols[i] })));
  const column = (name: string) => `${key}__${name}`;
  // The count, the rows and the listing come from ONE aggregate over the grouping (with every
  // other check's on it): the listing is a top-N inside the aggregate, not a second read of the
  // grouping, which would make DuckDB materialise it. It holds min(count, LISTED_GROUPS) groups.
  const listed = d.topRows(
    [
      { name: 'key_json', expr: keyJson },
      { name: 'n', expr: 'n' },
    ],
    offending,
    { worst: 'n', descending: query.mostRowsFirst, tie: keyJson },
    LISTED_GROUPS,
  );
  return {
    ctes: [],
    shared: [{ name: cte, sql: grouping }],
    sharedSummary: {
      from: cte,
      columns: [
        { name: column('offending'), sql: d.countIf(offending) },
        // SUM over no counted groups is NULL: no rows evaluated (see groupCountMeasurement).
        { name: column('rows'), sql: counted ? `SUM(CASE WHEN ${counted} THEN n END)` : 'SUM(n)' },
        { name: column('listed'), sql: listed },
      ],
    },
    selects: [
      `${selectSetRow(ctx, key, 'summary', { value: `${summary}.${column('offending')}`, rows: `${summary}.${column('rows')}` })} FROM ${summary}`,
      // Re-sorting at most LISTED_GROUPS rows keeps the listing's order explicit in the result.
      `(${selectSetRow(ctx, key, 'group', { keyJson: 'g.key_json', value: 'g.n', rows: 'g.n' })} FROM ${summary}` +
        ` CROSS JOIN ${d.unnestAs(`${summary}.${column('listed')}`, 'g')}` +
        ` ORDER BY g.n${query.mostRowsFirst ? ' DESC' : ''}, key_json)`,
    ],
  };
}

/** `rowBounds`: the row count each group must meet (unique: at most 1). */
export function groupCountMeasurement(metricName: string, rows: SetRow[], what: string, rowBounds: Bounds): Measurement {
  const summary = requiredSummary(rows);
  const count = requiredCount(summary.value, metricName);
  // The listing and the count come from one aggregate: it lists min(count, LISTED_GROUPS)
  // groups, so an answer holding more or fewer lost or gained rows on the way: an error.
  const listed = failingGroups(rows);
  if (listed.length !== Math.min(count, LISTED_GROUPS)) {
    throw new IncompleteAnswerError(`${listed.length} offending groups listed, ${Math.min(count, LISTED_GROUPS)} counted`);
  }
  return {
    metric: { name: metricName, value: count, unit: 'count' },
    value: count,
    // SUM(n) over no groups (an empty table or filter) is NULL: no rows were evaluated.
    rowsEvaluated: summary.rows_evaluated === null ? 0 : requiredCount(summary.rows_evaluated, 'rows evaluated'),
    failingGroups: listed,
    // Each listed group's value is its row count.
    groupMetric: { name: 'rows', unit: 'count', bounds: rowBounds },
    failingGroupCount: count,
    detail: `${count.toLocaleString('en-US')} ${what}`,
  };
}
