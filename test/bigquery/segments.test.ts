// Issue 12, segments: `group_by` with named expressions and time grains. Data built for it (dates
// across weeks, months, quarters and a year boundary, usage_rate missing on a pattern); every
// segment's coverage is recomputed here in plain TypeScript and both engines (DuckDB, and
// BigQuery through the real client, the test server and its GoogleSQL analyzer) must report
// exactly the failing segments and values it gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run/report.js';
import { twoEngineProject, type TwoEngineProject } from './two-engines.js';

interface Row {
  day: string;
  player: number;
  usage: number | null;
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

// 2024-11-25 .. 2025-02-11 (79 days), 4 players a day; usage_rate is missing more often in some
// stretches than others, so some segments of every grain fail a 70% minimum and some pass.
const ROWS: Row[] = [];
for (let d = 0; d < 79; d++) {
  const day = addDays('2024-11-25', d);
  for (let player = 0; player < 4; player++) {
    const missing = day >= '2024-12-01' && day < '2025-01-10' ? (d + player) % 2 === 0 : (d * 3 + player) % 7 === 0;
    ROWS.push({ day, player, usage: missing ? null : 20 + player });
  }
}

const DATA = `CREATE SCHEMA ds;
CREATE TABLE ds.games (game_date DATE, player BIGINT, usage_rate DOUBLE, logged_at TIMESTAMPTZ);
INSERT INTO ds.games VALUES ${ROWS.map((r) => `(DATE '${r.day}', ${r.player}, ${r.usage ?? 'NULL'}, TIMESTAMPTZ '${r.day} 03:00:00+00')`).join(', ')};
`;

/** The first day of a row's period, computed on the calendar by hand. */
const GRAIN: Record<string, (day: string) => string> = {
  week: (day) => {
    const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
    return addDays(day, -weekday);
  },
  month: (day) => `${day.slice(0, 8)}01`,
  quarter: (day) => `${day.slice(0, 5)}${String(Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`,
  year: (day) => `${day.slice(0, 4)}-01-01`,
};
const PERIOD = (day: string) => (day >= '2025-01-01' ? '2025+' : day >= '2024-12-15' ? 'late 2024' : 'early');

const MIN = 0.7;

/** Coverage of usage_rate per segment key, and the keys below MIN with their values. */
function expectedFailing(keyOf: (day: string) => string, rows: Row[] = ROWS, min = MIN): Record<string, number> {
  const totals = new Map<string, { rows: number; covered: number }>();
  for (const r of rows) {
    const t = totals.get(keyOf(r.day)) ?? { rows: 0, covered: 0 };
    t.rows++;
    if (r.usage !== null) t.covered++;
    totals.set(keyOf(r.day), t);
  }
  const failing: Record<string, number> = {};
  for (const [key, t] of totals) if (t.covered / t.rows < min) failing[key] = t.covered / t.rows;
  return failing;
}

const CHECKS = `table: ds.games
partition: game_date
checks:
  - name: by_period
    coverage: { column: usage_rate, min: 70% }
    group_by:
      period: "CASE WHEN game_date >= '2025-01-01' THEN '2025+' WHEN game_date >= '2024-12-15' THEN 'late 2024' ELSE 'early' END"
  - name: by_week
    coverage: { column: usage_rate, min: 70% }
    group_by: { week: { column: game_date, grain: week } }
  - name: by_month
    coverage: { column: usage_rate, min: 70% }
    group_by: { month: { grain: month } }
  - name: by_quarter
    coverage: { column: usage_rate, min: 70% }
    group_by: { quarter: { grain: quarter } }
  - name: by_year
    coverage: { column: usage_rate, min: 70% }
    group_by: { year: { grain: year } }
  - name: by_period_and_player
    coverage: { column: usage_rate, min: 70% }
    group_by: { period: "CASE WHEN game_date >= '2025-01-01' THEN '2025+' ELSE 'before' END", player: player }
  - name: by_logged_month
    coverage: { column: usage_rate, min: 99% }
    group_by: { month: { column: logged_at, grain: month } }
  - name: empty_segments
    coverage: { column: usage_rate, min: 70% }
    group_by: { month: { grain: month } }
    where: "game_date < '2000-01-01'"
`;

let project: TwoEngineProject;
let reports: Record<'local' | 'prod', RunReport>;

beforeAll(async () => {
  // logged_at is 03:00 UTC: the evening before in New York, where a TIMESTAMP's day is read.
  project = await twoEngineProject({ data: DATA, configLines: 'timezone: America/New_York\n', files: { 'checks/games.yaml': CHECKS }, pageSize: 5 });
  reports = await project.runBoth('all', { asOf: '2025-02-12' });
});

afterAll(async () => {
  await project?.close();
});

const failingOf = (report: RunReport, name: string, key: string) =>
  Object.fromEntries(report.checks.find((c) => c.name === name)!.failing_groups.map((g) => [String(g.key[key]), g.value]));

describe.each(['local', 'prod'] as const)('segments on %s', (target) => {
  it('a named expression: the failing periods and their coverage', () => {
    const expected = expectedFailing(PERIOD);
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(Object.keys(expected).length).toBeLessThan(3);
    const actual = failingOf(reports[target], 'by_period', 'period');
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expect(actual[k]).toBeCloseTo(v, 12);
    expect(reports[target].checks.find((c) => c.name === 'by_period')).toMatchObject({ status: 'fail', group_by: ['period'] });
  });

  it.each(['week', 'month', 'quarter', 'year'])('a %s grain: the failing periods (first days) and their coverage', (grain) => {
    const expected = expectedFailing(GRAIN[grain]!);
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    const actual = failingOf(reports[target], `by_${grain}`, grain);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expect(actual[k]).toBeCloseTo(v, 12);
  });

  it("a TIMESTAMP column's grain: its days in the config's time zone", () => {
    // Every month fails 99%, so each month's value is listed: read in UTC (or as a DATETIME) they would differ.
    const expected = expectedFailing((day) => GRAIN.month!(addDays(day, -1)), ROWS, 0.99);
    expect(expected).not.toEqual(expectedFailing(GRAIN.month!, ROWS, 0.99));
    const actual = failingOf(reports[target], 'by_logged_month', 'month');
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expect(actual[k]).toBeCloseTo(v, 12);
  });

  it('a segment beside a column: one group per period and player', () => {
    const period = (day: string) => (day >= '2025-01-01' ? '2025+' : 'before');
    const expected = new Map<string, number>();
    for (const p of [0, 1, 2, 3]) {
      for (const [k, v] of Object.entries(expectedFailing(period, ROWS.filter((r) => r.player === p)))) expected.set(`${k}|${p}`, v);
    }
    const groups = reports[target].checks.find((c) => c.name === 'by_period_and_player')!.failing_groups;
    expect(new Map(groups.map((g) => [`${g.key.period}|${Number(g.key.player)}`, g.value]))).toEqual(expected);
  });

  it('segments without rows in scope never pass', () => {
    expect(reports[target].checks.find((c) => c.name === 'empty_segments')).toMatchObject({ status: 'fail', rows_evaluated: 0 });
  });
});

it('BigQuery and DuckDB give the same segments and verdicts', () => {
  const view = (r: RunReport) => r.checks.map((c) => [c.name, c.status, c.failing_group_count, c.failing_groups.map((g) => [g.key, g.value])]);
  expect(view(reports.prod)).toEqual(view(reports.local));
});
