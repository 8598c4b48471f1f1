// reconcile on a partitioned table: the expected side must cover exactly the partitions the
// actual side covers (range, window), or every partition left out of one side is a false
// mismatch, and false "missing" dates end up in the failing-partitions list a backfill re-runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import type { CheckSpec } from '../../src/config/types.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import { compile } from '../../src/plan/compile.js';
import { spec } from '../support/checks.js';
import { SCHEDULE_TABLE, TEAM_TABLE, asOf, buildWarehouse, gamesOn, vars, type Warehouse } from '../support/nba.js';

let wh: Warehouse;
beforeAll(async () => {
  wh = await buildWarehouse();
});
afterAll(async () => {
  await wh?.close();
});

function teamsPerDate(name: string, extra: Partial<CheckSpec> = {}): CheckSpec {
  return spec(
    'reconcile',
    { by: 'game_date', actual: 'count(*)', expected: { table: SCHEDULE_TABLE, value: '2 * count(distinct game_id)', where: 'game_status = 3' }, tolerance: 0 },
    { table: TEAM_TABLE, name, partition: 'game_date', ...extra },
  );
}

const dates = (groups: { key: Record<string, unknown> }[] | undefined) => (groups ?? []).map((g) => String(g.key.game_date));

describe('reconcile by the partition column', () => {
  it('window: { last: 3 } compares the 3 newest dates on both sides, inventing no missing date', async () => {
    const check = teamsPerDate('last3', { window: { last: 3 } });
    const { measurements } = await wh.run([check]);
    const m = measurements.get(check.id)!;
    // 2026-01-01..03; only 2026-01-03 (2 of 16 rows) is damaged among them.
    expect(dates(m.failingGroups)).toEqual(['2026-01-03']);
    expect(m.rowsEvaluated).toBe(3);
  });

  it('window: { last: 3 } with expected partitions takes the 3 newest expected dates on both sides', async () => {
    // The schedule's final dates up to 2025-12-21: the newest three are 12-19, 12-20 (never
    // loaded) and 12-21.
    const check = teamsPerDate('last3_expected', {
      window: { last: 3 },
      expectedPartitions: { table: SCHEDULE_TABLE, column: 'game_date', where: "game_status = 3 AND game_date <= DATE '2025-12-21'" },
    });
    const m = (await wh.run([check])).measurements.get(check.id)!;
    expect(dates(m.failingGroups)).toEqual(['2025-12-20']);
    expect(m.failingGroups![0].reason).toBe('missing');
    expect(m.rowsEvaluated).toBe(3);
  });
});

describe('reconcile by keys without the partition column', () => {
  const perGame = (name: string, expected: Record<string, unknown> = {}, extra: Partial<CheckSpec> = {}) =>
    spec(
      'reconcile',
      { by: 'game_id', actual: 'count(*)', expected: { table: SCHEDULE_TABLE, value: '2', where: 'game_status = 3', ...expected }, tolerance: 0 },
      { table: TEAM_TABLE, name, partition: 'game_date', ...extra },
    );
  const range = { from: '2026-01-01', to: '2026-01-03' };

  it('limits the expected side by expected.partition to the same range', async () => {
    const check = perGame('per_game', { partition: 'game_date' });
    const m = (await wh.run([check], { range })).measurements.get(check.id)!;
    // 2026-01-03 kept 2 of 16 team rows: one whole game, 7 games short. Nothing outside the range.
    expect(m.value).toBe(7);
    expect(m.rowsEvaluated).toBe(gamesOn('2026-01-01') + gamesOn('2026-01-02') + gamesOn('2026-01-03'));
    const inRange = await wh.query(`SELECT game_id FROM ${SCHEDULE_TABLE} WHERE game_date = DATE '2026-01-03'`);
    for (const g of m.failingGroups!) expect(inRange.map((r) => r.game_id)).toContain(g.key.game_id);
  });

  it('limits it by expected.partition to the same newest partitions under window: { last: N }', async () => {
    const check = perGame('per_game_last', { partition: 'game_date' }, { window: { last: 3 } });
    const m = (await wh.run([check])).measurements.get(check.id)!;
    expect(m.value).toBe(7);
    expect(m.rowsEvaluated).toBe(gamesOn('2026-01-01') + gamesOn('2026-01-02') + gamesOn('2026-01-03'));
  });

  it('refuses a range it cannot apply to the expected side: a configuration error at the check, nothing compiled', () => {
    const check = perGame('unbounded');
    let error: unknown;
    try {
      compile([check], { dialect: duckdb, asOf, vars, range });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      {
        ...check.pos,
        message:
          '--from/--to: t.unbounded cannot be limited to the range: reconcile compares by game_id, so its expected side (nba_raw.nbac_schedule) cannot be limited to the same partitions: ' +
          'set expected.partition to the column of nba_raw.nbac_schedule holding game_date, or add game_date to by',
      },
    ]);
    // Without a range it compares the whole table on both sides, as before.
    expect(() => compile([check], { dialect: duckdb, asOf, vars })).not.toThrow();
  });
});
