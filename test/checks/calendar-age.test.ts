// Ages in calendar months: `age ≤ N months` must hold exactly when the newest value is on or
// after the reference minus N months, clamped to the month's end as BigQuery and DuckDB do.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarMonthsBefore, minusMonths } from '../../src/checks/calendar-age.js';

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The reference date minus n months, by year/month counting and a table of month lengths. */
function cutoff(y: number, m: number, d: number, n: number): string {
  const total = y * 12 + (m - 1) - n;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const last = month === 2 && leap(year) ? 29 : DAYS[month - 1]!;
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('calendar months', () => {
  it('counts back to the same day, or the last day of a shorter month', () => {
    expect(minusMonths(utc('2026-05-31'), 3).toISOString().slice(0, 10)).toBe('2026-02-28');
    expect(minusMonths(utc('2024-03-31'), 1).toISOString().slice(0, 10)).toBe('2024-02-29');
    expect(minusMonths(utc('2026-01-04'), 12).toISOString().slice(0, 10)).toBe('2025-01-04');
    expect(minusMonths(new Date('2026-03-31T18:30:00Z'), 1).toISOString()).toBe('2026-02-28T18:30:00.000Z');
  });

  it('age ≤ N months exactly when the newest date is on or after the reference minus N months', () => {
    const date = fc.record({ y: fc.integer({ min: 2000, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) }).map(({ y, m, d }) => {
      const last = m === 2 && leap(y) ? 29 : DAYS[m - 1]!;
      return { y, m, d: Math.min(d, last) };
    });
    const iso = ({ y, m, d }: { y: number; m: number; d: number }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    fc.assert(
      fc.property(date, date, fc.integer({ min: 0, max: 48 }), (reference, newest, n) => {
        const age = calendarMonthsBefore(utc(iso(newest)), utc(iso(reference)));
        expect(age <= n).toBe(iso(newest) >= cutoff(reference.y, reference.m, reference.d, n));
      }),
      { numRuns: 2000 },
    );
  });

  it('is negative for a newest value after the reference', () => {
    expect(calendarMonthsBefore(utc('2026-02-04'), utc('2026-01-04'))).toBe(-1);
  });
});
