// reconcile on a partitioned table: the expected side must cover exactly the partitions the
// actual side covers (range, window), or every partition left out of one side is a false
// mismatch, and false "missing" dates end up in the failing-partitions list a backfill re-runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../src/config/types.js';
import { spec } from '../support/checks.js';
import { SCHEDULE_TABLE, TEAM_TABLE, buildWarehouse, type Warehouse } from '../support/nba.js';

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
