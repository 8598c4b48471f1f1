// `dq diff --since WHEN`: a calendar date (its midnight UTC), a timestamp, or a duration back
// from now (`2 days`, `6 hours`), as the instant runs are compared around.
import { convertDuration } from '../config/thresholds.js';
import { isIsoDate } from '../iso-date.js';

/** An ISO timestamp with a time and a zone (Z or ±hh:mm): no local time is ever guessed. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch, or why `text` is not a time. */
export function sinceInstant(text: string, nowMs: number): { ok: true; ms: number } | { ok: false; message: string } {
  const value = text.trim();
  if (isIsoDate(value)) return { ok: true, ms: Date.parse(`${value}T00:00:00Z`) };
  if (TIMESTAMP.test(value) && isIsoDate(value.slice(0, 10)) && Number.isFinite(Date.parse(value))) return { ok: true, ms: Date.parse(value) };
  const duration = convertDuration(value);
  if (duration.ok) return { ok: true, ms: nowMs - duration.value * 1000 };
  return { ok: false, message: `--since ${JSON.stringify(text)}: write a date (2026-01-05, midnight UTC), a timestamp with a zone (2026-01-05T06:00:00Z) or a duration back from now (2 days, 6 hours)` };
}
