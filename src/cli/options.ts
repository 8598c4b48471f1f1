// Parsing of option values shared by several commands. A bad value is a usage error (exit 3).
import { InvalidArgumentError } from 'commander';
import { isIsoDate } from '../iso-date.js';

export function parseVar(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(value);
  if (!match) throw new InvalidArgumentError(`expected NAME=VALUE, got "${value}"`);
  return { ...previous, [match[1]]: match[2] };
}

/** A calendar date: `2025-13-01`, `2025-02-29` and `2025-12-32` are refused, not rolled over. */
export function parseDate(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError(`expected a date YYYY-MM-DD that exists in the calendar, got "${value}"`);
  return value;
}

/** A folder to create: an empty or blank path would be the current folder. */
export function parseOutDir(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('expected a folder path, got an empty one');
  return value;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}"`);
  return n;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}
