// How numbers read in messages and reports: shares as percentages, ages as durations.
import type { Bounds, MetricUnit } from './report.js';

export function formatValue(value: number | string | null, unit: MetricUnit): string {
  if (value === null) return 'none';
  if (typeof value === 'string') return value;
  switch (unit) {
    case 'share':
      return `${trim(value * 100, 1)}%`;
    case 'seconds':
      return formatDuration(value);
    case 'count':
      return value.toLocaleString('en-US');
    default:
      return String(trim(value, 4));
  }
}

function trim(value: number, digits: number): string {
  return Number(value.toFixed(digits)).toString();
}

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

/** `≥ 45%`, `≤ 2 days`, `= 0`, `between 1 and 3`. */
export function formatBounds(bounds: Bounds, unit: MetricUnit): string {
  const f = (v: number) => formatValue(v, unit);
  const parts: string[] = [];
  if (bounds.equals !== undefined) parts.push(`= ${f(bounds.equals)}`);
  if (bounds.min !== undefined) parts.push(`${bounds.strictMin ? '>' : '≥'} ${f(bounds.min)}`);
  if (bounds.max !== undefined) parts.push(`${bounds.strictMax ? '<' : '≤'} ${f(bounds.max)}`);
  return parts.join(' and ') || 'any';
}
