// Thresholds that load but cannot work: a range whose low end is above its high end (no value can
// pass), and a `warn:` looser than the fail threshold it overrides (a value between them fails;
// it never warns). Checked after conversion, so `45%` and `0.45` compare alike.
import type { ArgKind, ArgRange, CheckType } from '../checks/types.js';
import type { Bounds } from '../run/report.js';

export interface ThresholdProblem {
  /** Where to point: an argument of the check, a key of `warn:`, or `warn:` itself (no key). */
  at: 'args' | 'warn';
  key?: string;
  message: string;
}

/** The ranges of a type that declares none (CheckType.ranges): inclusive, by their usual names. */
export const DEFAULT_RANGES: readonly ArgRange[] = [
  { low: 'min', high: 'max' },
  { low: 'min_value', high: 'max_value' },
];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/**
 * How two range ends compare (-1, 0, 1), when they compare the same way in SQL and here:
 * numbers, or ISO dates / timestamps. Undefined otherwise (text in the warehouse's collation).
 */
function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'string' && typeof b === 'string' && ISO_DATE.test(a) && ISO_DATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/** A converted value as a reader wrote it: shares as percentages, durations as written. */
function display(kind: ArgKind | undefined, value: unknown, written?: unknown): string {
  if (typeof written === 'string') return written.trim();
  if (kind === 'share' && typeof value === 'number') return `${Number((value * 100).toPrecision(12))}%`;
  if ((kind === 'duration' || kind === 'age') && typeof value === 'number') return `${value} seconds`;
  return String(value);
}

/** The lowest and highest passing value of some bounds (`equals` is both). */
function interval(bounds: Bounds): { lo?: number; hi?: number } {
  return bounds.equals !== undefined ? { lo: bounds.equals, hi: bounds.equals } : { lo: bounds.min, hi: bounds.max };
}

function describeBounds(bounds: Bounds, kind: ArgKind | undefined): string {
  const parts: string[] = [];
  if (bounds.min !== undefined) parts.push(`min ${display(kind, bounds.min)}`);
  if (bounds.max !== undefined) parts.push(`max ${display(kind, bounds.max)}`);
  if (bounds.equals !== undefined) parts.push(`equals ${display(kind, bounds.equals)}`);
  return parts.join(', ');
}

/**
 * Problems of a check's converted arguments and `warn:`. `written` and `writtenWarn` hold the
 * values as written in YAML, for messages.
 */
export function thresholdProblems(
  type: CheckType,
  args: Record<string, unknown>,
  warn: Record<string, unknown> | undefined,
  written: Record<string, unknown>,
  writtenWarn: Record<string, unknown> = {},
): ThresholdProblem[] {
  const problems: ThresholdProblem[] = [];
  const arg = (key: string) => `${key} ${display(type.argKinds[key], args[key], written[key])}`;

  // A range no value can be inside.
  for (const range of type.ranges ?? DEFAULT_RANGES) {
    const { low, high } = range;
    const order = compare(args[low], args[high]);
    if (order === undefined) continue;
    const excluded = range.excludes?.(args);
    if (order > 0) {
      problems.push({ at: 'args', key: low, message: `${type.type}.${low}: ${arg(low)} is above ${arg(high)}: no value can pass` });
    } else if (order === 0 && excluded && (excluded.low || excluded.high)) {
      problems.push({ at: 'args', key: low, message: `${type.type}.${low}: ${arg(low)} equals ${arg(high)} and ${excluded.why} excludes it: no value can pass` });
    }
  }
  if (typeof args.equals === 'number') {
    for (const [key, outside] of [
      ['min', typeof args.min === 'number' && args.equals < args.min],
      ['max', typeof args.max === 'number' && args.equals > args.max],
    ] as const) {
      if (outside) {
        problems.push({ at: 'args', key: 'equals', message: `${type.type}.equals: ${arg('equals')} is ${key === 'min' ? 'below' : 'above'} ${arg(key)}: no value can pass` });
      }
    }
  }
  if (!warn || problems.length > 0) return problems;

  // Each warn threshold at least as strict as the fail threshold it overrides.
  const failBounds = type.bounds(args);
  const fail = interval(failBounds);
  for (const key of Object.keys(warn)) {
    if (!type.warnKeys.includes(key) || (typeof warn[key] !== 'number' && typeof warn[key] !== 'object')) continue;
    // An age in calendar months and one in seconds are measured differently: one form for both.
    if (args[key] !== undefined && typeof args[key] !== typeof warn[key]) {
      problems.push({
        at: 'warn',
        key,
        message: `warn.${key}: ${display(type.argKinds[key], warn[key], writtenWarn[key])} and ${arg(key)} must both be calendar spans (months, quarters, years) or both durations`,
      });
      continue;
    }
    const own = interval(type.bounds({ ...args, [key]: warn[key] }));
    const looser = (own.lo !== undefined && fail.lo !== undefined && own.lo < fail.lo) || (own.hi !== undefined && fail.hi !== undefined && own.hi > fail.hi);
    if (!looser) continue;
    const kind = type.argKinds[key];
    const failText = args[key] !== undefined ? arg(key) : `the fail threshold (${describeBounds(failBounds, kind)})`;
    problems.push({
      at: 'warn',
      key,
      message:
        `warn.${key}: ${display(kind, warn[key], writtenWarn[key])} is looser than ${failText}: a warn threshold must be stricter ` +
        'than the fail threshold (a value between them fails; it never warns)',
    });
  }
  // The warn thresholds together leave no value that passes without warning.
  const both = interval(type.bounds({ ...args, ...warn }));
  if (problems.length === 0 && both.lo !== undefined && both.hi !== undefined && both.lo > both.hi) {
    const kind = type.argKinds[type.warnKeys[0] ?? ''];
    problems.push({
      at: 'warn',
      message: `warn: the warn range (min ${display(kind, both.lo)}, max ${display(kind, both.hi)}) is empty: every value that passes would warn`,
    });
  }
  return problems;
}
