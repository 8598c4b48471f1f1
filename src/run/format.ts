// How numbers read in messages and reports: shares as percentages, counts with thousands
// separators, ages as durations, bounds as requirements or as violations, failing groups as one
// line. The single source for the run stage (check messages) and every reporter (console, junit,
// markdown, html); it depends on no reporter. Nothing here is locale-dependent, so messages and
// reports are byte-identical on every machine.
//
// Two renderings of a metric value exist on purpose:
// - formatValue: prose, for messages ("age 1.3 days, expected ≤ 2 days"; null reads "none");
// - formatMetricValue: compact, for table cells and charts ("1d 6h"; null reads "—").
// Both share the number, share and count rules below.
import type { Value } from '../engines/engine.js';
import type { Bounds, CheckReport, FailingGroup, GroupMetric, MetricUnit } from './report.js';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function trim(value: number, digits: number): string {
  return Number(value.toFixed(digits)).toString();
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
  if (!Number.isFinite(value)) return String(value);
  const pct = value * 100;
  if (Number.isInteger(pct)) return formatNumber(pct, 0) + '%';
  // One fixed decimal keeps columns aligned.
  // A share that is not 0 or 100% never prints as 0.0% or 100.0% (99.98% stays 99.98%).
  let decimals = 1;
  while (decimals < 4 && [0, 100].includes(Math.abs(Number(pct.toFixed(decimals))))) decimals++;
  const [int, frac] = Math.abs(pct).toFixed(decimals).split('.');
  return (pct < 0 ? '-' : '') + groupThousands(int!) + '.' + frac + '%';
}

/** Compact: 108000 → "1d 6h", 4500 → "1h 15m", 75 → "1m 15s", 4.25 → "4.25s". */
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

/** In words, for messages: 172800 → "2 days", 5400 → "1.5 hours", 42 → "42 seconds". */
export function formatDuration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (Math.abs(seconds) >= size) {
      const n = trim(seconds / size, 1);
      return `${n} ${name}${n === '1' ? '' : 's'}`;
    }
  }
  return `${trim(seconds, 1)} seconds`;
}

