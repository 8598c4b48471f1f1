// Ages in calendar months (freshness `max_age: 3 months`, `1 quarter`, `1 year`), counted back
// from the reference the way BigQuery's DATE_SUB / TIMESTAMP_SUB and DuckDB's `- INTERVAL n MONTH`
// do it: the same day of an earlier month, or that month's last day when the day does not exist
// (2026-05-31 minus 3 months is 2026-02-28). So `age ≤ N months` holds exactly when the newest
// value is on or after the reference minus N months, dbt-utils recency's
// `max(field) >= dateadd(month, -N, now)`.

/** `instant` minus `months` calendar months, on UTC calendar fields, the day clamped to the month's end. */
export function minusMonths(instant: Date, months: number): Date {
  const year = instant.getUTCFullYear();
  const month = instant.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(instant.getUTCDate(), lastDay);
  const timeOfDay = instant.getTime() - Date.UTC(year, instant.getUTCMonth(), instant.getUTCDate());
  return new Date(Date.UTC(year, month, day) + timeOfDay);
}

/**
 * How many calendar months `newest` is before `reference`: k whole months (the largest k with
 * reference - k months ≥ newest) and the fraction of the next month counted back. Negative for
 * a newest value after the reference (a value from the future).
 */
export function calendarMonthsBefore(newest: Date, reference: Date): number {
  if (reference.getTime() < newest.getTime()) return -calendarMonthsBefore(reference, newest);
  let k = 0;
  while (minusMonths(reference, k + 1).getTime() >= newest.getTime()) k++;
  const whole = minusMonths(reference, k).getTime();
  const next = minusMonths(reference, k + 1).getTime();
  return k + (whole - newest.getTime()) / (whole - next);
}
