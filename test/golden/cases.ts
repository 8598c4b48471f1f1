// One or more representative checks per check type, compiled for every dialect and compared
// with test/golden/<dialect>/<case>.sql. A registered type without a case fails the suite.
import type { CheckSpec } from '../../src/config/types.js';
import { spec } from '../support/checks.js';

const table = 'nba_analytics.player_game_summary';
const teamOffense = 'nba_analytics.team_offense_game_summary';

export const goldenCases: Record<string, CheckSpec[]> = {
  row_count: [
    spec('row_count', { min: 1000 }, { table, name: 'rows', fileWhere: 'minutes_played > 0' }),
    // Against another table: its count is a constant subquery beside this table's aggregates.
    spec('row_count', { compare: { table: teamOffense, where: "game_date >= '{{ var.season_start }}'", op: '>', factor: 5 } }, { table, name: 'more_than_teams', fileWhere: 'minutes_played > 0' }),
    spec('row_count', { compare: { table: teamOffense, op: '<=' } }, { table, name: 'per_team', groupBy: ['game_date'] }),
  ],
  not_null: [spec('not_null', { column: 'player_lookup', mostly: 1 }, { table, name: 'player' })],
  coverage: [
    spec('coverage', { column: 'usage_rate', min: 0.45 }, { table, name: 'usage', fileWhere: 'minutes_played > 0', where: "game_date >= '{{ var.season_start }}'" }),
  ],
  unique: [
    spec('unique', { columns: ['game_id', 'player_lookup'] }, { table, name: 'key' }),
    // NULL key parts count as values: (1, NULL) twice is a duplicate.
    spec('unique', { columns: ['game_id', 'player_lookup'], nulls: 'equal' }, { table, name: 'key_nulls_equal' }),
  ],
  distinct_count: [
    spec('distinct_count', { column: 'team_abbr', min: 2 }, { table, name: 'teams_vary', where: 'minutes_played > 0' }),
    spec('distinct_count', { column: 'game_id', min_exclusive: 0, max: 1500 }, { table, name: 'games' }),
  ],
  not_accepted_values: [spec('not_accepted_values', { column: 'team_abbr', values: ['', 'TBD', "N'O"], mostly: 1 }, { table, name: 'no_placeholder_teams' })],
  accepted_values: [spec('accepted_values', { column: 'team_abbr', values: ['BOS', 'LAL', "N'O"], mostly: 1 }, { table, name: 'teams' })],
  between: [
    spec('between', { column: 'usage_rate', min_value: 0, max_value: 100, strict_min: false, strict_max: true, mostly: 0.99 }, { table, name: 'usage_range' }),
    // A numeric minimum alone is bounded above by +infinity, so NaN is outside on DuckDB too.
    spec('between', { column: 'points', min_value: 0, strict_min: false, strict_max: false, mostly: 1 }, { table, name: 'points_min' }),
    // dbt-utils accepted_range inclusive: false: both limits excluded.
    spec('between', { column: 'usage_rate', min_value: 0, max_value: 100, inclusive: false, mostly: 1 }, { table, name: 'usage_open_range' }),
  ],
  regex: [spec('regex', { column: 'game_id', pattern: '^00[0-9]{8}$', mostly: 1 }, { table, name: 'game_id_format' })],
  condition: [spec('condition', { expression: 'points >= 0', mostly: 1 }, { table, name: 'points' })],
  relationships: [
    spec('relationships', { column: 'game_id', to: 'nba_raw.nbac_schedule', field: 'game_id', mostly: 1 }, { table, name: 'games_exist' }),
    // A composite key, named differently on each side.
    spec(
      'relationships',
      { column: ['game_id', 'team_abbr', 'opponent_team_abbr'], to: 'nba_raw.nbac_schedule', field: ['game_id', 'home_team_abbr', 'away_team_abbr'], mostly: 1 },
      { table: teamOffense, name: 'home_games_exist', where: "team_abbr = 'BOS'" },
    ),
  ],
  rows_per_group: [spec('rows_per_group', { by: ['game_id', 'team_abbr'], min: 5 }, { table, name: 'players_per_team' })],
  reconcile: [
    spec(
      'reconcile',
      {
        by: 'game_date',
        actual: 'count(*)',
        expected: { table: 'nba_raw.nbac_schedule', value: '2 * count(distinct game_id)', where: "game_status = 3 AND game_date >= '{{ var.season_start }}'" },
        tolerance: 0,
      },
      { table: teamOffense, name: 'teams_per_date', where: "game_date >= '{{ var.season_start }}'" },
    ),
    spec(
      'reconcile',
      { by: ['game_date', 'game_id'], actual: 'count(distinct team_abbr)', expected: { table: 'nba_raw.nbac_schedule', value: '2' }, tolerance: '5%' },
      { table: teamOffense, name: 'teams_per_game' },
    ),
    // Keys named differently on the expected side (dbt-utils cardinality_equality).
    spec(
      'reconcile',
      { by: ['game_id', 'team_abbr'], actual: 'count(*)', expected: { table: 'nba_raw.nbac_schedule', by: ['game_id', 'home_team_abbr'], value: 'count(*)' }, tolerance: 0 },
      { table: teamOffense, name: 'home_rows', where: "team_abbr = 'BOS'" },
    ),
  ],
  // Not a check type: reconcile on a partitioned table, whose expected side is limited to the
  // same partitions (the same N newest ones; a days window on expected.partition).
  reconcile_partitions: [
    spec(
      'reconcile',
      { by: 'game_date', actual: 'count(*)', expected: { table: 'nba_raw.nbac_schedule', value: '2 * count(distinct game_id)', where: 'game_status = 3' }, tolerance: 0 },
      { table: teamOffense, name: 'recent_dates', partition: 'game_date', window: { last: 2 } },
    ),
    spec(
      'reconcile',
      { by: 'game_id', actual: 'count(*)', expected: { table: 'nba_raw.nbac_schedule', value: '2', where: 'game_status = 3', partition: 'game_date' }, tolerance: 0 },
      { table: teamOffense, name: 'recent_games', partition: 'game_date', window: { days: 3 } },
    ),
  ],
  sequential: [
    spec('sequential', { column: 'game_date', interval: 1, datepart: 'day', group_by: ['team_abbr'], max: 0 }, { table: teamOffense, name: 'daily_per_team' }),
    spec('sequential', { column: 'points', interval: 2, max: 0 }, { table, name: 'even_points', where: 'minutes_played > 0' }),
  ],
  ranges: [
    spec('ranges', { lower: 'game_date', upper: 'game_date', partition_by: ['team_abbr'], gaps: 'required', zero_length: 'allowed', max: 0 }, { table: teamOffense, name: 'one_game_a_day' }),
    spec('ranges', { lower: 'minutes_played', upper: 'points', gaps: 'not_allowed', zero_length: 'not_allowed', max: 0 }, { table, name: 'contiguous', where: 'minutes_played > 0' }),
  ],
  equality: [
    spec(
      'equality',
      { to: 'nba_analytics.team_offense_game_summary', compare: ['game_id', 'team_abbr', 'points'], precision: 1, where: "game_date >= '{{ var.season_start }}'", max: 0 },
      { table: teamOffense, name: 'same_rows', where: "game_date >= '{{ var.season_start }}'" },
    ),
  ],
  volume: [spec('volume', { by: 'game_date', lookback: 14, min_ratio: 0.5 }, { table: teamOffense, name: 'rows_per_date', fileWhere: "game_date >= '{{ var.season_start }}'" })],
  // Not a check type: volume on a partitioned table judges only the window's partitions, each
  // against its full history (the counts have no lower bound).
  volume_partitions: [
    spec('volume', { by: 'game_date', lookback: 14, min_ratio: 0.5 }, { table: teamOffense, name: 'recent_days', partition: 'game_date', window: { days: 7 } }),
    spec('volume', { by: 'game_date', lookback: 7, min_ratio: 0.3 }, { table: teamOffense, name: 'recent_dates', partition: 'game_date', window: { last: 3 } }),
  ],
  freshness: [spec('freshness', { column: 'game_date', max_age: 172800 }, { table, name: 'fresh' })],
  metric: [spec('metric', { expression: 'avg(points)', min: 5, max: 20 }, { table, name: 'avg_points', where: 'minutes_played > {{ var.min_minutes }}' })],
  sql: [spec('sql', { query: 'SELECT game_id FROM nba_raw.nbac_schedule WHERE home_team_abbr = away_team_abbr;', max_rows: 0 }, { table, name: 'self_games' })],
  schema: [spec('schema', { columns: { game_id: 'STRING', usage_rate: 'FLOAT64' }, allow_extra: true }, { table, name: 'columns' })],
  // Not a check type: every batch on one table (aggregates with different filters and a
  // grouping, group_counts, relationships, schema) in ONE statement on BigQuery (plan/merge.ts);
  // the sql check keeps a statement of its own. DuckDB keeps a statement per batch.
  one_statement: [
    spec('not_null', { column: 'player_lookup', mostly: 1 }, { table, name: 'player' }),
    spec('metric', { expression: 'avg(points)', min: 5 }, { table, name: 'avg_points', where: 'minutes_played > {{ var.min_minutes }}' }),
    spec('row_count', { min: 1 }, { table, name: 'per_date', partition: 'game_date', groupBy: ['game_date'], window: { days: 3 }, expectedPartitions: { calendar: 'daily' } }),
    spec('unique', { columns: ['game_id', 'player_lookup'] }, { table, name: 'key' }),
    spec('rows_per_group', { by: ['game_id', 'team_abbr'], min: 5 }, { table, name: 'players_per_team' }),
    spec('relationships', { column: 'game_id', to: 'nba_raw.nbac_schedule', field: 'game_id', mostly: 1 }, { table, name: 'games_exist' }),
    spec('schema', { columns: { game_id: 'STRING' } }, { table, name: 'columns' }),
    spec('sql', { query: 'SELECT game_id FROM nba_analytics.player_game_summary WHERE points < 0', max_rows: 0 }, { table, name: 'no_negative_points' }),
  ],
  // Not a check type: the run's dates (--as-of, windows, expected partitions) and {{ as_of }},
  // which BigQuery receives as DATE parameters.
  partition_dates: [
    spec(
      'coverage',
      { column: 'usage_rate', min: 0.9 },
      { table, name: 'recent', partition: 'game_date', groupBy: ['game_date'], window: { days: 3 }, expectedPartitions: { calendar: 'daily' } },
    ),
    spec('row_count', { min: 1 }, { table, name: 'today', partition: 'game_date', where: "game_date = '{{ as_of }}' AND season <> 'x{{ as_of }}'" }),
    spec(
      'not_null',
      { column: 'points', mostly: 1 },
      {
        table: teamOffense,
        name: 'last_games',
        partition: 'game_date',
        window: { last: 2 },
        expectedPartitions: { table: 'nba_raw.nbac_schedule', column: 'game_date', where: 'game_status = {{ var.final_status }}' },
      },
    ),
  ],
};

export const goldenVars = { season_start: '2021-10-01', min_minutes: 10, final_status: 3 };
export const goldenAsOf = '2026-01-04';
