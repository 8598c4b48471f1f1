import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_HISTORY, volume } from '../../src/checks/volume.js';
import type { CheckSpec } from '../../src/config/types.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import { compile } from '../../src/plan/compile.js';
import { evaluate } from '../../src/run/evaluate.js';
import { spec } from '../support/checks.js';
import { FIXED_TABLE, MISSING_DATE, TEAM_TABLE, asOf, buildWarehouse, incidentCounts, vars, type Warehouse } from '../support/nba.js';

const SMALL_TABLE = 'nba_analytics.small';
/**
 * Rows per day of a short table, 2025-11-01 on: a tiny first day (too little history to judge),
 * a tiny sixth day, and a seventh at exactly half the median of the days before it.
 */
const SMALL_COUNTS = [2, 16, 16, 16, 16, 3, 8];

function rowsPerDate(name: string, args: Record<string, unknown> = {}, extra: Partial<CheckSpec> = {}): CheckSpec {
  return spec('volume', { by: 'game_date', lookback: 14, min_ratio: 0.5, ...args }, { table: TEAM_TABLE, name, ...extra });
}

let wh: Warehouse;
beforeAll(async () => {
  wh = await buildWarehouse([
    `CREATE TABLE ${SMALL_TABLE} AS SELECT DATE '2025-11-01' + CAST(d AS INTEGER) AS game_date, i AS x ` +
      `FROM (SELECT * FROM (VALUES ${SMALL_COUNTS.map((n, d) => `(${d}, ${n})`).join(', ')}) AS c(d, n)) AS c, range(c.n) AS r(i)`,
  ]);
});
afterAll(async () => {
  await wh?.close();
});

