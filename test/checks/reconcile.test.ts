import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTolerance, reconcile } from '../../src/checks/reconcile.js';
import type { CheckSpec } from '../../src/config/types.js';
import { evaluate } from '../../src/run/evaluate.js';
import { spec } from '../support/checks.js';
import {
  EXTRA_DATE,
  FIXED_TABLE,
  MISSING_DATE,
  PARTIAL,
  PRESEASON_DATE,
  SCHEDULE_TABLE,
  SEASON_DATES,
  TEAM_TABLE,
  buildWarehouse,
  gamesOn,
  type Warehouse,
} from '../support/nba.js';

const season = "game_date >= '{{ var.season_start }}'";

function teamsPerDate(name: string, args: Record<string, unknown> = {}, extra: Partial<CheckSpec> = {}): CheckSpec {
  return spec(
    'reconcile',
    {
      by: 'game_date',
      actual: 'count(*)',
      expected: { table: SCHEDULE_TABLE, value: '2 * count(distinct game_id)', where: `game_status = 3 AND ${season}` },
      tolerance: 0,
      ...args,
    },
    { table: TEAM_TABLE, name, where: season, ...extra },
  );
}

let wh: Warehouse;
beforeAll(async () => {
  wh = await buildWarehouse();
});
afterAll(async () => {
  await wh?.close();
});

async function measure(check: CheckSpec) {
  const { measurements } = await wh.run([check]);
  return measurements.get(check.id)!;
}

const dates = (groups: { key: Record<string, unknown> }[] | undefined) => (groups ?? []).map((g) => g.key.game_date);

