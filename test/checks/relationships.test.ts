// relationships lists at most LISTED_GROUPS missing values, but counts them all: the report's
// failing-group count must not stop at the listing limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTED_GROUPS } from '../../src/checks/set-rows.js';
import { spec } from '../support/checks.js';
import { SCHEDULE_TABLE, TEAM_TABLE, buildWarehouse, type Warehouse } from '../support/nba.js';

const ORPHANS = 'nba_analytics.orphans';
const PAIRS = 'nba_analytics.pairs';
const DISTINCT_ORPHANS = LISTED_GROUPS + 200;

let wh: Warehouse;
beforeAll(async () => {
  // Values not in the schedule, each on two rows, plus one that is.
  wh = await buildWarehouse([
    `CREATE TABLE ${ORPHANS} AS SELECT 'x' || (i % ${DISTINCT_ORPHANS}) AS game_id FROM range(${2 * DISTINCT_ORPHANS}) AS r(i) ` +
      `UNION ALL SELECT (SELECT MIN(game_id) FROM ${SCHEDULE_TABLE})`,
    // Twenty games as (home, away), as (away, home) and with a NULL opponent.
    `CREATE TABLE ${PAIRS} AS WITH g AS (SELECT * FROM ${SCHEDULE_TABLE} ORDER BY game_id LIMIT 20) ` +
      `SELECT game_id, home_team_abbr AS team, away_team_abbr AS opponent FROM g ` +
      `UNION ALL SELECT game_id, away_team_abbr, home_team_abbr FROM g UNION ALL SELECT game_id, home_team_abbr, NULL FROM g`,
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

  it('matches a composite key named differently on each side, position by position', async () => {
    // Each game as (home, away), as (away, home) and with a NULL opponent: only the first is in
    // the schedule's (game_id, home_team_abbr, away_team_abbr); the NULL key is not evaluated.
    const games = (await wh.query(`SELECT game_id, home_team_abbr, away_team_abbr FROM ${SCHEDULE_TABLE}`)).map((r) =>
      [r.game_id, r.home_team_abbr, r.away_team_abbr].join('|'),
    );
    const rows = (await wh.query(`SELECT game_id, team, opponent FROM ${PAIRS}`)).map((r) => [r.game_id, r.team, r.opponent]);
    const scheduled = new Set(games);
    const evaluated = rows.filter((r) => r.every((v) => v !== null));
    const missing = evaluated.filter((r) => !scheduled.has(r.join('|')));
    expect(missing.length).toBeGreaterThan(0);
    expect(evaluated.length).toBeLessThan(rows.length);

    const check = spec(
      'relationships',
      { column: ['game_id', 'team', 'opponent'], to: SCHEDULE_TABLE, field: ['game_id', 'home_team_abbr', 'away_team_abbr'], mostly: 1 },
      { table: PAIRS, name: 'pairs' },
    );
    const m = (await wh.run([check])).measurements.get(check.id)!;
    expect(m.rowsEvaluated).toBe(evaluated.length);
    expect(m.value).toBe((evaluated.length - missing.length) / evaluated.length);
    expect(m.failingGroups!.map((g) => [g.key.game_id, g.key.team, g.key.opponent].join('|')).sort()).toEqual(missing.map((r) => r.join('|')).sort());
  });

  it('refuses a key mapping of different lengths', async () => {
    const check = spec('relationships', { column: ['game_id', 'team_abbr'], to: SCHEDULE_TABLE, field: 'game_id', mostly: 1 }, { table: TEAM_TABLE, name: 'bad' });
    await expect(wh.run([check])).rejects.toThrow(/column names 2 column\(s\) and field 1/);
  });

  it('counts none when every value is found', async () => {
    const check = spec('relationships', { column: 'game_id', to: SCHEDULE_TABLE, field: 'game_id', mostly: 1 }, { table: TEAM_TABLE, name: 'teams' });
    const m = (await wh.run([check])).measurements.get(check.id)!;
    expect(m.value).toBe(1);
    expect(m.failingGroupCount).toBe(0);
  });
});
