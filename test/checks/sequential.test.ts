// sequential on data built for it: the breaks DuckDB finds are the ones recomputed here in plain
// TypeScript (sort each group, compare each value with the one before it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../src/config/types.js';
import { evaluate } from '../../src/run/evaluate.js';
import { spec } from '../support/checks.js';
import { buildWarehouse, type Warehouse } from '../support/nba.js';

const TABLE = 'nba_analytics.seq';

interface SeqRow {
  team: string;
  n: number | null;
  day: string | null;
}

// dbt-utils' sequential_values fixture steps by 2; here team A has a gap (6 → 10), team B a
// repeat (4, 4) and a NULL inside its run, team C is clean; the days skip one and repeat one.
const ROWS: SeqRow[] = [
  { team: 'A', n: 2, day: '2024-01-30' },
  { team: 'A', n: 4, day: '2024-01-31' },
  { team: 'A', n: 6, day: '2024-02-01' },
  { team: 'A', n: 10, day: '2024-02-03' },
  { team: 'B', n: 2, day: '2024-01-31' },
  { team: 'B', n: 4, day: '2024-02-29' },
  { team: 'B', n: 4, day: '2024-03-29' },
  { team: 'B', n: null, day: null },
  { team: 'B', n: 6, day: '2024-05-29' },
  { team: 'C', n: 8, day: '2024-01-01' },
  { team: 'C', n: 10, day: '2024-01-02' },
  // Deterministic filler: a long clean run for C with one break every 17 values.
  ...Array.from({ length: 60 }, (_, i) => ({ team: 'C', n: 12 + 2 * i + (i % 17 === 16 ? 1 : 0), day: null })),
];

const sql = (v: string | number | null, date = false) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : date ? `DATE '${v}'` : `'${v}'`);

/** Rows (per group, in value order) whose predecessor plus `step` is not their value. */
function expectedBreaks<T>(values: { group: string; v: T }[], next: (prev: T) => T, key: (v: T) => number): { group: string; v: T; prev: T }[] {
  const groups = new Map<string, T[]>();
  for (const { group, v } of values) groups.set(group, [...(groups.get(group) ?? []), v]);
  const out: { group: string; v: T; prev: T }[] = [];
  for (const [group, vs] of groups) {
    const sorted = [...vs].sort((a, b) => key(a) - key(b));
    for (let i = 1; i < sorted.length; i++) {
      if (key(next(sorted[i - 1]!)) !== key(sorted[i]!)) out.push({ group, v: sorted[i]!, prev: sorted[i - 1]! });
    }
  }
  return out;
}

/** Calendar months, clamped to the month's last day (Jan 31 + 1 month = Feb 29 in 2024). */
function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

let wh: Warehouse;
beforeAll(async () => {
  wh = await buildWarehouse([
    `CREATE TABLE ${TABLE} (team VARCHAR, n INTEGER, day DATE)`,
    `INSERT INTO ${TABLE} VALUES ${ROWS.map((r) => `(${sql(r.team)}, ${sql(r.n)}, ${sql(r.day, true)})`).join(', ')}`,
    // dbt-utils' sequential_values fixture in hours: 00:00, 01:00, 02:00, then 04:00.
    `CREATE TABLE nba_analytics.seq_hours AS SELECT TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (h) HOUR AS at FROM (VALUES (0), (1), (2), (4)) AS v(h)`,
    `CREATE TABLE nba_analytics.seq_empty (n INTEGER)`,
    `INSERT INTO nba_analytics.seq_empty VALUES (NULL), (NULL)`,
  ]);
});
afterAll(async () => {
  await wh?.close();
});

async function measure(check: CheckSpec) {
  return (await wh.run([check])).measurements.get(check.id)!;
}

