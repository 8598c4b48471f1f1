// SQL that builds the demo warehouse. Every row is generated inside DuckDB: calendars from
// generate_series, randomness from hash(seed, tag, keys...) so a seed always gives the same data.
// Tags are small integers that keep the streams of random numbers independent of each other.

import {
  COVERAGE_TARGETS,
  DENSE_FROM,
  FIRST_NAMES,
  GAMES_PER_SEASON,
  LAST_COMPLETED_DATE,
  LAST_NAMES,
  PERIOD_SQL,
  PINNED_GAME_COUNTS,
  POOL_PER_TEAM,
  RECENT_GAME_DATES,
  ROSTER_SIZE,
  SEASONS,
  TEAMS,
} from './model.js';

export const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const list = (items: readonly string[]): string => `[${items.map(quote).join(', ')}]`;
const TEAM_LIST = list(TEAMS);

/** A uniform number in [0, 1), fixed by the seed, a tag and the keys. */
function uniform(seed: number, tag: number, ...keys: string[]): string {
  return `((hash(${seed}, ${tag}, ${keys.join(', ')}) % 1000000) / 1000000.0)`;
}

export const DDL = `
CREATE SCHEMA IF NOT EXISTS nba_raw;
CREATE SCHEMA IF NOT EXISTS nba_analytics;

CREATE TABLE nba_raw.nbac_schedule (
  game_id VARCHAR,            -- '0022100001': 002 = regular season, 21 = 2021-22, then a sequence
  game_date DATE,
  season VARCHAR,             -- '2021-22'
  home_team_abbr VARCHAR,
  away_team_abbr VARCHAR,
  game_status INTEGER,        -- 3 = final, 1 = scheduled
  game_status_text VARCHAR
);

-- Team box scores as scraped: complete for every final game.
CREATE TABLE nba_raw.nbac_team_boxscore (
  game_id VARCHAR,
  game_date DATE,
  team_abbr VARCHAR,
  is_home BOOLEAN,
  minutes INTEGER,            -- 240, plus 25 per overtime
  points INTEGER,
  fg_attempts INTEGER,
  fg_made INTEGER,
  three_pt_attempts INTEGER,
  three_pt_made INTEGER,
  ft_attempts INTEGER,
  ft_made INTEGER,
  offensive_rebounds INTEGER,
  turnovers INTEGER
);

-- Player lines from the gamebook. Minutes and points are always there; the box-score detail
-- (attempts, turnovers) only where it could be matched to the gamebook row, else NULL.
CREATE TABLE nba_raw.nbac_gamebook_player_stats (
  game_id VARCHAR,
  game_date DATE,
  season VARCHAR,
  team_abbr VARCHAR,
  player_lookup VARCHAR,
  player_name VARCHAR,
  player_status VARCHAR,      -- 'active' or 'dnp'
  minutes_played INTEGER,
  points INTEGER,
  fg_attempts INTEGER,
  ft_attempts INTEGER,
  turnovers INTEGER
);

CREATE TABLE nba_analytics.team_offense_game_summary (
  game_id VARCHAR,
  game_date DATE,
  season VARCHAR,
  team_abbr VARCHAR,
  opponent_team_abbr VARCHAR,
  home_game BOOLEAN,
  win_flag BOOLEAN,
  points INTEGER,
  opponent_points INTEGER,
  fg_attempts INTEGER,
  fg_made INTEGER,
  three_pt_attempts INTEGER,
  three_pt_made INTEGER,
  ft_attempts INTEGER,
  ft_made INTEGER,
  offensive_rebounds INTEGER,
  turnovers INTEGER,
  team_minutes INTEGER,
  possessions DOUBLE,
  offensive_rating DOUBLE
);

CREATE TABLE nba_analytics.player_game_summary (
  game_id VARCHAR,
  game_date DATE,
  season VARCHAR,
  player_lookup VARCHAR,
  player_name VARCHAR,
  team_abbr VARCHAR,
  minutes_played INTEGER,
  points INTEGER,
  fg_attempts INTEGER,
  ft_attempts INTEGER,
  turnovers INTEGER,
  usage_rate DOUBLE           -- 0..100; NULL where it cannot be computed
);
`;

