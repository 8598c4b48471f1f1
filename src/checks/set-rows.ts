// Rendering and reading the SetRow contract (see types.ts) that set checks share.
import type { Value } from '../engines/engine.js';
import { parseJsonExact } from '../engines/normalize.js';
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

interface SetRowColumns {
  keyJson?: string;
  value?: string;
  rows?: string;
  detailJson?: string;
}

/** `SELECT <check_key>, <row_type>, key_json, value, rows_evaluated, detail_json`, every column typed. */
export function selectSetRow(ctx: RenderContext, checkKey: string, rowType: SetRow['row_type'], cols: SetRowColumns): string {
  const d = ctx.dialect;
  return [
    `SELECT ${d.stringLiteral(checkKey)} AS check_key`,
    `${d.stringLiteral(rowType)} AS row_type`,
    `${cols.keyJson ?? d.castString('NULL')} AS key_json`,
    `${d.castFloat(cols.value ?? 'NULL')} AS value`,
    `${d.castInteger(cols.rows ?? 'NULL')} AS rows_evaluated`,
    `${cols.detailJson ?? d.castString('NULL')} AS detail_json`,
  ].join(', ');
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
export function failingGroups(rows: SetRow[]): FailingGroup[] {
  return groupRows(rows).map((row) => ({
    key: parseKey(row),
    value: row.value,
    ...(row.rows_evaluated !== null ? { rows: row.rows_evaluated } : {}),
    ...(row.detail_json !== null ? { details: parseObject(row.detail_json) } : {}),
  }));
}
