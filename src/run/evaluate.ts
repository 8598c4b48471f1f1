// Measurement + thresholds → status and message. The "successful is not complete" rule lives
// here: too few evaluated rows, or no value at all, never passes.
import type { Measurement } from '../checks/types.js';
import type { CheckSpec } from '../config/types.js';
import { compareExact } from './exact-compare.js';
import { formatBounds, formatValue } from './format.js';
import type { Bounds, CheckStatus } from './report.js';

export interface Verdict {
  status: Exclude<CheckStatus, 'error' | 'skipped'>;
  message: string;
}

/**
 * The bound `value` breaks, or null when it meets them all. `exact` is the decimal text the
 * engine answered, when `value` is its nearest double: bounds are then compared with the text.
 */
export function brokenBound(value: number, bounds: Bounds, exact?: string): string | null {
  const vs = (bound: number) => (exact === undefined ? undefined : compareExact(exact, bound)) ?? Math.sign(value - bound);
  if (bounds.equals !== undefined && vs(bounds.equals) !== 0) return 'equals';
  if (bounds.min !== undefined && (bounds.strictMin ? vs(bounds.min) <= 0 : vs(bounds.min) < 0)) return 'min';
  if (bounds.max !== undefined && (bounds.strictMax ? vs(bounds.max) >= 0 : vs(bounds.max) > 0)) return 'max';
  return null;
}

export function evaluate(check: CheckSpec, m: Measurement, fail: Bounds, warn: Bounds | undefined): Verdict {
  const { unit, name } = m.metric;
  const bad: Verdict['status'] = check.severity === 'error' ? 'fail' : 'warn';
  const detail = m.detail ? ` (${m.detail})` : '';
  const shown = `${name} ${formatValue(m.metric.value, unit)}`;

  if (m.rowsEvaluated !== null && m.rowsEvaluated < check.minRows) {
    return {
      status: bad,
      message: `evaluated ${m.rowsEvaluated} rows, fewer than min_rows ${check.minRows}: an empty table, filter or partition never passes`,
    };
  }
  // NaN breaks no bound (every comparison with it is false): a value no number can be read from
  // (a freshness check's newest date of -infinity or BC) is not measured, never a pass.
  if (m.value === null || Number.isNaN(m.value)) return { status: bad, message: `${name} could not be measured${detail}` };
  const exact = typeof m.metric.value === 'string' ? m.metric.value : undefined;
  if (brokenBound(m.value, fail, exact)) {
    return { status: bad, message: `${shown}, expected ${formatBounds(fail, unit)}${detail}` };
  }
  if (warn && brokenBound(m.value, warn, exact)) {
    return { status: 'warn', message: `${shown}, warn threshold ${formatBounds(warn, unit)}${detail}` };
  }
  return { status: 'pass', message: `${shown} ${formatBounds(fail, unit)}${detail}` };
}