/**
 * The schedule. It does not depend on the seed: it plays the part of the published calendar,
 * and the incident names dates and game counts that must hold for every seed.
 */
export function scheduleSql(): string {
  const seasons = SEASONS.map(
    (s, i) =>
      `(${quote(s.season)}, ${i}, ${s.code}, DATE ${quote(s.firstDay)}, DATE ${quote(s.lastDay)}, DATE ${quote(s.breakStart)}, DATE ${quote(s.breakEnd)})`,
  ).join(',\n  ');
  const pinned = Object.entries(PINNED_GAME_COUNTS)
    .map(([date, n]) => `WHEN game_date = DATE ${quote(date)} THEN ${n}`)
    .join('\n      ');
  return `
CREATE OR REPLACE TEMP TABLE seasons AS
SELECT * FROM (VALUES
  ${seasons}
) AS s(season, season_idx, season_code, first_day, last_day, break_start, break_end);

-- Every day of every regular season, with two pseudo-random numbers per day. They come from
-- plain IEEE arithmetic (fractional parts of quadratic Weyl sequences), not hash(), so the game
-- counts per date - which the incident list relies on - cannot move with a DuckDB upgrade.
CREATE OR REPLACE TEMP TABLE calendar AS
WITH days AS (
  SELECT s.*, d::DATE AS game_date, (d::DATE - DATE '2000-01-01') AS dn
  FROM seasons s, generate_series(s.first_day, s.last_day, INTERVAL 1 DAY) AS g(d)
)
SELECT *,
  ((dn * 0.6180339887498949 + (dn * dn * 0.4142135623730951) % 1) % 1) AS u1,
  ((dn * 0.7320508075688772 + (dn * dn * 0.2360679774997897) % 1) % 1) AS u2,
  CASE
      WHEN game_date = first_day THEN 2
      WHEN game_date = last_day THEN 15
      WHEN month(game_date) = 12 AND day(game_date) = 25 THEN 5
      ${pinned}
  END AS pinned,
  game_date BETWEEN break_start AND break_end
    -- Thanksgiving (fourth Thursday of November) and Christmas Eve are dark
    OR game_date = make_date(year(first_day), 11, 1)
         + ((4 - dayofweek(make_date(year(first_day), 11, 1)) + 7) % 7 + 21)::INTEGER
    OR (month(game_date) = 12 AND day(game_date) = 24) AS dark
FROM days;

-- Games per day: ${GAMES_PER_SEASON} per season, pinned days first, the rest shared by weight
-- (day of week x noise) with the largest-remainder method so every season sums exactly.
-- About 6% of ordinary days get no games. The weight spread keeps every day at 15 games or fewer.
CREATE OR REPLACE TEMP TABLE game_days AS
WITH w AS (
  SELECT *,
    CASE WHEN pinned IS NULL AND NOT dark AND u2 >= 0.06 THEN
      -- Sun, Mon, Tue, Wed, Thu, Fri, Sat
      [1.0, 1.0, 0.8, 1.35, 0.7, 1.25, 1.0][dayofweek(game_date) + 1] * (0.55 + 0.6 * u1)
    END AS weight
  FROM calendar
), a AS (
  SELECT *,
    ${GAMES_PER_SEASON} - sum(coalesce(pinned, 0)) OVER (PARTITION BY season) AS free_games,
    weight / sum(weight) OVER (PARTITION BY season) AS share
  FROM w
), b AS (
  SELECT *,
    floor(free_games * share) AS base,
    free_games * share - floor(free_games * share) AS frac,
    free_games - sum(floor(free_games * share)) OVER (PARTITION BY season) AS remainder
  FROM a
), c AS (
  SELECT *, row_number() OVER (PARTITION BY season ORDER BY frac DESC NULLS LAST, game_date) AS frac_rank FROM b
)
SELECT season, season_idx, season_code, game_date,
  coalesce(pinned, CASE WHEN weight IS NULL THEN 0
                        ELSE base::INTEGER + CASE WHEN frac_rank <= remainder THEN 1 ELSE 0 END END)::INTEGER AS n_games
FROM c;

CREATE OR REPLACE TEMP TABLE steps AS
SELECT row_number() OVER (ORDER BY game_date)::INTEGER AS step,
  row_number() OVER (PARTITION BY season ORDER BY game_date)::INTEGER AS season_step,
  season, season_code, game_date, n_games
FROM game_days WHERE n_games > 0;

-- Who plays whom, one game day at a time (a recursive walk over the days). The state is each
-- team's games and home games so far this season. Each day the 2n teams with the fewest games
-- play (ties broken at random), so a team plays at most once per date and every team ends the
-- season on 82 games; in each pairing the team with fewer home games is at home.
-- Seasons start from zero and do not depend on each other, so they walk side by side (one row
-- per season per round): a round per game day of the longest season, not per game day of all
-- seasons. The rounds are most of the build's time; the result is the same as walking the days
-- one after the other.
CREATE OR REPLACE TEMP TABLE walk AS
WITH RECURSIVE w(step, season, season_step, counts, homes, home_idx, away_idx) AS (
  SELECT 0, season, 0, list_transform(range(30), lambda t: 0), list_transform(range(30), lambda t: 0),
         []::BIGINT[], []::BIGINT[]
  FROM (SELECT DISTINCT season FROM steps)
  UNION ALL
  SELECT step, season, season_step,
    list_transform(range(30), lambda t: bc[t + 1] + CASE WHEN list_contains(h, t + 1) OR list_contains(a, t + 1) THEN 1 ELSE 0 END),
    list_transform(range(30), lambda t: bh[t + 1] + CASE WHEN list_contains(h, t + 1) THEN 1 ELSE 0 END),
    h, a
  FROM (
    SELECT step, season, season_step, bc, bh,
      list_transform(range(n_games), lambda k: CASE WHEN first_home[k + 1] THEN picked[2 * k + 1] ELSE picked[2 * k + 2] END) AS h,
      list_transform(range(n_games), lambda k: CASE WHEN first_home[k + 1] THEN picked[2 * k + 2] ELSE picked[2 * k + 1] END) AS a
    FROM (
      SELECT *,
        list_transform(range(n_games), lambda k:
          bh[picked[2 * k + 1]] < bh[picked[2 * k + 2]]
          OR (bh[picked[2 * k + 1]] = bh[picked[2 * k + 2]] AND hash(11, game_date, k) % 2 = 0)) AS first_home
      FROM (
        SELECT step, season, season_step, n_games, game_date, bc, bh,
          list_slice(list_grade_up(list_transform(range(30), lambda t: bc[t + 1] * 1000 + hash(7, game_date, t) % 1000)),
                     1, 2 * n_games) AS picked
        FROM (
          SELECT d.step, d.season, d.season_step, d.n_games, d.game_date, w.counts AS bc, w.homes AS bh
          FROM w JOIN steps d ON d.season = w.season AND d.season_step = w.season_step + 1
        )
      )
    )
  )
)
SELECT step, season, counts, homes, home_idx, away_idx FROM w WHERE step > 0;

INSERT INTO nba_raw.nbac_schedule
WITH games AS (
  SELECT w.step, unnest(w.home_idx) AS home_idx, unnest(w.away_idx) AS away_idx,
         unnest(range(len(w.home_idx))) AS k
  FROM walk w
)
SELECT
  '002' || d.season_code || lpad(row_number() OVER (PARTITION BY d.season ORDER BY d.game_date, g.k)::VARCHAR, 5, '0') AS game_id,
  d.game_date, d.season,
  ${TEAM_LIST}[g.home_idx] AS home_team_abbr,
  ${TEAM_LIST}[g.away_idx] AS away_team_abbr,
  CASE WHEN d.game_date <= DATE ${quote(LAST_COMPLETED_DATE)} THEN 3 ELSE 1 END AS game_status,
  CASE WHEN d.game_date <= DATE ${quote(LAST_COMPLETED_DATE)} THEN 'Final' ELSE 'Scheduled' END AS game_status_text
FROM games g JOIN steps d USING (step)
ORDER BY game_id;
`;
}

