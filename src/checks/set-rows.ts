// Rendering and reading the SetRow contract (see types.ts) that set checks share.
import type { Value } from '../engines/engine.js';
import { parseJsonExact } from '../engines/normalize.js';
import type { PartitionValue } from '../run/partition-values.js';
import type { FailingGroup } from '../run/report.js';
import { IncompleteAnswerError } from './shared.js';
import type { RenderContext, SetRow } from './types.js';

/**
 * How many offending groups a query returns per check; the summary row still counts them all.
 * Large enough that the failing partitions of a long backfill can be listed for re-running.
 */
export const LISTED_GROUPS = 1000;

/**
 * The name of a CTE that checks share (SetQueryParts.shared): `prefix` and a 64-bit FNV-1a hash
 * of its SQL, so checks that render the same SQL name the same CTE and nothing else does (the
 * compiler still refuses one name with two texts).
 */
export function sharedCteName(prefix: string, sql: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < sql.length; i++) {
    const c = sql.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
    b = (b ^ (b >>> 13)) >>> 0;
  }
  return `${prefix}_${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

/** The failing groups of the shared grouping `grouping` in its arm (SetQueryParts.arm). */
export const failingGroupsName = (grouping: string) => `${grouping}_failing`;

interface SetRowColumns {
  keyJson?: string;
  value?: string;
  rows?: string;
  detailJson?: string;
}

/**
 * A row kind, or `{ offending }`: a listing of every partition, each row a `group` where the
 * predicate holds and a `partition` (a passing one) where it does not (see everyPartition).
 */
export type SetRowKind = SetRow['row_type'] | { offending: string };

/** `SELECT <check_key>, <row_type>, key_json, value, rows_evaluated, detail_json`, every column typed. */
export function selectSetRow(ctx: RenderContext, checkKey: string, rowType: SetRowKind, cols: SetRowColumns): string {
  const d = ctx.dialect;
  const kind =
    typeof rowType === 'string'
      ? d.stringLiteral(rowType)
      : `CASE WHEN ${rowType.offending} THEN ${d.stringLiteral('group')} ELSE ${d.stringLiteral('partition')} END`;
  return [
    `SELECT ${d.stringLiteral(checkKey)} AS check_key`,
    `${kind} AS row_type`,
    `${cols.keyJson ?? d.castString('NULL')} AS key_json`,
    `${d.castFloat(cols.value ?? 'NULL')} AS value`,
    `${d.castInteger(cols.rows ?? 'NULL')} AS rows_evaluated`,
    `${cols.detailJson ?? d.castString('NULL')} AS detail_json`,
  ].join(', ');
}

/**
 * The summary and group rows of a check whose offences are counted in the CTE `counted` (a row
 * per distinct offence, its rows in `n`) out of the rows of `source`: the summary sums `n` over
 * every offence and counts them as `distinctName`; the most frequent LISTED_GROUPS are listed.
 */
export function countedOffences(
  ctx: RenderContext,
  checkKey: string,
  source: string,
  counted: string,
  distinctName: string,
  group: { keyJson: string; detailJson: string },
): string[] {
  return [
    `${selectSetRow(ctx, checkKey, 'summary', {
      value: `(SELECT COALESCE(SUM(n), 0) FROM ${counted})`,
      rows: 'COUNT(*)',
      detailJson: ctx.dialect.jsonObject([{ name: distinctName, expr: `(SELECT COUNT(*) FROM ${counted})` }]),
    })} FROM ${source}`,
    `(${selectSetRow(ctx, checkKey, 'group', { ...group, value: 'n', rows: 'n' })} FROM ${counted} ORDER BY n DESC, key_json LIMIT ${LISTED_GROUPS})`,
  ];
}

function summaryRow(rows: SetRow[]): SetRow | undefined {
  return rows.find((r) => r.row_type === 'summary');
}

/**
 * The check's one summary row: its SELECT is an aggregate without GROUP BY, so an answer with
 * none, or more than one, is incomplete (or not this query's) and the check cannot be measured.
 */
export function requiredSummary(rows: SetRow[]): SetRow {
  const summaries = rows.filter((r) => r.row_type === 'summary');
  if (summaries.length === 0) throw new IncompleteAnswerError('no summary row');
  if (summaries.length > 1) throw new IncompleteAnswerError(`${summaries.length} summary rows, not 1`);
  return summaries[0]!;
}

export function groupRows(rows: SetRow[]): SetRow[] {
  return rows.filter((r) => r.row_type === 'group');
}

/** Keys and details are JSON text; numbers a double cannot hold exactly are read as decimal text. */
const parseObject = (json: string | null) => (json === null ? {} : (parseJsonExact(json) as Record<string, Value>));

/** The summary row's extra figures (its detail_json), or {} when it has none. */
export function summaryDetails(rows: SetRow[]): Record<string, Value> {
  return parseObject(summaryRow(rows)?.detail_json ?? null);
}

export function parseKey(row: SetRow): Record<string, Value> {
  return parseObject(row.key_json);
}

/** Group rows as failing groups: key, value, rows, details. */
function failingGroups(rows: SetRow[]): FailingGroup[] {
  return groupRows(rows).map((row) => ({
    key: parseKey(row),
    value: row.value,
    ...(row.rows_evaluated !== null ? { rows: row.rows_evaluated } : {}),
    ...(row.detail_json !== null ? { details: parseObject(row.detail_json) } : {}),
  }));
}

/**
 * The offending groups a set check lists, proven against `counted`, the distinct offences its
 * summary row counts. The listing is the first LISTED_GROUPS of those offences, so it holds
 * exactly min(counted, LISTED_GROUPS): an answer with more or fewer rows lost or gained some on
 * the way, and the check is an IncompleteAnswerError (exit 2) rather than a report listing what
 * it did not count. Every set check with a count and a capped listing reads it here.
 */
export function listedGroups(rows: SetRow[], counted: number): FailingGroup[] {
  const listed = failingGroups(rows);
  const expected = Math.min(counted, LISTED_GROUPS);
  if (listed.length !== expected) throw new IncompleteAnswerError(`${listed.length} offending groups listed, ${expected} counted`);
  return listed;
}

/** What a listing of every partition yields: the failing ones for the report, all for the store. */
export interface EveryPartition {
  /** The failing partitions, worst first, at most LISTED_GROUPS (the report lists no more). */
  failing: FailingGroup[];
  partitions: PartitionValue[];
}

/**
 * Reads a listing of every partition (selectSetRow with `{ offending }`, no LIMIT): `group` rows
 * fail, `partition` rows pass. The summary row counts both, so a listing that is short or long
 * (a cut answer, a page lost) is an IncompleteAnswerError, never a partition read as absent.
 * `counted`: the summary's partitions and offending ones; `worse`: the report's order.
 */
export function everyPartition(
  rows: SetRow[],
  counted: { partitions: number; failing: number },
  worse: (a: FailingGroup, b: FailingGroup) => number,
  withReason: (group: FailingGroup) => FailingGroup = (g) => g,
): EveryPartition {
  const failing = failingGroups(rows).map(withReason);
  const passing = rows.filter((r) => r.row_type === 'partition');
  if (failing.length !== counted.failing || failing.length + passing.length !== counted.partitions) {
    throw new IncompleteAnswerError(
      `${failing.length} failing and ${passing.length} passing partitions listed, but ${counted.failing} of ${counted.partitions} counted`,
    );
  }
  const partitions: PartitionValue[] = [
    ...failing.map((g) => ({ key: g.key, value: g.value, rows: g.rows ?? null, status: 'fail' as const, ...(g.reason ? { reason: g.reason } : {}) })),
    ...passing.map((r) => ({ key: parseKey(r), value: r.value, rows: r.rows_evaluated, status: 'pass' as const })),
  ];
  // Key text in code-unit order: the SQL listings' `key_json` tie-break, on either engine.
  const byKey = (a: FailingGroup, b: FailingGroup) => compareText(JSON.stringify(a.key), JSON.stringify(b.key));
  return { failing: [...failing].sort((a, b) => worse(a, b) || byKey(a, b)).slice(0, LISTED_GROUPS), partitions };
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Worst first by value, low values first, groups without a value last. */
export function lowestFirst(a: FailingGroup, b: FailingGroup): number {
  if (a.value === null || b.value === null) return (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0);
  return a.value - b.value;
}