describe('sequential', () => {
  it('counts the rows whose predecessor in their group is not one interval before', async () => {
    const check = spec('sequential', { column: 'n', interval: 2, group_by: ['team'], max: 0 }, { table: TABLE, name: 'by_two' });
    const m = await measure(check);
    const values = ROWS.filter((r) => r.n !== null).map((r) => ({ group: r.team, v: r.n! }));
    const breaks = expectedBreaks(values, (p) => p + 2, (v) => v);
    expect(breaks.length).toBeGreaterThan(3);
    expect(m.value).toBe(breaks.length);
    expect(m.rowsEvaluated).toBe(values.length);
    expect(m.failingGroupCount).toBe(breaks.length);
    expect(m.failingGroups!.map((g) => `${g.key.team}:${g.key.n}<-${g.details!.previous}`).sort()).toEqual(
      breaks.map((b) => `${b.group}:${b.v}<-${b.prev}`).sort(),
    );
    expect(evaluate(check, m, { max: 0 }, undefined).status).toBe('fail');
  });

  it('without group_by, the whole column is one sequence', async () => {
    const check = spec('sequential', { column: 'n', interval: 2, max: 0 }, { table: TABLE, name: 'one_run', where: "team = 'C'" });
    const values = ROWS.filter((r) => r.n !== null && r.team === 'C').map((r) => ({ group: '', v: r.n! }));
    expect((await measure(check)).value).toBe(expectedBreaks(values, (p) => p + 2, (v) => v).length);
  });

  it('steps dates by calendar months, clamped to the month end', async () => {
    const check = spec('sequential', { column: 'day', interval: 1, datepart: 'month', group_by: 'team', max: 0 }, { table: TABLE, name: 'monthly', where: "team = 'B'" });
    const values = ROWS.filter((r) => r.day !== null && r.team === 'B').map((r) => ({ group: r.team, v: r.day! }));
    const breaks = expectedBreaks(values, (p) => addMonths(p, 1), dayNumber);
    // Jan 31 → Feb 29 → Mar 29 follow; Mar 29 → May 29 skips April.
    expect(breaks.map((b) => b.v)).toEqual(['2024-05-29']);
    const m = await measure(check);
    expect(m.value).toBe(1);
    expect(m.failingGroups!.map((g) => String(g.key.day))).toEqual(['2024-05-29']);
  });

  it('steps dates by days', async () => {
    const check = spec('sequential', { column: 'day', interval: 1, datepart: 'day', group_by: 'team', max: 0 }, { table: TABLE, name: 'daily', where: "team = 'A'" });
    const values = ROWS.filter((r) => r.day !== null && r.team === 'A').map((r) => ({ group: r.team, v: r.day! }));
    const breaks = expectedBreaks(values, (p) => addDays(p, 1), dayNumber);
    expect(breaks.map((b) => b.v)).toEqual(['2024-02-03']);
    expect((await measure(check)).value).toBe(breaks.length);
  });

  it('steps timestamps by hours', async () => {
    const check = spec('sequential', { column: 'at', interval: 1, datepart: 'hour', max: 0 }, { table: 'nba_analytics.seq_hours', name: 'hourly' });
    const hours = [0, 1, 2, 4];
    const breaks = hours.filter((h, i) => i > 0 && h !== hours[i - 1]! + 1);
    const m = await measure(check);
    expect(m.value).toBe(breaks.length);
    expect(m.rowsEvaluated).toBe(hours.length);
  });

  // An instant (BigQuery TIMESTAMP, DuckDB TIMESTAMP WITH TIME ZONE) has no calendar: refused on every engine alike.
  it('a TIMESTAMP steps by at most days: months are a configuration error at the check', async () => {
    const check = spec('sequential', { column: 'at', interval: 1, datepart: 'month', max: 0 }, { table: 'nba_analytics.seq_hours', name: 'monthly_ts' });
    const tables = new Map([['nba_analytics.seq_hours', { columns: [{ name: 'at', type: 'TIMESTAMP WITH TIME ZONE' }] }]]);
    await expect(wh.run([check], { tables })).rejects.toThrow(/at of nba_analytics.seq_hours is a TIMESTAMP, which steps in second, minute, hour, day/);
  });

  it('a clean sequence passes', async () => {
    const check = spec('sequential', { column: 'n', interval: 2, max: 0 }, { table: TABLE, name: 'clean', where: "team = 'C' AND n <= 40" });
    const m = await measure(check);
    expect(m.value).toBe(0);
    expect(m.rowsEvaluated).toBe(ROWS.filter((r) => r.team === 'C' && r.n !== null && r.n <= 40).length);
    expect(evaluate(check, m, { max: 0 }, undefined).status).toBe('pass');
  });

  it('a column with no values never passes', async () => {
    const check = spec('sequential', { column: 'n', interval: 1, max: 0 }, { table: 'nba_analytics.seq_empty', name: 'empty' });
    const m = await measure(check);
    expect(m.rowsEvaluated).toBe(0);
    expect(evaluate(check, m, { max: 0 }, undefined).status).toBe('fail');
  });
});

describe('grouping columns', () => {
  // BigQuery partitions no window by a FLOAT64: refused at the check on every engine, as group_by is.
  it('sequential group_by and ranges partition_by refuse a FLOAT64 column', async () => {
    const tables = new Map([[TABLE, { columns: [{ name: 'team', type: 'DOUBLE' }, { name: 'n', type: 'INTEGER' }] }]]);
    const seq = spec('sequential', { column: 'n', interval: 1, group_by: 'team', max: 0 }, { table: TABLE, name: 'float_groups' });
    await expect(wh.run([seq], { tables })).rejects.toThrow(/cannot group by team, a FLOAT64 column/);
    const ranges = spec('ranges', { lower: 'n', upper: 'n', partition_by: 'team', gaps: 'allowed', zero_length: 'allowed', max: 0 }, { table: TABLE, name: 'float_parts' });
    await expect(wh.run([ranges], { tables })).rejects.toThrow(/cannot group by team, a FLOAT64 column/);
  });
});
