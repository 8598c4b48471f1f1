// Report-level helpers shared by the text reporters (junit, markdown, html): the threshold
// column, the groups listed per check, the gate's verdict and the order checks are listed in.
// How values read (units, bounds, group lines) lives in src/run/format.ts, the one formatting
// module the run stage and every reporter import.
import type { CheckReport, CheckStatus, FailingGroup, RunReport } from '../run/report.js';
import { formatViolation, groupMetricOf, isMissingGroup } from '../run/format.js';

/** Groups listed per check in text reports before "… and N more". */
export const MAX_GROUPS_LISTED = 20;

/** The threshold column: "fails < 45% · warns < 47%"; "—" for checks without bounds. */
export function formatThresholds(check: CheckReport): string {
  const unit = check.metric.unit;
  const fail = formatViolation(check.thresholds.fail, unit);
  const warn = formatViolation(check.thresholds.warn, unit);
  const parts: string[] = [];
  if (fail) parts.push(`fails ${fail}`);
  if (warn) parts.push(`warns ${warn}`);
  return parts.length ? parts.join(' · ') : '—';
}

/**
 * What the failing groups' values are, when that is not the check's own metric:
 * "completeness per group (fails ≠ 100%)", "rows per group (fails > 1)". Undefined for checks
 * whose groups are in the check's metric (grouped checks, older reports).
 */
export function describeGroupMetric(check: CheckReport): string | undefined {
  const gm = check.group_metric;
  if (!gm || gm.name === check.metric.name) return undefined;
  const fails = formatViolation(gm.bounds, gm.unit);
  return `${gm.name} per group${fails ? ` (fails ${fails})` : ''}`;
}

/** The columns of a failing-groups table (markdown, html). */
export interface GroupColumns {
  keys: string[];
  /** Header of the value column: the group metric's name, or `value` for reports without one. */
  value: string;
  rows: boolean;
  details: string[];
  reason: boolean;
}

/**
 * Columns for a table of these groups: key columns, the value (named after the group metric),
 * rows, details, reason. Columns that would repeat the value are left out: a `rows` column when
 * the value is the row count, a detail named like the group metric, a `rows` detail beside the
 * rows column; the reason `missing` shows in the value column.
 */
export function groupColumns(check: CheckReport, groups: FailingGroup[]): GroupColumns {
  const gm = check.group_metric ? groupMetricOf(check) : undefined;
  const rows = groups.some((g) => g.rows !== undefined) && gm?.name !== 'rows';
  const details = [...new Set(groups.flatMap((g) => Object.keys(g.details ?? {})))].filter(
    (k) => !(gm && (k === gm.name || (k === 'rows' && (rows || gm.name === 'rows')))),
  );
  return {
    keys: [...new Set(groups.flatMap((g) => Object.keys(g.key)))],
    value: gm?.name ?? 'value',
    rows,
    details,
    reason: groups.some((g) => g.reason !== undefined && !isMissingGroup(g)),
  };
}

/** The groups listed for a check and how many more there are (failing_group_count may exceed the list). */
export function listedGroups(check: CheckReport, limit = MAX_GROUPS_LISTED): { groups: FailingGroup[]; more: number } {
  const groups = check.failing_groups.slice(0, limit);
  const total = Math.max(check.failing_group_count, check.failing_groups.length);
  return { groups, more: total - groups.length };
}

const STATUS_RANK: Record<CheckStatus, number> = { fail: 0, error: 0, warn: 1, skipped: 2, pass: 3 };

/** Failures and errors first, then warnings, skipped, passes; report order within a rank. */
export function sortChecks(checks: readonly CheckReport[]): CheckReport[] {
  return checks
    .map((check, index) => ({ check, index }))
    .sort((a, b) => STATUS_RANK[a.check.status] - STATUS_RANK[b.check.status] || a.index - b.index)
    .map((x) => x.check);
}

export type VerdictKind = 'open' | 'closed' | 'unevaluated' | 'config';

export interface Verdict {
  kind: VerdictKind;
  emoji: string;
  /** "gate open", "gate closed", "could not evaluate", "bad configuration". */
  label: string;
}

/** The gate's verdict, from the exit code the run ends with (0 pass, 1 failed, 2 not evaluated, 3 bad config). */
export function verdict(report: RunReport): Verdict {
  switch (report.exit_code) {
    case 0:
      return { kind: 'open', emoji: '✅', label: 'gate open' };
    case 1:
      return { kind: 'closed', emoji: '❌', label: 'gate closed' };
    case 3:
      return { kind: 'config', emoji: '⚠️', label: 'bad configuration' };
    default:
      return { kind: 'unevaluated', emoji: '⚠️', label: 'could not evaluate' };
  }
}

export const STATUS_LABEL: Record<CheckStatus, string> = {
  fail: 'FAIL',
  error: 'ERROR',
  warn: 'WARN',
  skipped: 'SKIPPED',
  pass: 'PASS',
};

/** "3 failed · 1 error · 1 warning · 1 skipped · 4 passed" (zero counts left out). */
export function formatCounts(report: RunReport): string {
  const s = report.summary;
  const parts: string[] = [];
  if (s.fail) parts.push(`${s.fail} failed`);
  if (s.error) parts.push(`${s.error} ${s.error === 1 ? 'error' : 'errors'}`);
  if (s.warn) parts.push(`${s.warn} ${s.warn === 1 ? 'warning' : 'warnings'}`);
  if (s.skipped) parts.push(`${s.skipped} skipped`);
  if (s.pass) parts.push(`${s.pass} passed`);
  return parts.length ? parts.join(' · ') : 'no checks';
}

/** Run wall time in seconds (0 when the timestamps cannot be read). */
export function runSeconds(report: RunReport): number {
  const ms = Date.parse(report.finished_at) - Date.parse(report.started_at);
  return Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0;
}

/** Does a warning close the gate in this run? */
export function warnFails(report: RunReport): boolean {
  return report.fail_on === 'warn';
}
