-- q1 aggregate: t.rows
SELECT
  COUNT(*) AS c1__rows
FROM
  "nba_analytics"."player_game_summary"
WHERE
  minutes_played > 0;
