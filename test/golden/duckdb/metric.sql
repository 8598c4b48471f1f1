-- q1 aggregate: t.avg_points
SELECT
  COUNT(*) AS c1__rows,
  (avg(points)) AS c1__value
FROM
  "nba_analytics"."player_game_summary"
WHERE
  minutes_played > 10;