/** Team box scores for every final game: plausible totals, no ties, ~6% overtime games. */
export function teamBoxscoreSql(seed: number): string {
  const u = (tag: number) => uniform(seed, tag, 'game_id', 'team_abbr');
  return `
INSERT INTO nba_raw.nbac_team_boxscore
WITH games AS (
  SELECT game_id, game_date, home_team_abbr, away_team_abbr,
    CASE WHEN ${uniform(seed, 1, 'game_id')} < 0.05 THEN 1
         WHEN ${uniform(seed, 1, 'game_id')} < 0.058 THEN 2 ELSE 0 END AS overtimes
  FROM nba_raw.nbac_schedule WHERE game_status = 3
), sides AS (
  SELECT g.*, s.is_home, CASE WHEN s.is_home THEN home_team_abbr ELSE away_team_abbr END AS team_abbr
  FROM games g, (VALUES (true), (false)) AS s(is_home)
), attempts AS (
  SELECT *,
    78 + floor(${u(2)} * 17)::INTEGER + 9 * overtimes AS fga,
    26 + floor(${u(3)} * 18)::INTEGER + 3 * overtimes AS fg3a,
    13 + floor(${u(4)} * 17)::INTEGER + 3 * overtimes AS fta,
    6 + floor(${u(5)} * 9)::INTEGER AS oreb,
    9 + floor(${u(6)} * 9)::INTEGER + overtimes AS tov
  FROM sides
), makes AS (
  SELECT *,
    round(fga * (0.42 + 0.10 * ${u(7)}))::INTEGER AS fgm,
    round(fg3a * (0.30 + 0.12 * ${u(8)}))::INTEGER AS fg3m,
    round(fta * (0.68 + 0.20 * ${u(9)}))::INTEGER AS ftm
  FROM attempts
), scored AS (
  SELECT *, 2 * fgm + fg3m + ftm AS pts FROM makes
), untied AS (
  -- A game cannot end level: the home team gets one more made free throw.
  SELECT *, CASE WHEN is_home AND pts = sum(pts) OVER (PARTITION BY game_id) - pts THEN 1 ELSE 0 END AS extra_ft
  FROM scored
)
SELECT game_id, game_date, team_abbr, is_home, 240 + 25 * overtimes, pts + extra_ft, fga, fgm, fg3a, fg3m,
  fta + extra_ft, ftm + extra_ft, oreb, tov
FROM untied
ORDER BY game_id, is_home DESC;
`;
}

