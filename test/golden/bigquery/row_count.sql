-- q1 table: t.rows, t.more_than_teams, t.per_team
-- @text_var_season_start STRING "2021-10-01"
WITH
  dq__part1 AS (
    SELECT
      COUNT(*) AS c1__rows,
      COUNT(*) AS c2__rows,
      (
        SELECT
          COUNT(*)
        FROM
          `nba-props-platform`.`nba_analytics`.`team_offense_game_summary`
        WHERE
          game_date >= @text_var_season_start
      ) AS c2__compared
    FROM
      `nba-props-platform`.`nba_analytics`.`player_game_summary`
    WHERE
      minutes_played > 0
  ),
  dq__part2 AS (
    SELECT
      `game_date`,
      COUNT(*) AS c1__rows,
      (
        SELECT
          COUNT(*)
        FROM
          `nba-props-platform`.`nba_analytics`.`team_offense_game_summary`
      ) AS c1__compared
    FROM
      `nba-props-platform`.`nba_analytics`.`player_game_summary`
    GROUP BY
      `game_date`
  )
SELECT
  1 AS dq_part,
  dq__part1.`c1__rows` AS p1_1,
  dq__part1.`c2__rows` AS p1_2,
  dq__part1.`c2__compared` AS p1_3,
  NULL AS p2_1,
  NULL AS p2_2,
  NULL AS p2_3
FROM
  dq__part1
UNION ALL
SELECT
  2,
  NULL,
  NULL,
  NULL,
  dq__part2.`game_date`,
  dq__part2.`c1__rows`,
  dq__part2.`c1__compared`
FROM
  dq__part2;
