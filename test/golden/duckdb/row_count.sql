-- q1 aggregate: t.rows, t.more_than_teams
SELECT
  COUNT(*) AS c1__rows,
  COUNT(*) AS c2__rows,
  (
    SELECT
      COUNT(*)
    FROM
      "nba_analytics"."team_offense_game_summary"
    WHERE
      game_date >= '2021-10-01'
  ) AS c2__compared
FROM
  "nba_analytics"."player_game_summary"
WHERE
  minutes_played > 0;

-- q2 aggregate: t.per_team
SELECT
  "game_date",
  COUNT(*) AS c1__rows,
  (
    SELECT
      COUNT(*)
    FROM
      "nba_analytics"."team_offense_game_summary"
  ) AS c1__compared
FROM
  "nba_analytics"."player_game_summary"
GROUP BY
  "game_date";