async function measure(check: CheckSpec) {
  const { measurements } = await wh.run([check]);
  return measurements.get(check.id)!;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** The same judgement computed in plain TypeScript from the table's counts per date. */
function judge(counts: Map<string, number>, lookback: number, minRatio: number) {
  const dates = [...counts.keys()].sort();
  const judged = dates
    .map((date, i) => {
      const history = dates.slice(Math.max(0, i - lookback), i).map((d) => counts.get(d)!);
      return { date, n: counts.get(date)!, history };
    })
    .filter((p) => p.history.length >= Math.min(MIN_HISTORY, lookback))
    .map((p) => ({ ...p, median: median(p.history), ratio: p.n / median(p.history) }));
  return { judged, low: judged.filter((p) => p.ratio < minRatio).sort((a, b) => a.ratio - b.ratio) };
}

describe('volume', () => {
  it('flags the three partial saves, lowest ratio first, and no normal date', async () => {
    const check = rowsPerDate('rows_per_date');
    const m = await measure(check);
    expect(m.failingGroups!.map((g) => g.key.game_date)).toEqual(['2025-12-26', '2026-01-03', '2025-12-31']);
    expect(m.metric).toEqual({ name: 'low_volume_partitions', value: 3, unit: 'count' });
    // The groups' values are not partition counts but each partition's rows as a share of its trailing median.
    expect(m.groupMetric).toEqual({ name: 'ratio', unit: 'share', bounds: { min: 0.5 } });
    expect(m.failingGroupCount).toBe(3);

    const expected = judge(incidentCounts(), 14, 0.5);
    expect(m.rowsEvaluated).toBe(expected.judged.length);
    expect(m.rowsEvaluated).toBe(incidentCounts().size - MIN_HISTORY);
    expect(m.failingGroups).toEqual(
      expected.low.map((p) => ({
        key: { game_date: p.date },
        value: p.ratio,
        rows: p.n,
        details: { rows: p.n, trailing_median: p.median, ratio: p.ratio },
      })),
    );
    // A date with no rows at all has no partition to judge: that is reconcile's job.
    expect(m.failingGroups!.map((g) => g.key.game_date)).not.toContain(MISSING_DATE);
    expect(m.detail).toBe('3 of 21 partitions have fewer than 50% of the median rows of the 14 partitions before them');
    expect(evaluate(check, m, volume.bounds(check.args), undefined).status).toBe('fail');
  });

  it('passes on the re-run table', async () => {
    const check = rowsPerDate('fixed', {}, { table: FIXED_TABLE });
    const m = await measure(check);
    expect(m.value).toBe(0);
    expect(m.failingGroups).toEqual([]);
    expect(m.rowsEvaluated).toBeGreaterThan(0);
    expect(evaluate(check, m, volume.bounds(check.args), undefined).status).toBe('pass');
  });

  it('flags only partitions below min_ratio', async () => {
    // 7 rows against a median of about 16 is above 30%; 2 rows are not.
    const m = await measure(rowsPerDate('ratio30', { min_ratio: 0.3 }));
    expect(m.failingGroups!.map((g) => g.key.game_date)).toEqual(['2025-12-26', '2026-01-03']);
  });

  it('does not judge partitions with fewer than 3 earlier partitions, nor count the current one as history', async () => {
    const m = await measure(rowsPerDate('small', {}, { table: SMALL_TABLE }));
    // Days 4 to 7 are judged; the tiny first day is not. Day 7 (8 of a median 16) is at
    // exactly min_ratio, which is not below it.
    expect(m.rowsEvaluated).toBe(4);
    expect(m.failingGroups).toEqual([
      { key: { game_date: '2025-11-06' }, value: 3 / 16, rows: 3, details: { rows: 3, trailing_median: 16, ratio: 3 / 16 } },
    ]);
  });

  it('takes the median over exactly `lookback` earlier partitions, and needs only that many when it is below 3', async () => {
    const m = await measure(rowsPerDate('small_lookback', { lookback: 2 }, { table: SMALL_TABLE }));
    // Days 3..7 are judged; day 3's median is (2 + 16) / 2 = 9, so it is not low.
    expect(m.rowsEvaluated).toBe(5);
    expect(m.failingGroups!.map((g) => [g.key.game_date, g.details?.trailing_median])).toEqual([['2025-11-06', 16]]);
    // With one partition of history, day 6's median is day 5 alone (16), not (16 + 3) / 2.
    const one = await measure(rowsPerDate('small_lookback1', { lookback: 1 }, { table: SMALL_TABLE }));
    expect(one.rowsEvaluated).toBe(SMALL_COUNTS.length - 1);
    expect(one.failingGroups).toEqual([
      { key: { game_date: '2025-11-06' }, value: 3 / 16, rows: 3, details: { rows: 3, trailing_median: 16, ratio: 3 / 16 } },
    ]);
  });

  it('fails through min_rows when no partition has enough history', async () => {
    const check = rowsPerDate('too_short', {}, { table: SMALL_TABLE, where: "game_date <= DATE '2025-11-03'" });
    const m = await measure(check);
    expect(m.rowsEvaluated).toBe(0);
    const verdict = evaluate(check, m, volume.bounds(check.args), undefined);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('min_rows');
  });
});

describe('volume on a range or window of partitions', () => {
  const onPartitions = (name: string, extra: Partial<CheckSpec> = {}) => rowsPerDate(name, {}, { partition: 'game_date', ...extra });
  /** The whole table's judgement of each date: the same trailing medians must hold inside a range. */
  const unbounded = () => judge(incidentCounts(), 14, 0.5).judged;

  it('judges the dates of --from/--to against the lookback partitions before them, even outside the range', async () => {
    const check = onPartitions('backfill');
    const m = (await wh.run([check], { range: { from: '2026-01-01', to: '2026-01-03' } })).measurements.get(check.id)!;
    expect(m.rowsEvaluated).toBe(3);
    expect(m.failingGroups!.map((g) => g.key.game_date)).toEqual(['2026-01-03']);
    const whole = unbounded().find((p) => p.date === '2026-01-03')!;
    expect(m.failingGroups![0].details).toEqual({ rows: whole.n, trailing_median: whole.median, ratio: whole.ratio });
    expect(evaluate(check, m, volume.bounds(check.args), undefined).status).toBe('fail');
  });

  it('judges a longer range exactly as the whole table judges those dates', async () => {
    const check = onPartitions('december');
    const m = (await wh.run([check], { range: { from: '2025-12-26', to: '2025-12-31' } })).measurements.get(check.id)!;
    const inRange = unbounded().filter((p) => p.date >= '2025-12-26' && p.date <= '2025-12-31');
    expect(m.rowsEvaluated).toBe(inRange.length);
    expect(m.failingGroups!.map((g) => g.key.game_date)).toEqual(['2025-12-26', '2025-12-31']);
  });

  it('judges only the partitions of a window, with their full history', async () => {
    const last = onPartitions('last3', { window: { last: 3 } });
    const days = onPartitions('days3', { window: { days: 3 } });
    const { measurements } = await wh.run([last, days]);
    expect(measurements.get(last.id)!.rowsEvaluated).toBe(3);
    expect(measurements.get(last.id)!.failingGroups!.map((g) => g.key.game_date)).toEqual(['2026-01-03']);
    // 2026-01-02..04, of which 01-04 (as of) has no rows yet.
    expect(measurements.get(days.id)!.rowsEvaluated).toBe(2);
    expect(measurements.get(days.id)!.failingGroups!.map((g) => g.key.game_date)).toEqual(['2026-01-03']);
  });

  it('by a column other than the partition, the range filters the rows counted', () => {
    const check = rowsPerDate('other_column', {}, { partition: 'loaded_on' });
    const [query] = compile([check], { dialect: duckdb, asOf, vars, range: { from: '2026-01-01' } }).queries;
    const counts = query.sql.slice(query.sql.indexOf('c1_counts AS'), query.sql.indexOf('c1_trailing AS'));
    expect(counts).toContain(`"loaded_on" >= DATE '2026-01-01'`);
    expect(query.sql.slice(query.sql.indexOf('c1_judged AS'))).not.toContain('loaded_on');
  });
});