describe('reconcile', () => {
  it('names exactly the partial, missing and unexpected dates, worst first, with expected, actual and completeness', async () => {
    const check = teamsPerDate('teams_per_date');
    const m = await measure(check);
    const teams = (date: string) => 2 * gamesOn(date);
    expect(m.metric).toEqual({ name: 'mismatched_groups', value: 5, unit: 'count' });
    // The check counts mismatched groups; each group's value is its completeness (exactly 100% at tolerance 0).
    expect(m.groupMetric).toEqual({ name: 'completeness', unit: 'share', bounds: { equals: 1 } });
    // 24 final dates in the schedule plus the one only this table has.
    expect(m.rowsEvaluated).toBe(SEASON_DATES.length);
    expect(m.failingGroupCount).toBe(5);
    expect(m.failingGroups).toEqual([
      { key: { game_date: MISSING_DATE }, value: 0, rows: 0, reason: 'missing', details: { expected: teams(MISSING_DATE), actual: 0, completeness: 0 } },
      { key: { game_date: '2025-12-26' }, value: 2 / 18, rows: 2, details: { expected: 18, actual: 2, completeness: 2 / 18 } },
      { key: { game_date: '2026-01-03' }, value: 2 / 16, rows: 2, details: { expected: 16, actual: 2, completeness: 2 / 16 } },
      { key: { game_date: '2025-12-31' }, value: 7 / 14, rows: 7, details: { expected: 14, actual: 7, completeness: 0.5 } },
      {
        key: { game_date: EXTRA_DATE },
        value: null,
        rows: teams(EXTRA_DATE),
        reason: 'unexpected',
        details: { expected: null, actual: teams(EXTRA_DATE), completeness: null },
      },
    ]);
    // The incident's own figures: 2 of 16, 7 of 14, 2 of 18.
    for (const [date, kept] of Object.entries(PARTIAL)) {
      expect(m.failingGroups!.find((g) => g.key.game_date === date)?.details?.actual).toBe(kept);
    }
    expect(m.detail).toBe(`5 of ${SEASON_DATES.length} groups differ from nba_raw.nbac_schedule`);
    const verdict = evaluate(check, m, reconcile.bounds(check.args), undefined);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('mismatched_groups 5');
  });

  it('passes on the re-run table, where every date holds what the schedule says', async () => {
    const check = teamsPerDate('fixed', {}, { table: FIXED_TABLE });
    const m = await measure(check);
    expect(m.value).toBe(0);
    expect(m.failingGroups).toEqual([]);
    expect(m.rowsEvaluated).toBe(SEASON_DATES.length - 1);
    expect(evaluate(check, m, reconcile.bounds(check.args), undefined).status).toBe('pass');
  });

  it('limits the expected side by expected.where only (templates rendered), not by the check filter', async () => {
    // Without the season filter on the schedule, the pre-season date the table never loaded counts as missing.
    const check = teamsPerDate('no_expected_range', {
      expected: { table: SCHEDULE_TABLE, value: '2 * count(distinct game_id)', where: 'game_status = 3' },
    });
    const m = await measure(check);
    expect(m.value).toBe(6);
    expect(dates(m.failingGroups)[0]).toBe(PRESEASON_DATE);
    expect(m.rowsEvaluated).toBe(SEASON_DATES.length + 1);
  });

  it('reads a numeric tolerance as an absolute difference', async () => {
    // 2025-12-31 is off by exactly 7 (7 of 14).
    const at7 = await measure(teamsPerDate('tol7', { tolerance: 7 }));
    expect(dates(at7.failingGroups)).toEqual([MISSING_DATE, '2025-12-26', '2026-01-03', EXTRA_DATE]);
    const at6 = await measure(teamsPerDate('tol6', { tolerance: 6 }));
    expect(dates(at6.failingGroups)).toContain('2025-12-31');
    expect(at6.value).toBe(5);
    expect(at7.detail).toContain('by more than 7');
  });

  it('reads a percentage tolerance as a share of expected', async () => {
    // 50% of 14 is 7: 2025-12-31 is within it. 90%: 16 of 18 and 14 of 16 missing are within, 18 of 18 is not.
    const half = await measure(teamsPerDate('tol50', { tolerance: '50%' }));
    expect(dates(half.failingGroups)).toEqual([MISSING_DATE, '2025-12-26', '2026-01-03', EXTRA_DATE]);
    const most = await measure(teamsPerDate('tol90', { tolerance: '90%' }));
    expect(dates(most.failingGroups)).toEqual([MISSING_DATE, EXTRA_DATE]);
    expect(most.value).toBe(2);
    expect(most.detail).toContain('by more than 90%');
    expect(most.groupMetric?.bounds?.min).toBeCloseTo(0.1);
    expect(most.groupMetric?.bounds?.max).toBeCloseTo(1.9);
    // An absolute tolerance depends on each group's expected value: no completeness bounds.
    const at7 = await measure(teamsPerDate('tol7', { tolerance: 7 }));
    expect(at7.groupMetric).toEqual({ name: 'completeness', unit: 'share' });
  });

  it('reconciles on several key columns, counting and listing every mismatch, short games first', async () => {
    const check = spec(
      'reconcile',
      { by: ['game_date', 'game_id'], actual: 'count(*)', expected: { table: SCHEDULE_TABLE, value: '2', where: `game_status = 3 AND ${season}` }, tolerance: 0 },
      { table: TEAM_TABLE, name: 'teams_per_game', where: season },
    );
    const m = await measure(check);
    // Per partial date: every game not fully kept (kept rows fill whole games first).
    const partialGames = Object.entries(PARTIAL).reduce((sum, [date, kept]) => sum + gamesOn(date) - Math.floor(kept / 2), 0);
    expect(m.value).toBe(partialGames + gamesOn(MISSING_DATE) + gamesOn(EXTRA_DATE));
    expect(m.failingGroupCount).toBe(m.value);
    expect(m.failingGroups).toHaveLength(m.value!);
    // Games short of rows (missing or half saved) come first, then the ones the schedule lacks.
    const short = m.failingGroups!.filter((g) => g.reason !== 'unexpected');
    expect(short).toHaveLength(m.value! - gamesOn(EXTRA_DATE));
    expect(m.failingGroups!.slice(0, short.length)).toEqual(short);
    for (const g of short) {
      expect(Object.keys(g.key)).toEqual(['game_date', 'game_id']);
      expect(g.details).toMatchObject({ expected: 2 });
      expect(g.details!.actual as number).toBeLessThan(2);
    }
    const finalGames = SEASON_DATES.filter((d) => d !== EXTRA_DATE).reduce((sum, d) => sum + gamesOn(d), 0);
    expect(m.rowsEvaluated).toBe(finalGames + gamesOn(EXTRA_DATE));
  });

  it('fails an empty comparison through min_rows', async () => {
    const never = "game_date > DATE '2030-01-01'";
    const check = teamsPerDate('empty', { expected: { table: SCHEDULE_TABLE, value: 'count(*)', where: never } }, { where: never });
    const m = await measure(check);
    expect(m.rowsEvaluated).toBe(0);
    expect(m.value).toBe(0);
    const verdict = evaluate(check, m, reconcile.bounds(check.args), undefined);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('min_rows');
  });
});

describe('parseTolerance', () => {
  it('reads numbers as absolute and percentages as shares', () => {
    expect(parseTolerance(0)).toEqual({ absolute: 0 });
    expect(parseTolerance(2)).toEqual({ absolute: 2 });
    expect(parseTolerance(0.05)).toEqual({ absolute: 0.05 });
    expect(parseTolerance('5%')).toEqual({ relative: 0.05 });
    expect(parseTolerance('12.5 %')).toEqual({ relative: 0.125 });
    expect(parseTolerance(undefined)).toEqual({ absolute: 0 });
  });

  it('refuses anything else', () => {
    expect(() => parseTolerance(-1)).toThrow(/tolerance/);
    expect(() => parseTolerance('5')).toThrow(/tolerance/);
    expect(() => parseTolerance('five%')).toThrow(/tolerance/);
  });
});
