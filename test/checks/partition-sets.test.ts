// reconcile and volume beside the other set checks on one table: the batcher puts checks of one
// shape into one query (UNION ALL of their parts), so their CTE names must not clash and each
// check must read the same result as when it runs alone.
import sqlParser from 'node-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../src/config/types.js';
import { bigquery } from '../../src/dialects/bigquery.js';
import { compile } from '../../src/plan/compile.js';
import { spec } from '../support/checks.js';
import { SCHEDULE_TABLE, TEAM_TABLE, asOf, buildWarehouse, vars, type Warehouse } from '../support/nba.js';

const season = "game_date >= '{{ var.season_start }}'";
const on = (name: string, extra: Partial<CheckSpec> = {}) => ({ table: TEAM_TABLE, name, ...extra });

const checks: CheckSpec[] = [
  spec('unique', { columns: ['game_id', 'team_abbr'] }, on('key')),
  spec('volume', { by: 'game_date', lookback: 14, min_ratio: 0.5 }, on('volume14')),
  spec('rows_per_group', { by: 'game_id', equals: 2 }, on('teams_per_game_count')),
  spec(
    'reconcile',
    { by: 'game_date', actual: 'count(*)', expected: { table: SCHEDULE_TABLE, value: '2 * count(distinct game_id)', where: `game_status = 3 AND ${season}` }, tolerance: 0 },
    on('teams_per_date', { where: season }),
  ),
  spec('volume', { by: 'game_date', lookback: 7, min_ratio: 0.3 }, on('volume7')),
  spec('relationships', { column: 'game_id', to: SCHEDULE_TABLE, field: 'game_id', mostly: 1 }, on('games_exist')),
  spec(
    'reconcile',
    { by: ['game_date', 'game_id'], actual: 'count(distinct team_abbr)', expected: { table: SCHEDULE_TABLE, value: '2', where: `game_status = 3 AND ${season}` }, tolerance: '10%' },
    on('teams_per_game', { where: season }),
  ),
];

/** Names defined in a WITH list: `name AS (` after WITH or a comma (check CTEs and shared groupings). */
function cteNames(sql: string): string[] {
  return [...sql.matchAll(/(?:\bWITH|,)\s+((?:c\d+|groups)_\w+) AS \(/g)].map((m) => m[1]);
}

let wh: Warehouse;
beforeAll(async () => {
  wh = await buildWarehouse();
});
afterAll(async () => {
  await wh?.close();
});

describe('reconcile and volume in shared set queries', () => {
  it('shares one query per shape, with distinct CTE names, and reads each check as when it runs alone', async () => {
    const { plan, measurements } = await wh.run(checks);
    expect(plan.queries.map((q) => [q.kind, q.checks.map((c) => c.id)])).toEqual([
      ['group_counts', ['t.key', 't.volume14', 't.teams_per_game_count', 't.volume7']],
      ['reconcile', ['t.teams_per_date', 't.teams_per_game']],
      ['relationships', ['t.games_exist']],
    ]);
    for (const query of plan.queries) {
      const names = cteNames(query.sql);
      expect(names.length).toBeGreaterThan(0);
      expect(new Set(names).size).toBe(names.length);
    }
    const first = cteNames(plan.queries[0].sql);
    expect(first).toEqual(expect.arrayContaining(['c2_counts', 'c2_trailing', 'c2_judged', 'c4_counts', 'c4_trailing', 'c4_judged']));
    // unique and rows_per_group on different keys: a grouping each (on DuckDB each read once into
    // its failing groups, groups_…_failing).
    expect(first.filter((name) => name.startsWith('groups_') && !name.endsWith('_failing'))).toHaveLength(2);

    for (const check of checks) {
      const alone = (await wh.run([check])).measurements.get(check.id);
      expect(measurements.get(check.id), check.id).toEqual(alone);
    }
    expect(measurements.get('t.key')!.value).toBe(0);
    // The half-saved game of 2025-12-31.
    expect(measurements.get('t.teams_per_game_count')!.value).toBe(1);
    expect(measurements.get('t.volume14')!.value).toBe(3);
    expect(measurements.get('t.volume7')!.value).toBe(2);
    expect(measurements.get('t.teams_per_date')!.value).toBe(5);
    expect(measurements.get('t.games_exist')!.value).toBe(1);
    // Each set check says what its groups' values are.
    expect(measurements.get('t.key')!.groupMetric).toEqual({ name: 'rows', unit: 'count', bounds: { max: 1 } });
    expect(measurements.get('t.teams_per_game_count')!.groupMetric).toEqual({ name: 'rows', unit: 'count', bounds: { equals: 2 } });
    expect(measurements.get('t.games_exist')!.groupMetric).toEqual({ name: 'rows', unit: 'count' });
  });

  it('renders the same plan for BigQuery as SQL its grammar accepts, the three queries in one statement', () => {
    const plan = compile(checks, { dialect: bigquery, asOf, vars, defaultProject: 'nba-props-platform' });
    const parser = new sqlParser.Parser();
    expect(plan.queries.map((q) => q.kind)).toEqual(['table']);
    expect(() => parser.astify(plan.queries[0]!.sql, { database: 'bigquery' })).not.toThrow();
    const parts = plan.queries[0]!.parts!;
    expect(parts.map((q) => q.kind)).toEqual(['group_counts', 'reconcile', 'relationships']);
    for (const query of parts) {
      expect(() => parser.astify(query.sql, { database: 'bigquery' })).not.toThrow();
      const names = cteNames(query.sql);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
