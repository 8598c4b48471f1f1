// Time and identity, injected so tests are deterministic (Dataform-style).
import { randomBytes } from 'node:crypto';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** `20261130T094300Z-1a2b3c`: sortable by time, unique across runs started at the same moment. */
export function newRunId(now: Date, random: () => string = () => randomBytes(3).toString('hex')): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return `${stamp}-${random()}`;
}

/** The calendar date in a time zone, `YYYY-MM-DD`. */
export function dateInZone(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The instant a date ends (next midnight) in a time zone. */
export function endOfDateInZone(isoDate: string, timeZone: string): Date {
  const nextMidnightUtc = Date.parse(`${isoDate}T00:00:00Z`) + 86_400_000;
  // The zone's offset at that moment: format the UTC instant in the zone and compare.
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(nextMidnightUtc));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asIfUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return new Date(nextMidnightUtc - (asIfUtc - nextMidnightUtc));
}
