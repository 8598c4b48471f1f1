// The fixed facts of the demo warehouse: the calendar it covers, the teams, the name pool for
// players, and the calibration targets. Everything random is drawn in SQL (see sql.ts).

/** Seed used when the caller gives none. All figures in docs/demo.md are for this seed. */
export const DEFAULT_SEED = 20260104;

/** Every table of the demo warehouse, raw sources first. */
export const DEMO_TABLES = [
  'nba_raw.nbac_schedule',
  'nba_raw.nbac_team_boxscore',
  'nba_raw.nbac_gamebook_player_stats',
  'nba_analytics.team_offense_game_summary',
  'nba_analytics.player_game_summary',
] as const;

/** Last date with completed games: the night of the overnight backfill. Later games are scheduled (status 1). */
export const LAST_COMPLETED_DATE = '2026-01-03';

/**
 * From this date on, the gamebook source lists about twice as many player rows per team-game
 * (see docs/demo.md, "The arithmetic"). It is also where the seed's `2025+` period starts.
 */
export const DENSE_FROM = '2025-01-01';

/** The 30 NBA team abbreviations; position = team_idx in SQL. */
export const TEAMS = [
  'ATL', 'BOS', 'BKN', 'CHA', 'CHI', 'CLE', 'DAL', 'DEN', 'DET', 'GSW',
  'HOU', 'IND', 'LAC', 'LAL', 'MEM', 'MIA', 'MIL', 'MIN', 'NOP', 'NYK',
  'OKC', 'ORL', 'PHI', 'PHX', 'POR', 'SAC', 'SAS', 'TOR', 'UTA', 'WAS',
] as const;

export interface SeasonSpec {
  season: string;
  /** Two digits used in game ids: '0022100001' is game 1 of 2021-22. */
  code: number;
  firstDay: string;
  lastDay: string;
  /** All-Star break: no games from breakStart to breakEnd inclusive. */
  breakStart: string;
  breakEnd: string;
}

/** Regular seasons with their real opening nights, final days and All-Star breaks. */
export const SEASONS: readonly SeasonSpec[] = [
  { season: '2021-22', code: 21, firstDay: '2021-10-19', lastDay: '2022-04-10', breakStart: '2022-02-18', breakEnd: '2022-02-23' },
  { season: '2022-23', code: 22, firstDay: '2022-10-18', lastDay: '2023-04-09', breakStart: '2023-02-17', breakEnd: '2023-02-22' },
  { season: '2023-24', code: 23, firstDay: '2023-10-24', lastDay: '2024-04-14', breakStart: '2024-02-16', breakEnd: '2024-02-21' },
  { season: '2024-25', code: 24, firstDay: '2024-10-22', lastDay: '2025-04-13', breakStart: '2025-02-14', breakEnd: '2025-02-19' },
  { season: '2025-26', code: 25, firstDay: '2025-10-21', lastDay: '2026-04-12', breakStart: '2026-02-13', breakEnd: '2026-02-18' },
];

/** Games per regular season (30 teams x 82 games / 2). */
export const GAMES_PER_SEASON = 1230;

/**
 * Game counts fixed by date, on top of the rules (opening night 2, Christmas 5, final day 15).
 * The incident names these dates, so their counts must not depend on the generator.
 */
export const PINNED_GAME_COUNTS: Readonly<Record<string, number>> = {
  '2025-12-26': 9,
  '2025-12-31': 7,
  '2026-01-01': 5,
  '2026-01-02': 10,
  '2026-01-03': 8,
};

/** The seed's Step 3 periods, as a SQL CASE over `game_date`. */
export const PERIOD_SQL = `CASE
    WHEN game_date >= DATE '2025-01-01' THEN '2025+'
    WHEN game_date >= DATE '2024-10-01' THEN '2024-25 season'
    WHEN game_date >= DATE '2024-01-01' THEN '2024 old season'
    ELSE 'Before 2024'
  END`;

/**
 * Healthy usage_rate coverage per period (share of minutes > 0 rows whose box-score detail was
 * matched, so usage_rate can be computed). Close to the seed's repaired figures, kept in 47-48%.
 */
export const COVERAGE_TARGETS: Readonly<Record<string, number>> = {
  'Before 2024': 0.478,
  '2024 old season': 0.471,
  '2024-25 season': 0.479,
  '2025+': 0.476,
};

/** The most recent game dates come from the live feed, whose detail is matched far more often. */
export const RECENT_GAME_DATES = 3;

/** Names for the player pool; a player is one (first, last) pair, picked injectively. */
export const FIRST_NAMES = [
  'Aaron', 'Andre', 'Bennett', 'Caleb', 'Cameron', 'Darius', 'Dante', 'Elijah', 'Emmett', 'Felix',
  'Gavin', 'Grant', 'Isaiah', 'Jalen', 'Jaylen', 'Jordan', 'Julian', 'Keegan', 'Kendall', 'Landon',
  'Lamar', 'Malik', 'Marcus', 'Mason', 'Micah', 'Nolan', 'Omari', 'Owen', 'Quentin', 'Reggie',
  'Rowan', 'Silas', 'Terrence', 'Theo', 'Tobias', 'Trey', 'Tyrese', 'Victor', 'Wesley', 'Xavier',
] as const;

export const LAST_NAMES = [
  'Abernathy', 'Alvarado', 'Banks', 'Barlow', 'Beckett', 'Boone', 'Brennan', 'Calloway', 'Carver', 'Castillo',
  'Dalton', 'Delaney', 'Easton', 'Ellison', 'Fairley', 'Fontaine', 'Gallo', 'Garrison', 'Hale', 'Hargrove',
  'Holloway', 'Ingram', 'Jennings', 'Keller', 'Kingsley', 'Lacroix', 'Langford', 'Mercer', 'Monroe', 'Nash',
  'Novak', 'Oakley', 'Okafor', 'Pruitt', 'Quarles', 'Ramsey', 'Redding', 'Rollins', 'Santos', 'Sheppard',
  'Sinclair', 'Stroud', 'Sutton', 'Talley', 'Thorne', 'Underwood', 'Vance', 'Vaughn', 'Whitaker', 'Whitfield',
  'Wilder', 'Winslow', 'Yates', 'Yorke', 'Zeller', 'Ziegler', 'Ashby', 'Bramwell', 'Crowder', 'Dempsey',
] as const;

/** Players per team pool; each season's roster is 32 of them (4 rotate out per season). */
export const POOL_PER_TEAM = 36;
export const ROSTER_SIZE = 32;