/**
 * Shares team totals out to the active players of each team-game so that player sums equal the
 * team total exactly: with integer weights w in game_rank order, a player gets
 * floor(T * cum_w / W) - floor(T * (cum_w - w) / W), i.e. the floor or ceiling of T * w / W.
 * Integer arithmetic keeps it exact and the same on every run; one running sum per CTE. The sums
 * are cast back to BIGINT: sum of BIGINT is HUGEINT in DuckDB, and HUGEINT division was half the
 * CPU of the player lines' statement (the values are far below 2^63; an overflow would raise).
 */
function allocate(
  name: string,
  from: string,
  stats: { column: string; total: string; weight: string }[],
): string {
  const part = 'PARTITION BY game_id, team_abbr';
  const weights = stats
    .map((s) => `CASE WHEN active THEN round(1000 * (${s.weight}))::BIGINT ELSE 0 END AS ${s.column}_w`)
    .join(',\n    ');
  const sums = stats
    .map(
      (s) => `(sum(${s.column}_w) OVER (${part} ORDER BY game_rank ROWS UNBOUNDED PRECEDING))::BIGINT AS ${s.column}_cum,
    (sum(${s.column}_w) OVER (${part}))::BIGINT AS ${s.column}_total_w`,
    )
    .join(',\n    ');
  const allocs = stats
    .map(
      (s) => `(((${s.total}) * ${s.column}_cum) // ${s.column}_total_w
      - ((${s.total}) * (${s.column}_cum - ${s.column}_w)) // ${s.column}_total_w)::INTEGER AS ${s.column}_alloc`,
    )
    .join(',\n    ');
  return `${name}_w AS (
  SELECT *,
    ${weights}
  FROM ${from}
), ${name}_c AS (
  SELECT *,
    ${sums}
  FROM ${name}_w
), ${name} AS (
  SELECT *,
    ${allocs}
  FROM ${name}_c
)`;
}

