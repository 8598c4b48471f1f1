// `window: { last: N }` resolved before a run: BigQuery prunes partitions only on constant
// predicates, and a check that limits its partitions with `IN (SELECT ... LIMIT N)` reads every
// partition of its table (and a require_partition_filter table refuses it). So on dialects with
// `capabilities.constantPartitionFilters`, the N newest partitions of each such check are read
// first by one small query (the partition column up to --as-of, and the columns of the file's
// `where`: the N newest partitions the check has rows in, as before), and the checks' queries then
// name them as constants (partitions.ts). Checks with the same partition set share the query.
import type { CheckSpec } from '../config/types.js';
import type { Row } from '../engines/engine.js';
import { renderContext, type CompileOptions, type PlannedQuery } from './compile.js';
import { ParameterSet } from './params.js';
import { addDays, EXPECTED_COLUMN, recentPartitionsSql } from './partitions.js';

/** Query kind of a window's partition query, in plans and reports. */
export const WINDOW_QUERY_KIND = 'partitions';

/** Whether the run resolves this check's window before compiling it. */
export function resolvesWindow(check: CheckSpec, options: Pick<CompileOptions, 'dialect'>): boolean {
  return options.dialect.capabilities.constantPartitionFilters && check.partition !== undefined && check.window !== undefined && 'last' in check.window;
}

/**
 * The queries that read the N newest partitions of the checks with `window: { last: N }` (one per
 * distinct statement; `checks` lists the checks each one resolves). None on dialects that prune on
 * subqueries too.
 */
export function windowQueries(checks: CheckSpec[], options: CompileOptions): PlannedQuery[] {
  const byStatement = new Map<string, PlannedQuery>();
  let next = options.firstQueryNumber ?? 1;
  for (const check of checks) {
    if (!resolvesWindow(check, options)) continue;
    const params = new ParameterSet();
    const sql = recentPartitionsSql(check, renderContext(options, params), options.range ?? {}, options.asOf)!;
    const query = params.referencedIn(sql);
    const key = `${sql}\u0000${JSON.stringify(query)}`;
    const known = byStatement.get(key);
    if (known) {
      known.checks.push({ id: check.id, key: EXPECTED_COLUMN });
      continue;
    }
    byStatement.set(key, {
      id: `q${next++}`,
      kind: WINDOW_QUERY_KIND,
      table: check.table,
      sql,
      params: query,
      checks: [{ id: check.id, key: EXPECTED_COLUMN }],
      groupBy: [],
    });
  }
  return [...byStatement.values()];
}

/**
 * The partitions a window query answered, newest first: `YYYY-MM-DD` dates (engines normalise
 * DATE so). Anything else (a NULL, a TIMESTAMP, more rows than the window) throws: the checks it
 * would limit cannot be judged.
 */
export function windowPartitions(check: CheckSpec, rows: Row[]): string[] {
  const last = check.window && 'last' in check.window ? check.window.last : 0;
  if (rows.length > last) throw new Error(`window: { last: ${last} } read ${rows.length} partitions`);
  return rows.map((row) => {
    const value = row[EXPECTED_COLUMN];
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      throw new Error(`window: { last: ${last} }: partition ${JSON.stringify(value)} of ${check.partition} is not a date`);
    }
    return value;
  });
}

/**
 * For an estimate that executes nothing: each window taken as the N days up to --as-of (or --to
 * when earlier, and from --from), as if the table had a partition every day. The dry runs then
 * price N partitions, which is what the run reads when partitions are daily.
 */
export function assumedWindows(checks: CheckSpec[], options: CompileOptions): Map<string, string[]> {
  const end = options.range?.to !== undefined && options.range.to < options.asOf ? options.range.to : options.asOf;
  const windows = new Map<string, string[]>();
  for (const check of checks) {
    if (!resolvesWindow(check, options) || !check.window || !('last' in check.window)) continue;
    const days = Array.from({ length: check.window.last }, (_, i) => addDays(end, -i));
    windows.set(check.id, days.filter((day) => options.range?.from === undefined || day >= options.range.from));
  }
  return windows;
}
