// Calendar dates written YYYY-MM-DD, shared by every stage (a leaf module: it imports nothing).

/**
 * Whether `text` is a date that exists in the calendar: `2025-13-01`, `2025-02-30` and
 * `2025-00-10` are not (and never throw: `new Date` of them is an invalid date, not a rolled-over
 * one, and `toISOString` of an invalid date throws).
 */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
}