/**
 * Gamebook player lines. Rosters come from a pool of 36 players per team (32 a season). Each
 * team-game lists its n_active players with minutes and a few DNPs; minutes and stats are the
 * team's totals shared out, so they add up. Detail (attempts, turnovers) is then kept for a
 * calibrated share of each date's rows: see COVERAGE_TARGETS and docs/demo.md.
 */
export function gamebookSql(seed: number): string {
  const nFirst = FIRST_NAMES.length;
  const nLast = LAST_NAMES.length;
  const seasons = SEASONS.map((s, i) => `(${quote(s.season)}, ${i})`).join(', ');
  const targets = Object.entries(COVERAGE_TARGETS)
    .map(([p, t]) => `(${quote(p)}, ${t})`)
    .join(', ');
  return `
CREATE OR REPLACE TEMP TABLE roster AS
WITH pool AS (
  SELECT t.team_no, s.slot, (t.team_no - 1) * ${POOL_PER_TEAM} + s.slot AS pid
  FROM range(1, 31) AS t(team_no), range(${POOL_PER_TEAM}) AS s(slot)
), named AS (
  -- (pid * 1031 + 11) mod ${nFirst * nLast} is a bijection (1031 is coprime with ${nFirst * nLast}), so no two players share a name.
  SELECT *, ${list(FIRST_NAMES)}[((pid * 1031 + 11) % ${nFirst * nLast}) % ${nFirst} + 1] AS first_name,
            ${list(LAST_NAMES)}[((pid * 1031 + 11) % ${nFirst * nLast}) // ${nFirst} + 1] AS last_name
  FROM pool
), seasons AS (
  SELECT * FROM (VALUES ${seasons}) AS s(season, season_idx)
)
SELECT s.season, ${TEAM_LIST}[n.team_no] AS team_abbr, n.pid,
  lower(n.first_name || n.last_name) AS player_lookup,
  n.first_name || ' ' || n.last_name AS player_name,
  -- depth chart for the season: 0 = first option
  row_number() OVER (PARTITION BY s.season, n.team_no ORDER BY hash(${seed}, 20, s.season, n.pid), n.pid) - 1 AS depth,
  0.6 + 0.9 * ${uniform(seed, 21, 'n.pid')} AS usage_factor
FROM named n, seasons s
-- ${POOL_PER_TEAM - ROSTER_SIZE} slots of each pool sit out each season, a different block each year
WHERE (n.slot - ${POOL_PER_TEAM - ROSTER_SIZE} * s.season_idx + ${POOL_PER_TEAM * 10}) % ${POOL_PER_TEAM} >= ${POOL_PER_TEAM - ROSTER_SIZE};

CREATE OR REPLACE TEMP TABLE appearances AS
WITH team_games AS (
  SELECT b.game_id, b.game_date, s.season, b.team_abbr, b.minutes AS team_minutes,
    b.points AS team_points, b.fg_attempts AS team_fga, b.ft_attempts AS team_fta, b.turnovers AS team_tov,
    -- players with minutes per team-game: about twice as many from ${DENSE_FROM} (docs/demo.md)
    CASE WHEN b.game_date >= DATE ${quote(DENSE_FROM)} THEN floor(21 + 7.8 * ${uniform(seed, 22, 'b.game_id', 'b.team_abbr')})
         ELSE floor(9 + 5.6 * ${uniform(seed, 22, 'b.game_id', 'b.team_abbr')}) END::INTEGER AS n_active,
    floor(4 * ${uniform(seed, 23, 'b.game_id', 'b.team_abbr')})::INTEGER AS n_dnp
  FROM nba_raw.nbac_team_boxscore b JOIN nba_raw.nbac_schedule s USING (game_id)
), ranked AS (
  -- the rank of every roster player in each team-game; the team-game's columns are joined back
  -- to the players listed (the sort carries narrow rows)
  SELECT tg.game_id, tg.team_abbr, r.pid, r.usage_factor,
    row_number() OVER (PARTITION BY tg.game_id, tg.team_abbr
                       ORDER BY r.depth + 6 * ${uniform(seed, 24, 'tg.game_id', 'r.pid')}, r.pid) - 1 AS game_rank
  FROM team_games tg JOIN roster r ON r.season = tg.season AND r.team_abbr = tg.team_abbr
), listed AS (
  SELECT tg.*, rk.pid, rk.usage_factor, rk.game_rank, rk.game_rank < tg.n_active AS active,
    -- minutes weight: starters ~34, falling 2.2 per place down the rotation, at least 0.5
    greatest(0.5, 34 - 2.2 * rk.game_rank + 6 * (${uniform(seed, 25, 'tg.game_id', 'rk.pid')} - 0.5)) AS minutes_weight
  FROM ranked rk JOIN team_games tg USING (game_id, team_abbr) WHERE rk.game_rank < tg.n_active + tg.n_dnp
),
-- every active player gets one minute, the rest of the team's minutes go by weight
${allocate('m', 'listed', [{ column: 'minutes', total: '(team_minutes - n_active)', weight: 'minutes_weight' }])},
with_minutes AS (
  SELECT *, CASE WHEN active THEN 1 + minutes_alloc ELSE 0 END AS minutes_played FROM m
),
${allocate('s', 'with_minutes', [
  { column: 'points', total: 'team_points', weight: `minutes_played * usage_factor * (0.6 + 0.8 * ${uniform(seed, 26, 'game_id', 'pid')})` },
  { column: 'fga', total: 'team_fga', weight: `minutes_played * usage_factor * (0.75 + 0.5 * ${uniform(seed, 27, 'game_id', 'pid')})` },
  { column: 'fta', total: 'team_fta', weight: `minutes_played * usage_factor * (0.5 + 1.0 * ${uniform(seed, 28, 'game_id', 'pid')})` },
  { column: 'tov', total: 'team_tov', weight: `minutes_played * usage_factor * (0.5 + 1.0 * ${uniform(seed, 29, 'game_id', 'pid')})` },
])}
-- names joined back at the end: the window sorts above carry narrower rows
SELECT game_id, game_date, season, team_abbr, pid, r.player_lookup, r.player_name, active, minutes_played,
  points_alloc AS points, fga_alloc AS fg_attempts, fta_alloc AS ft_attempts, tov_alloc AS turnovers
FROM s JOIN roster r USING (season, team_abbr, pid);

-- How many minutes > 0 rows of each date keep their box-score detail. Per date the share is
-- noisy (+-10 points), re-centred so each of the seed's periods lands on its target exactly;
-- the last ${RECENT_GAME_DATES} game dates come from the live feed and keep 93-98%.
CREATE OR REPLACE TEMP TABLE detail_plan AS
WITH per_date AS (
  SELECT game_date, ${PERIOD_SQL} AS period, count(*) AS n
  FROM appearances WHERE minutes_played > 0 GROUP BY ALL
), flagged AS (
  SELECT *,
    dense_rank() OVER (ORDER BY game_date DESC) <= ${RECENT_GAME_DATES} AS recent,
    ${uniform(seed, 30, 'game_date')} AS r
  FROM per_date
), sums AS (
  SELECT f.*, t.target,
    sum(CASE WHEN recent THEN round((0.93 + 0.05 * r) * n) ELSE 0 END) OVER per AS recent_covered,
    sum(CASE WHEN recent THEN 0 ELSE n END) OVER per AS other_rows,
    sum(n) OVER per AS period_rows,
    sum(CASE WHEN recent THEN 0 ELSE 0.1 * (2 * r - 1) * n END) OVER per AS noise_rows
  FROM flagged f JOIN (VALUES ${targets}) AS t(period, target) USING (period)
  WINDOW per AS (PARTITION BY period)
)
SELECT game_date,
  CASE WHEN recent THEN round((0.93 + 0.05 * r) * n)
       ELSE round(n * ((target * period_rows - recent_covered - noise_rows) / other_rows + 0.1 * (2 * r - 1)))
  END::INTEGER AS covered
FROM sums;

INSERT INTO nba_raw.nbac_gamebook_player_stats
WITH ordered AS (
  SELECT a.*, p.covered,
    row_number() OVER (PARTITION BY a.game_date, a.minutes_played > 0
                       ORDER BY hash(${seed}, 31, a.game_id, a.pid), a.pid) AS detail_rank
  FROM appearances a JOIN detail_plan p USING (game_date)
)
SELECT game_id, game_date, season, team_abbr, player_lookup, player_name,
  CASE WHEN active THEN 'active' ELSE 'dnp' END,
  minutes_played, points,
  CASE WHEN NOT active OR detail_rank <= covered THEN fg_attempts END,
  CASE WHEN NOT active OR detail_rank <= covered THEN ft_attempts END,
  CASE WHEN NOT active OR detail_rank <= covered THEN turnovers END
FROM ordered
ORDER BY game_date, game_id, team_abbr, player_lookup;
`;
}

