// Partition predicates: --from/--to ranges, `window:` and the expected-partition set. Rendered
// as plain predicates on the partition column, so BigQuery can prune partitions with them (and
// tables with require_partition_filter accept the queries). A TIMESTAMP or DATETIME partition
// column is bounded in its own type (DayColumn) and read as days (its DATE) where partitions
// are listed or matched.
import type { DayColumn, RenderContext } from '../checks/types.js';
import type { CheckSpec } from '../config/types.js';

export interface PartitionRange {
  from?: string;
  to?: string;
}

/**
 * `window: { last: N }` resolved before the run (windows.ts): each such check's N newest
 * partitions, by check id. Sent as constants, so BigQuery prunes every other partition.
 */
export type ResolvedWindows = ReadonlyMap<string, readonly string[]>;

/** Name of the expected-partition column in rendered SQL. */
export const EXPECTED_COLUMN = '__expected_partition';

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Predicates on `column` for the --from/--to range and a `window: N days`. */
export function dayBounds(column: DayColumn, ctx: RenderContext, check: CheckSpec, range: PartitionRange, asOf: string): string[] {
  const out: string[] = [];
  if (range.from) out.push(column.onOrAfter(ctx.date('from_date', range.from)));
  if (range.to) out.push(column.onOrBefore(ctx.date('to_date', range.to)));
  if (check.window && 'days' in check.window) {
    out.push(column.between(windowStart(ctx, check.window.days, asOf), ctx.date('as_of', asOf)));
  }
  return out;
}

/**
 * Predicates on `column` that keep every partition up to the last one the check looks at (--to;
 * --as-of under a window) and all partitions before it: the history a trailing statistic reads.
 */
export function endBounds(column: DayColumn, ctx: RenderContext, check: CheckSpec, range: PartitionRange, asOf: string): string[] {
  if (!check.partition) return [];
  const out: string[] = [];
  if (range.to) out.push(column.onOrBefore(ctx.date('to_date', range.to)));
  if (check.window) out.push(column.onOrBefore(ctx.date('as_of', asOf)));
  return out;
}

/** The first day of a `window: N days` ending at --as-of. */
function windowStartDate(days: number, asOf: string): string {
  return addDays(asOf, 1 - days);
}

function windowStart(ctx: RenderContext, days: number, asOf: string): string {
  return ctx.date(`window_start_${days}d`, windowStartDate(days, asOf));
}

/**
 * The first day of a calendar of expected partitions: the later of --from and the first day of a
 * `window: N days`; without either, the table's first partition among the rows of the file's
 * `where` (the check's rows), so days before its first partition are not invented as missing.
 */
function calendarStart(check: CheckSpec, partition: string, ctx: RenderContext, range: PartitionRange, asOf: string): string {
  const days = check.window && 'days' in check.window ? check.window.days : undefined;
  if (range.from && (days === undefined || range.from >= windowStartDate(days, asOf))) return ctx.date('from_date', range.from);
  if (days !== undefined) return windowStart(ctx, days, asOf);
  const where = check.fileWhere ? ` WHERE ${ctx.template(check.fileWhere)}` : '';
  return `(SELECT MIN(${ctx.dayColumn(check.table, partition, check).day}) FROM ${ctx.table(check.table)}${where})`;
}

/**
 * The SELECT of partitions that must exist (column EXPECTED_COLUMN), up to --as-of, inside the
 * range and window. Null when the check declares no expected partitions.
 */
export function expectedPartitionsSql(
  check: CheckSpec,
  ctx: RenderContext,
  range: PartitionRange,
  asOf: string,
  windows?: ResolvedWindows,
): string | null {
  const expected = check.expectedPartitions;
  if (!expected || !check.partition) return null;
  // Resolved `{ last: N }`: the N newest expected partitions are known dates.
  const resolved = windows?.get(check.id);
  if (resolved) return constantPartitionsSql(ctx, resolved, asOf);
  const d = ctx.dialect;
  let sql: string;
  if ('calendar' in expected) {
    const start = calendarStart(check, check.partition, ctx, range, asOf);
    // The earlier of --to and --as-of.
    const end = range.to && range.to < asOf ? ctx.date('to_date', range.to) : ctx.date('as_of', asOf);
    sql = d.dateSeries(start, end, EXPECTED_COLUMN);
  } else {
    const column = ctx.dayColumn(expected.table, expected.column, check);
    const where = [
      expected.where ? ctx.template(expected.where) : null,
      column.onOrBefore(ctx.date('as_of', asOf)),
      ...dayBounds(column, ctx, check, range, asOf),
    ].filter(Boolean);
    sql = `SELECT DISTINCT ${column.day} AS ${EXPECTED_COLUMN} FROM ${ctx.table(expected.table)} WHERE ${where.map((w) => `(${w})`).join(' AND ')}`;
  }
  return lastPartitions(check, sql);
}

