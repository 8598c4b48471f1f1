// unique and rows_per_group both count rows per key and list the keys that break a bound;
// they share this query shape (and, on one table, one query). Every such check on the same key
// and filter reads ONE grouping of the table (a shared CTE): two rows_per_group bounds and a
// unique on one key scan and group the table once. volume (rows per partition against a
// trailing median) joins the same shape with CTEs of its own.
import type { CheckSpec } from '../config/types.js';
import { LISTED_GROUPS, failingGroupsName, listedGroups, requiredSummary, selectSetRow, sharedCteName } from './set-rows.js';
import { and, requiredCount } from './shared.js';
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
  /** Which offending groups are listed first: those with the most rows, or the fewest. */
  worstFirst: WorstGroups;
}

type WorstGroups = 'most rows' | 'fewest rows';

/** A listing's order, worst first, in its SELECT (by `n`) and in a serial arm (by r.value, its row count). */
const LISTING_ORDER: Record<WorstGroups, { byCount: string; inArm: string }> = {
  'most rows': { byCount: 'n DESC', inArm: '-r.value' },
  'fewest rows': { byCount: 'n ASC', inArm: 'r.value' },
};

export function groupCountParts(
  check: CheckSpec,
  ctx: RenderContext,
  key: string,
  filter: string | null,
  query: GroupCountQuery,
): SetQueryParts {
  const cols = query.columns.map((c) => ctx.column(c));
  const grouping =
    `SELECT ${cols.join(', ')}, COUNT(*) AS n FROM ${ctx.table(check.table)}` +
    (filter ? ` WHERE ${filter}` : '') +
    ` GROUP BY ${cols.join(', ')}`;
  const cte = sharedCteName('groups', grouping);
  const counted = query.countedGroups;
  const offending = counted ? `(${counted}) AND (${query.offending})` : query.offending;
  const keyJson = ctx.dialect.jsonObject(query.columns.map((name, i) => ({ name, expr: cols[i] })));
  const listing = (from: string) =>
    `(${selectSetRow(ctx, key, 'group', { keyJson, value: 'n', rows: 'n' })} FROM ${from}` +
    ` WHERE ${offending} ORDER BY ${LISTING_ORDER[query.worstFirst].byCount}, key_json LIMIT ${LISTED_GROUPS})`;
  if (ctx.dialect.capabilities.serialGroupings) return serialParts(check, ctx, key, filter, query, { cte, grouping, offending, listing });
  // SUM over no counted groups is NULL: no rows evaluated (see groupCountMeasurement).
  const rows = counted ? `SUM(CASE WHEN ${counted} THEN n END)` : 'SUM(n)';
  return {
    ctes: [],
    shared: [{ name: cte, sql: grouping }],
    selects: [`${selectSetRow(ctx, key, 'summary', { value: ctx.dialect.countIf(offending), rows })} FROM ${cte}`, listing(cte)],
  };
}

/**
 * The same answers with the grouping read once (capabilities.serialGroupings): the count and the
 * listing come from the arm's failing groups, so the grouping is never materialised whole, and
 * the rows evaluated from a count of the table's rows with a counted key (the sum of `n` over
 * the counted groups is exactly that). The arm builds the grouping apart from the others.
 */
function serialParts(
  check: CheckSpec,
  ctx: RenderContext,
  key: string,
  filter: string | null,
  query: GroupCountQuery,
  shape: { cte: string; grouping: string; offending: string; listing: (from: string) => string },
): SetQueryParts {
  const failing = failingGroupsName(shape.cte);
  const counting = `SELECT COUNT(*) AS n FROM ${ctx.table(check.table)}`;
  const where = and(filter, query.countedGroups);
  const rowsSql = where ? `${counting} WHERE ${where}` : counting;
  const rows = sharedCteName('rows', rowsSql);
  return {
    ctes: [],
    shared: [
      { name: shape.cte, sql: shape.grouping },
      { name: rows, sql: rowsSql },
    ],
    selects: [
      `${selectSetRow(ctx, key, 'summary', { value: `(SELECT COUNT(*) FROM ${failing} WHERE ${shape.offending})`, rows: `${rows}.n` })} FROM ${rows}`,
      shape.listing(failing),
    ],
    arm: { grouping: shape.cte, reads: shape.offending, worstFirst: LISTING_ORDER[query.worstFirst].inArm },
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
    failingGroups: listedGroups(rows, count),
    // Each listed group's value is its row count.
    groupMetric: { name: 'rows', unit: 'count', bounds: rowBounds },
    failingGroupCount: count,
    detail: `${count.toLocaleString('en-US')} ${what}`,
  };
}
