// Converts threshold-like values as written in YAML into numbers: shares (45% → 0.45),
// counts, plain numbers, durations (2 days → 172800 seconds) and byte sizes (20 GB → 2e10).
import type { ArgKind, CalendarSpan } from '../checks/types.js';

export type Converted<T = number> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T = number>(value: T): Converted<T> => ({ ok: true, value });
const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** Shows a written value in a message: strings quoted, the rest as YAML would print them. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** Drops binary floating-point noise: 33.3 / 100 → 0.333, not 0.33299999999999996. */
function tidy(n: number): number {
  return Number(n.toPrecision(12));
}

const PERCENT = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*%\s*$/;

/** A fraction 0..1, written `45%`, `4.5%` or `0.45`. A number above 1 (`45`) is refused as ambiguous. */
export function convertShare(value: unknown): Converted {
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (value >= 0 && value <= 1) return ok(value);
    if (value > 1 && value <= 100) return fail(`${value} is not a share; write ${value}% or ${tidy(value / 100)}`);
    return fail(`${value} is not a share; a share is between 0% and 100% (0 to 1)`);
  }
  if (typeof value === 'string') {
    const match = PERCENT.exec(value);
    if (match) {
      const percent = Number(match[1]);
      if (percent < 0 || percent > 100) return fail(`${value} is not a share; a share is between 0% and 100%`);
      return ok(tidy(percent / 100));
    }
  }
  return fail(`${show(value)} is not a share; write a percentage like 45% or a fraction like 0.45`);
}

export function convertCount(value: unknown): Converted {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return ok(value);
  return fail(`${show(value)} is not a count; write a whole number, 0 or more`);
}

export function convertNumber(value: unknown): Converted {
  if (typeof value === 'number' && Number.isFinite(value)) return ok(value);
  return fail(`${show(value)} is not a number`);
}

const SECONDS: Record<string, number> = {};
for (const [seconds, names] of [
  [1, ['s', 'sec', 'secs', 'second', 'seconds']],
  [60, ['m', 'min', 'mins', 'minute', 'minutes']],
  [3600, ['h', 'hr', 'hrs', 'hour', 'hours']],
  [86400, ['d', 'day', 'days']],
  [604800, ['w', 'wk', 'wks', 'week', 'weeks']],
] as const) {
  for (const name of names) SECONDS[name] = seconds;
}

/**
 * `2 days`, `6 hours`, `30 minutes`, `90 seconds`, `1 week`, `1.5h`, or several parts
 * (`1 day 6 hours`); returns seconds. A bare number is refused: its unit would be a guess.
 */
export function convertDuration(value: unknown): Converted {
  const hint = 'write a number and a unit, like 2 days, 6 hours, 30 minutes, 90 seconds or 1 week';
  if (typeof value !== 'string') return fail(`${show(value)} is not a duration; ${hint}`);
  const part = /\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*,?/gy;
  let total = 0;
  let parts = 0;
  let end = 0;
  for (let m = part.exec(value); m; m = part.exec(value)) {
    const unit = SECONDS[m[2]!];
    if (unit === undefined) return fail(`${show(value)} is not a duration: unknown unit "${m[2]}"; ${hint}`);
    total += Number(m[1]) * unit;
    parts++;
    end = part.lastIndex;
  }
  if (parts === 0 || value.slice(end).trim() !== '') return fail(`${show(value)} is not a duration; ${hint}`);
  return ok(tidy(total));
}

const MONTHS: Record<string, number> = {};
for (const [months, names] of [
  [1, ['mo', 'month', 'months']],
  [3, ['q', 'quarter', 'quarters']],
  [12, ['y', 'yr', 'yrs', 'year', 'years']],
] as const) {
  for (const name of names) MONTHS[name] = months;
}

/**
 * An age limit: a duration (`2 days`, seconds), or a whole number of calendar months, quarters or
 * years (`3 months`, `1 quarter`, `1 year`), whose length in days depends on the date it is counted
 * back from; the two cannot be mixed in one value.
 */
export function convertAge(value: unknown): Converted<number | CalendarSpan> {
  const m = typeof value === 'string' ? /^\s*(\d+)\s*([a-z]+)\s*$/.exec(value) : null;
  const months = m ? MONTHS[m[2]!] : undefined;
  if (m && months !== undefined) return ok({ months: Number(m[1]) * months });
  const seconds = convertDuration(value);
  if (seconds.ok) return seconds;
  return fail(`${seconds.message}; or a calendar span: a whole number of months, quarters or years, like 3 months`);
}

const BYTES: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  pib: 2 ** 50,
};

/**
 * A byte size: a whole number of bytes, or `20 GB` (decimal units: KB = 1000 bytes ... PB) or
 * `20 GiB` (binary units: KiB = 1024 bytes ... PiB). Units are case-insensitive. Returns bytes.
 */
export function convertBytes(value: unknown): Converted {
  const hint = 'write a number of bytes or a size like 20 GB, 500 MB, 1 TiB';
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? ok(value) : fail(`${value} is not a byte size; ${hint}`);
  }
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(value);
    const unit = m ? BYTES[m[2]!.toLowerCase()] : undefined;
    if (m && unit !== undefined) return ok(Math.round(Number(m[1]) * unit));
  }
  return fail(`${show(value)} is not a byte size; ${hint}`);
}

/**
 * A converted value checked against the numeric limits of the argument's own schema (`minimum`,
 * `maximum`, exclusive ones): the loader validates a kind's written form, so a type's narrower
 * range (volume's `lookback`, a count of at least 1) is held here, after conversion.
 */
export function withinDeclaredRange<T>(schema: unknown, converted: Converted<T>): Converted<T> {
  if (!converted.ok || typeof converted.value !== 'number' || typeof schema !== 'object' || schema === null) return converted;
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema as Record<string, unknown>;
  const value = converted.value;
  const out = (comparison: string, limit: number) => fail(`${value} is out of range; must be ${comparison} ${limit}`);
  if (typeof minimum === 'number' && value < minimum) return out('>=', minimum);
  if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum) return out('>', exclusiveMinimum);
  if (typeof maximum === 'number' && value > maximum) return out('<=', maximum);
  if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum) return out('<', exclusiveMaximum);
  return converted;
}

export function convertArg(kind: Exclude<ArgKind, 'age'>, value: unknown): Converted;
export function convertArg(kind: ArgKind, value: unknown): Converted<number | CalendarSpan>;
export function convertArg(kind: ArgKind, value: unknown): Converted<number | CalendarSpan> {
  switch (kind) {
    case 'share':
      return convertShare(value);
    case 'count':
      return convertCount(value);
    case 'number':
      return convertNumber(value);
    case 'duration':
      return convertDuration(value);
    case 'age':
      return convertAge(value);
  }
}