/**
 * The team_offense_game_summary processor: one row per team per final game, reconstructed from
 * the team box scores. `dateFilter` is a condition on `s.game_date` (build: TRUE; repair: the
 * affected dates).
 */
export function teamOffenseSql(dateFilter: string): string {
  return `
INSERT INTO nba_analytics.team_offense_game_summary
SELECT b.game_id, s.game_date, s.season, b.team_abbr,
  o.team_abbr AS opponent_team_abbr,
  b.is_home AS home_game,
  b.points > o.points AS win_flag,
  b.points, o.points AS opponent_points,
  b.fg_attempts, b.fg_made, b.three_pt_attempts, b.three_pt_made, b.ft_attempts, b.ft_made,
  b.offensive_rebounds, b.turnovers,
  b.minutes AS team_minutes,
  round(b.fg_attempts - b.offensive_rebounds + b.turnovers + 0.44 * b.ft_attempts, 1) AS possessions,
  round(100.0 * b.points / (b.fg_attempts - b.offensive_rebounds + b.turnovers + 0.44 * b.ft_attempts), 1) AS offensive_rating
FROM nba_raw.nbac_team_boxscore b
JOIN nba_raw.nbac_schedule s ON s.game_id = b.game_id AND s.game_status = 3
JOIN nba_raw.nbac_team_boxscore o ON o.game_id = b.game_id AND o.team_abbr <> b.team_abbr
WHERE ${dateFilter}
ORDER BY s.game_date, b.game_id, b.is_home DESC;
`;
}