/** A wall time: 120 → "120 ms", 4230 → "4.2 s", 65000 → "1m 5s". */
export function formatMilliseconds(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const v = Math.max(0, ms);
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(1)} s`;
  return formatSeconds(v / 1000);
}

/** Bytes in decimal units, about three significant digits: 0 → "0 B", 1234567 → "1.23 MB", 123e9 → "123 GB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = Math.max(0, bytes);
  let i = 0;
  while (v >= 999.5 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  if (i === 0) return `${Math.round(v)} B`;
  return `${v.toFixed(v < 9.995 ? 2 : v < 99.95 ? 1 : 0)} ${units[i]}`;
}

function formatNumeric(value: number, unit: MetricUnit, seconds: (v: number) => string): string {
  switch (unit) {
    case 'share':
      return formatShare(value);
    case 'count':
      return formatNumber(value, Number.isInteger(value) ? 0 : 3);
    case 'seconds':
      return seconds(value);
    case 'date':
      return String(value);
    default:
      return formatNumber(value, 4);
  }
}

/** A metric value in its unit, compact, for tables and charts; null (could not be measured) → "—". */
export function formatMetricValue(value: number | string | null | undefined, unit: MetricUnit): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return formatNumeric(value, unit, formatSeconds);
}

/** A metric value in its unit, in prose, for messages: "45.7%", "2 days", "1,234,567"; null → "none". */
export function formatValue(value: number | string | null, unit: MetricUnit): string {
  if (value === null) return 'none';
  if (typeof value === 'string') return value;
  return formatNumeric(value, unit, formatDuration);
}

/** What the bounds require, for messages: "≥ 45%", "≤ 2 days", "= 0", "≥ 1 and ≤ 100"; no bounds → "any". */
export function formatBounds(bounds: Bounds | undefined, unit: MetricUnit, format: (v: number, unit: MetricUnit) => string = formatValue): string {
  const parts: string[] = [];
  if (bounds?.equals !== undefined) parts.push(`= ${format(bounds.equals, unit)}`);
  if (bounds?.min !== undefined) parts.push(`${bounds.strictMin ? '>' : '≥'} ${format(bounds.min, unit)}`);
  if (bounds?.max !== undefined) parts.push(`${bounds.strictMax ? '<' : '≤'} ${format(bounds.max, unit)}`);
  return parts.join(' and ') || 'any';
}

/** When a value violates the bounds, compact: "< 45%", "< 1 or > 100", "≠ 0". No bounds → "". */
export function formatViolation(bounds: Bounds | undefined, unit: MetricUnit): string {
  if (!bounds) return '';
  const parts: string[] = [];
  if (bounds.equals !== undefined) parts.push(`≠ ${formatMetricValue(bounds.equals, unit)}`);
  if (bounds.min !== undefined) parts.push(`${bounds.strictMin ? '≤' : '<'} ${formatMetricValue(bounds.min, unit)}`);
  if (bounds.max !== undefined) parts.push(`${bounds.strictMax ? '≥' : '>'} ${formatMetricValue(bounds.max, unit)}`);
  return parts.join(' or ');
}

/** A warehouse value as plain text (group keys): strings as they are, everything else as JSON. */
export function valueText(value: Value | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** "game_date=2026-01-03" / "game_date=2026-01-03, team_abbr=LAL". */
export function formatGroupKey(key: Record<string, Value>): string {
  const entries = Object.entries(key);
  if (entries.length === 0) return '(all rows)';
  return entries.map(([k, v]) => `${k}=${valueText(v)}`).join(', ');
}

/**
 * The metric a check's failing group values are in: its `group_metric` (reconcile's groups are
 * completeness shares while the check counts mismatched groups), else the check's own metric.
 */
export function groupMetricOf(check: Pick<CheckReport, 'metric' | 'group_metric'>): GroupMetric {
  return check.group_metric ?? { name: check.metric.name, unit: check.metric.unit };
}

/**
 * The bounds each group is held to, in the group metric's unit: the check's thresholds when its
 * groups are in the check's own metric (grouped checks), else the group metric's own bounds, if
 * it has any (no warn bounds then).
 */
export function groupThresholds(check: Pick<CheckReport, 'metric' | 'group_metric' | 'thresholds'>): { fail: Bounds; warn?: Bounds } {
  const gm = check.group_metric;
  if (!gm || (gm.name === check.metric.name && gm.unit === check.metric.unit)) return check.thresholds;
  return { fail: gm.bounds ?? {} };
}

// Reports that carry no detail_units (written before check types declared them, or by a type
// that declares none) read a `completeness`-like name as a share, as dq always did.
const SHARE_DETAIL_RE = /(completeness|coverage|share)$/i;

/**
 * A per-group detail figure: the group metric's own figure in its unit (volume's `ratio` as a
 * share), a figure in the unit its check type declares (`detail_units`), other numbers as numbers.
 */
export function formatDetail(name: string, value: Value, metric?: GroupMetric): string {
  if (typeof value === 'number' && metric && name === metric.name) return formatMetricValue(value, metric.unit);
  const units = metric?.detail_units;
  if (typeof value === 'number' && units?.[name] !== undefined) return formatMetricValue(value, units[name]);
  if (typeof value === 'number' && !units && SHARE_DETAIL_RE.test(name) && value >= 0 && value <= 1) return formatShare(value);
  if (typeof value === 'number') return formatNumber(value, 4);
  return valueText(value);
}

/** A missing partition: a group the check expected that has no rows at all (its value is null, or 0 for reconcile). */
export const isMissingGroup = (group: FailingGroup): boolean => group.reason === 'missing';

/** A failing group's value in the group metric's unit; "missing (no rows)" for a missing partition, "—" for no value. */
export function formatGroupValue(group: FailingGroup, unit: MetricUnit): string {
  if (isMissingGroup(group)) return 'missing (no rows)';
  return formatMetricValue(group.value, unit);
}

/**
 * One line for a failing group, in the group metric (or a bare unit):
 * "game_date=2026-01-03: 12.5% (rows 2; expected 16, actual 2, completeness 12.5%)".
 */
export function formatGroupLine(group: FailingGroup, metric: MetricUnit | GroupMetric): string {
  const gm = typeof metric === 'string' ? undefined : metric;
  const unit = typeof metric === 'string' ? metric : metric.unit;
  const extra: string[] = [];
  if (group.rows !== undefined) extra.push(`rows ${formatNumber(group.rows, 0)}`);
  if (group.reason && !isMissingGroup(group)) extra.push(`reason ${group.reason}`);
  const details = Object.entries(group.details ?? {}).map(([k, v]) => `${k} ${formatDetail(k, v, gm)}`);
  const tail = [extra.join(', '), details.join(', ')].filter(Boolean).join('; ');
  return `${formatGroupKey(group.key)}: ${formatGroupValue(group, unit)}${tail ? ` (${tail})` : ''}`;
}

export function isDate(value: unknown): value is string {
  return typeof value === 'string' && DATE_RE.test(value);
}

/** The first YYYY-MM-DD value of a group key (the date the group stands for), if any. */
export function groupDate(key: Record<string, Value>): string | undefined {
  for (const v of Object.values(key)) if (isDate(v)) return v;
  return undefined;
}

/** The column of a group key that holds its date (first YYYY-MM-DD value), if any. */
export function groupDateColumn(key: Record<string, Value>): string | undefined {
  for (const [k, v] of Object.entries(key)) if (isDate(v)) return k;
  return undefined;
}
