// relationships lists at most LISTED_GROUPS missing values, but counts them all: the report's
// failing-group count must not stop at the listing limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTED_GROUPS } from '../../src/checks/set-rows.js';
import { spec } from '../support/checks.js';
import { SCHEDULE_TABLE, TEAM_TABLE, buildWarehouse, type Warehouse } from '../support/nba.js';

const ORPHANS = 'nba_analytics.orphans';
const DISTINCT_ORPHANS = LISTED_GROUPS + 200;

let wh: Warehouse;
beforeAll(async () => {
  // Values not in the schedule, each on two rows, plus one that is.
  wh = await buildWarehouse([
    `CREATE TABLE ${ORPHANS} AS SELECT 'x' || (i % ${DISTINCT_ORPHANS}) AS game_id FROM range(${2 * DISTINCT_ORPHANS}) AS r(i) ` +
      `UNION ALL SELECT (SELECT MIN(game_id) FROM ${SCHEDULE_TABLE})`,
  ]);
});
afterAll(async () => {
  await wh?.close();
});

describe('relationships', () => {
  it('counts every distinct missing value, beyond the listed ones', async () => {
    const check = spec('relationships', { column: 'game_id', to: SCHEDULE_TABLE, field: 'game_id', mostly: 1 }, { table: ORPHANS, name: 'orphans' });
    const m = (await wh.run([check])).measurements.get(check.id)!;
    expect(m.failingGroups).toHaveLength(LISTED_GROUPS);
    expect(m.failingGroupCount).toBe(DISTINCT_ORPHANS);
    expect(m.rowsEvaluated).toBe(2 * DISTINCT_ORPHANS + 1);
    expect(m.detail).toBe(`${(2 * DISTINCT_ORPHANS).toLocaleString('en-US')} of ${(2 * DISTINCT_ORPHANS + 1).toLocaleString('en-US')} rows reference a missing value`);
  });

  it('counts none when every value is found', async () => {
    const check = spec('relationships', { column: 'game_id', to: SCHEDULE_TABLE, field: 'game_id', mostly: 1 }, { table: TEAM_TABLE, name: 'teams' });
    const m = (await wh.run([check])).measurements.get(check.id)!;
    expect(m.value).toBe(1);
    expect(m.failingGroupCount).toBe(0);
  });
});