/**
 * The player_game_summary processor. As in the incident, usage_rate needs the player's team row
 * and reaches it through a LEFT JOIN: no team row, no usage_rate. It also needs the box-score
 * detail, and minutes. `dateFilter` is a condition on `p.game_date`.
 */
export function playerSummarySql(dateFilter: string): string {
  return `
INSERT INTO nba_analytics.player_game_summary
SELECT p.game_id, p.game_date, p.season, p.player_lookup, p.player_name, p.team_abbr,
  p.minutes_played, p.points, p.fg_attempts, p.ft_attempts, p.turnovers,
  CASE WHEN p.minutes_played > 0 AND p.fg_attempts IS NOT NULL AND t.game_id IS NOT NULL THEN
    -- USG% = 100 * (FGA + 0.44 FTA + TOV) * (team minutes / 5) / (minutes * (team FGA + 0.44 team FTA + team TOV))
    round(least(100.0,
      100.0 * (p.fg_attempts + 0.44 * p.ft_attempts + p.turnovers) * (t.team_minutes / 5.0)
        / (p.minutes_played * (t.fg_attempts + 0.44 * t.ft_attempts + t.turnovers))), 2)
  END AS usage_rate
FROM nba_raw.nbac_gamebook_player_stats p
LEFT JOIN nba_analytics.team_offense_game_summary t
  ON t.game_id = p.game_id AND t.team_abbr = p.team_abbr
WHERE ${dateFilter}
ORDER BY p.game_date, p.game_id, p.team_abbr, p.player_lookup;
`;
}

/** The seed's Step 2: overall usage_rate coverage over minutes > 0 rows since 2021-10-01. */
export const COVERAGE_SQL = `
SELECT count(*)::INTEGER AS total, count(usage_rate)::INTEGER AS with_usage
FROM nba_analytics.player_game_summary
WHERE game_date >= DATE '2021-10-01' AND minutes_played > 0
`;