/** `window: { last: N }`: only the N newest partitions of a set. */
function lastPartitions(check: CheckSpec, sql: string): string {
  if (!check.window || !('last' in check.window)) return sql;
  return `SELECT ${EXPECTED_COLUMN} FROM (${sql}) AS partitions ORDER BY ${EXPECTED_COLUMN} DESC LIMIT ${check.window.last}`;
}

/** The name of a resolved partition's parameter. */
const partitionDate = (ctx: RenderContext, isoDate: string) => ctx.date(`partition_${isoDate.replace(/-/g, '')}`, isoDate);

/** A SELECT of known partitions (column EXPECTED_COLUMN); none: a SELECT of no rows. */
function constantPartitionsSql(ctx: RenderContext, dates: readonly string[], asOf: string): string {
  if (dates.length === 0) return `SELECT * FROM (SELECT ${ctx.date('as_of', asOf)} AS ${EXPECTED_COLUMN}) AS none WHERE FALSE`;
  return dates.map((date) => `SELECT ${partitionDate(ctx, date)} AS ${EXPECTED_COLUMN}`).join(' UNION ALL ');
}

/**
 * `window: { last: N }`: the SELECT of the N newest partitions (column EXPECTED_COLUMN) of the
 * expected set, or of the table itself when none is declared (among the rows of the file's
 * `where`: the newest partitions the check has rows in). Null without such a window. Resolved
 * before the run on dialects that prune only on constants (windows.ts).
 */
export function recentPartitionsSql(check: CheckSpec, ctx: RenderContext, range: PartitionRange, asOf: string): string | null {
  if (!check.partition || !check.window || !('last' in check.window)) return null;
  const partition = ctx.dayColumn(check.table, check.partition, check);
  return (
    expectedPartitionsSql(check, ctx, range, asOf) ??
    lastPartitions(
      check,
      `SELECT DISTINCT ${partition.day} AS ${EXPECTED_COLUMN} FROM ${ctx.table(check.table)} WHERE ${[
        partition.onOrBefore(ctx.date('as_of', asOf)),
        ...(check.fileWhere ? [ctx.template(check.fileWhere)] : []),
        ...dayBounds(partition, ctx, check, range, asOf),
      ]
        .map((w) => `(${w})`)
        .join(' AND ')}`,
    )
  );
}

/**
 * Predicates that limit `column` (default: the check's partition column) to the check's
 * partitions: the range, a `window: N days`, and for `window: { last: N }` membership in the N
 * newest partitions of the check's table (or expected set). Given another column, the same
 * partitions on a second table (reconcile's expected side: `table`) or on a DATE column of dq's
 * own subquery (volume: `table` null).
 */
export function partitionPredicates(
  check: CheckSpec,
  ctx: RenderContext,
  range: PartitionRange,
  asOf: string,
  column: string | undefined = check.partition,
  table: string | null = check.table,
  windows?: ResolvedWindows,
): string[] {
  if (!check.partition || column === undefined) return [];
  const target = ctx.dayColumn(table, column, check);
  const predicates = dayBounds(target, ctx, check, range, asOf);
  const resolved = windows?.get(check.id);
  if (resolved) {
    // Constants BigQuery prunes on; no partition at all: a constant bound and nothing in it.
    if (resolved.length === 0) {
      predicates.push(`${target.onOrBefore(ctx.date('as_of', asOf))} AND FALSE`);
      return predicates;
    }
    // A TIMESTAMP or DATETIME column prunes on a range of its own type; the days then pick exactly.
    const sorted = [...resolved].sort();
    if (target.day !== target.ref) predicates.push(target.between(partitionDate(ctx, sorted[0]!), partitionDate(ctx, sorted[sorted.length - 1]!)));
    predicates.push(`${target.day} IN (${resolved.map((d) => partitionDate(ctx, d)).join(', ')})`);
    return predicates;
  }
  const recent = recentPartitionsSql(check, ctx, range, asOf);
  if (recent) predicates.push(`${target.day} IN (SELECT ${EXPECTED_COLUMN} FROM (${recent}) AS recent)`);
  return predicates;
}
