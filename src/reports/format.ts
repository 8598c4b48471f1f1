// Formatting shared by the text reporters (junit, markdown, html): metric values by unit,
// thresholds, group keys, the gate's verdict and the order checks are listed in.
// Nothing here is locale-dependent, so reports are byte-identical on every machine.
import type { Value } from '../engines/engine.js';
import type { Bounds, CheckReport, CheckStatus, FailingGroup, MetricUnit, RunReport } from '../run/report.js';

/** Groups listed per check in text reports before "… and N more". */
export const MAX_GROUPS_LISTED = 20;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 157204 → "157,204"; 1234.5678 → "1,234.568" (at most `decimals` decimals, trailing zeros dropped). */
export function formatNumber(value: number, decimals = 3): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(decimals);
  let [int, frac = ''] = fixed.split('.');
  frac = frac.replace(/0+$/, '');
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return sign + groupThousands(int!) + (frac ? '.' + frac : '');
}

/** 0.361 → "36.1%", 1 → "100%", 0.1111 → "11.1%", 0.9998 → "99.98%". */
export function formatShare(value: number): string {
  const pct = value * 100;
  if (Number.isInteger(pct)) return formatNumber(pct, 0) + '%';
  // One fixed decimal keeps columns aligned.
  // A share that is not 0 or 100% never prints as 0.0% or 100.0% (99.98% stays 99.98%).
  let decimals = 1;
  while (decimals < 4 && [0, 100].includes(Math.abs(Number(pct.toFixed(decimals))))) decimals++;
  const [int, frac] = Math.abs(pct).toFixed(decimals).split('.');
  return (pct < 0 ? '-' : '') + groupThousands(int!) + '.' + frac + '%';
}

/** 108000 → "1d 6h", 4500 → "1h 15m", 75 → "1m 15s", 4.25 → "4.25s". */
export function formatSeconds(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const sign = value < 0 ? '-' : '';
  const s = Math.abs(value);
  if (s < 60) return `${sign}${formatNumber(s, 2)}s`;
  const total = Math.round(s);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (d > 0) return `${sign}${d}d${h ? ` ${h}h` : ''}`;
  if (h > 0) return `${sign}${h}h${m ? ` ${m}m` : ''}`;
  return `${sign}${m}m${sec ? ` ${sec}s` : ''}`;
}

/** A metric value in its unit; null (could not be measured) → "—". */
export function formatMetricValue(value: number | string | null | undefined, unit: MetricUnit): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  switch (unit) {
    case 'share':
      return formatShare(value);
    case 'count':
      return formatNumber(value, Number.isInteger(value) ? 0 : 1);
    case 'seconds':
      return formatSeconds(value);
    case 'date':
      return String(value);
    default:
      return formatNumber(value, 4);
  }
}

/** A warehouse value as plain text: strings as they are, everything else as JSON. */
export function formatValue(value: Value | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** What the bounds require, e.g. "≥ 45%", "≥ 1 and ≤ 100", "= 0". Empty bounds → "". */
export function formatBounds(bounds: Bounds | undefined, unit: MetricUnit): string {
  if (!bounds) return '';
  const parts: string[] = [];
  if (bounds.equals !== undefined) parts.push(`= ${formatMetricValue(bounds.equals, unit)}`);
  if (bounds.min !== undefined) parts.push(`${bounds.strictMin ? '>' : '≥'} ${formatMetricValue(bounds.min, unit)}`);
  if (bounds.max !== undefined) parts.push(`${bounds.strictMax ? '<' : '≤'} ${formatMetricValue(bounds.max, unit)}`);
  return parts.join(' and ');
}

/** When a value violates the bounds, e.g. "< 45%", "< 1 or > 100", "≠ 0". Empty bounds → "". */
export function formatViolation(bounds: Bounds | undefined, unit: MetricUnit): string {
  if (!bounds) return '';
  const parts: string[] = [];
  if (bounds.equals !== undefined) parts.push(`≠ ${formatMetricValue(bounds.equals, unit)}`);
  if (bounds.min !== undefined) parts.push(`${bounds.strictMin ? '≤' : '<'} ${formatMetricValue(bounds.min, unit)}`);
  if (bounds.max !== undefined) parts.push(`${bounds.strictMax ? '≥' : '>'} ${formatMetricValue(bounds.max, unit)}`);
  return parts.join(' or ');
}

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

/** "game_date=2026-01-03" / "game_date=2026-01-03, team_abbr=LAL". */
export function formatGroupKey(key: Record<string, Value>): string {
  const entries = Object.entries(key);
  if (entries.length === 0) return '(all rows)';
  return entries.map(([k, v]) => `${k}=${formatValue(v)}`).join(', ');
}

const SHARE_DETAIL_RE = /(completeness|coverage|share)$/i;

/** A per-group detail figure; `completeness`-like fractions as percentages. */
export function formatDetail(name: string, value: Value): string {
  if (typeof value === 'number' && SHARE_DETAIL_RE.test(name) && value >= 0 && value <= 1) return formatShare(value);
  if (typeof value === 'number') return formatNumber(value, 4);
  return formatValue(value);
}

/** One line for a failing group: "game_date=2026-01-03: 12.5% (rows 26; expected 16, actual 2, completeness 12.5%)". */
export function formatGroupLine(group: FailingGroup, unit: MetricUnit): string {
  const value = group.value === null ? (group.reason === 'missing' ? 'missing (no rows)' : '—') : formatMetricValue(group.value, unit);
  const extra: string[] = [];
  if (group.rows !== undefined) extra.push(`rows ${formatNumber(group.rows, 0)}`);
  if (group.reason && !(group.value === null && group.reason === 'missing')) extra.push(`reason ${group.reason}`);
  const details = Object.entries(group.details ?? {}).map(([k, v]) => `${k} ${formatDetail(k, v)}`);
  const tail = [extra.join(', '), details.join(', ')].filter(Boolean).join('; ');
  return `${formatGroupKey(group.key)}: ${value}${tail ? ` (${tail})` : ''}`;
}

/** The first YYYY-MM-DD value of a group key (the date the group stands for), if any. */
export function groupDate(key: Record<string, Value>): string | undefined {
  for (const v of Object.values(key)) if (typeof v === 'string' && DATE_RE.test(v)) return v;
  return undefined;
}

/** The column of a group key that holds its date (first YYYY-MM-DD value), if any. */
export function groupDateColumn(key: Record<string, Value>): string | undefined {
  for (const [k, v] of Object.entries(key)) if (typeof v === 'string' && DATE_RE.test(v)) return k;
  return undefined;
}

export function isDate(value: unknown): value is string {
  return typeof value === 'string' && DATE_RE.test(value);
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
