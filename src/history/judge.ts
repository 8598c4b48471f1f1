// `change:` and `anomaly:` judged: a check's report against its recorded history. Pure: the
// history is read before (check-history.ts); this only compares. Vacuous-pass safe: no earlier
// run, an earlier run without a value, or too few values warn "not enough history"; a history
// that could not be read makes the check an error. The check's status becomes the worst of its
// own and these.
import { MIN_ANOMALY_HISTORY } from '../config/history-thresholds.js';
import type { AnomalyThreshold, ChangeThreshold, CheckSpec } from '../config/types.js';
import { formatNumber, formatValue } from '../run/format.js';
import type { AnomalyComparison, ChangeComparison, CheckReport, HistoryComparisons, MetricUnit } from '../run/report.js';
import type { HistoryPoint } from './check-history.js';
import { metricNumber } from './records.js';

/** MAD times this estimates the standard deviation of normally distributed values. */
const MAD_SCALE = 1.4826;

type Judged = 'pass' | 'warn' | 'fail';
const RANK = { pass: 0, warn: 1, fail: 2, error: 3, skipped: -1 } as const;

/** How many earlier runs a check's thresholds need read: the deepest of change and anomaly. */
export function historyDepth(check: Pick<CheckSpec, 'change' | 'anomaly'>): number {
  const change = check.change ? (check.change.baseline === 'previous' ? 1 : check.change.baseline.medianOf) : 0;
  return Math.max(change, check.anomaly?.history ?? 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const percent = (share: number) => `${formatNumber(share * 100, 1)}%`;
const runCount = (n: number) => `${n} earlier ${n === 1 ? 'run' : 'runs'}`;

export function judgeChange(rule: ChangeThreshold, value: number | null, points: readonly HistoryPoint[], bad: Judged, unit: MetricUnit): ChangeComparison {
  const vs = rule.baseline === 'previous' ? 'previous' : 'median_of';
  const want = rule.baseline === 'previous' ? 1 : rule.baseline.medianOf;
  const used = points.slice(0, want);
  const limits = { ...(rule.maxDrop !== undefined ? { max_drop: rule.maxDrop } : {}), ...(rule.maxRise !== undefined ? { max_rise: rule.maxRise } : {}) };
  const base = { vs, runs: used.map((p) => p.run_id), value, ...limits } as const;
  const label = rule.baseline === 'previous' ? 'the previous run' : `the median of the last ${want} runs`;
  const notEnough = (why: string): ChangeComparison => ({ ...base, status: 'warn', baseline: null, delta: null, relative_change: null, message: `change vs ${label}: not enough history (${why})` });
  if (used.length < want) return notEnough(used.length === 0 ? 'no earlier run of this check on this target' : `${runCount(used.length)}, ${want} needed`);
  const missing = used.filter((p) => p.value === null);
  if (missing.length > 0) return notEnough(`${missing.map((p) => `${p.run_id} (${p.status})`).join(', ')} recorded no value`);
  const baseline = rule.baseline === 'previous' ? used[0]!.value! : median(used.map((p) => p.value!));
  if (value === null) return { ...base, status: 'warn', baseline, delta: null, relative_change: null, message: `change vs ${label}: no value to compare with ${formatValue(baseline, unit)}` };
  const delta = value - baseline;
  const relative = baseline === 0 ? null : delta / Math.abs(baseline);
  // From a baseline of 0 any change is infinitely large: a limit on that direction is broken.
  const size = relative ?? (delta === 0 ? 0 : delta > 0 ? Infinity : -Infinity);
  const broken =
    rule.maxDrop !== undefined && -size > rule.maxDrop ? `a drop of more than max_drop ${percent(rule.maxDrop)}` : rule.maxRise !== undefined && size > rule.maxRise ? `a rise of more than max_rise ${percent(rule.maxRise)}` : null;
  const moved = relative === null ? (delta === 0 ? 'unchanged' : `${delta > 0 ? '+' : ''}${formatValue(delta, unit)} from 0`) : `${relative > 0 ? '+' : ''}${percent(relative)}`;
  const message = `change vs ${label} (${formatValue(baseline, unit)}): ${moved}${broken ? `, ${broken}` : ''}`;
  return { ...base, status: broken ? bad : 'pass', baseline, delta, relative_change: relative, message };
}

export function judgeAnomaly(rule: AnomalyThreshold, value: number | null, points: readonly HistoryPoint[], bad: Judged, unit: MetricUnit): AnomalyComparison {
  const used = points.slice(0, rule.history).filter((p) => p.value !== null);
  const base = { runs: used.map((p) => p.run_id), sensitivity: rule.sensitivity };
  if (used.length < MIN_ANOMALY_HISTORY) {
    return { ...base, status: 'warn', median: null, mad: null, z_score: null, message: `anomaly: not enough history (${used.length} of the last ${rule.history} runs recorded a value, ${MIN_ANOMALY_HISTORY} needed)` };
  }
  const values = used.map((p) => p.value!);
  const m = median(values);
  const mad = median(values.map((v) => Math.abs(v - m)));
  if (value === null) return { ...base, status: 'warn', median: m, mad, z_score: null, message: `anomaly: no value to compare with the median ${formatValue(m, unit)}` };
  const history = `median ${formatValue(m, unit)} of ${runCount(used.length)}`;
  if (mad === 0) {
    // Every earlier value but at most half equals the median: any other value is an anomaly; the
    // same value is the one outcome the history expects (said, not silent).
    return value === m
      ? { ...base, status: 'pass', median: m, mad, z_score: 0, message: `anomaly: equal to the ${history}, which do not vary (MAD 0)` }
      : { ...base, status: bad, median: m, mad, z_score: null, message: `anomaly: ${formatValue(value, unit)} differs from the ${history}, which do not vary (MAD 0)` };
  }
  const z = Math.abs(value - m) / (MAD_SCALE * mad);
  const shown = `robust z-score ${formatNumber(z, 2)} vs ${history}`;
  return z > rule.sensitivity
    ? { ...base, status: bad, median: m, mad, z_score: z, message: `anomaly: ${shown}, above sensitivity ${formatNumber(rule.sensitivity)}` }
    : { ...base, status: 'pass', median: m, mad, z_score: z, message: `anomaly: ${shown} (sensitivity ${formatNumber(rule.sensitivity)})` };
}

/**
 * The check's report with its history comparisons: the status is the worst of its own and
 * theirs; their messages follow its own. A check that was not evaluated (error, skipped) is
 * left as it is: it has no metric to compare.
 */
export function judgeHistory(check: CheckSpec, report: CheckReport, history: readonly HistoryPoint[] | Error): CheckReport {
  if (report.status === 'error' || report.status === 'skipped' || (!check.change && !check.anomaly)) return report;
  if (history instanceof Error) {
    const error = `the history store could not be read for change/anomaly: ${history.message}`;
    return { ...report, status: 'error', message: `${report.message}; ${error}`, history: { error } };
  }
  const bad: Judged = check.severity === 'error' ? 'fail' : 'warn';
  const value = metricNumber(report.metric.value);
  const comparisons: HistoryComparisons = {};
  if (check.change) comparisons.change = judgeChange(check.change, value, history, bad, report.metric.unit);
  if (check.anomaly) comparisons.anomaly = judgeAnomaly(check.anomaly, value, history, bad, report.metric.unit);
  const judged = [comparisons.change, comparisons.anomaly].filter((c) => c !== undefined);
  const status = judged.reduce<CheckReport['status']>((worst, c) => (RANK[c.status] > RANK[worst] ? c.status : worst), report.status);
  return { ...report, status, message: [report.message, ...judged.map((c) => c.message)].join('; '), history: comparisons };
}
