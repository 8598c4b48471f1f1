-- q1 aggregate: t.avg_points
SELECT
  COUNT(*) AS c1__rows,
  CAST(avg(points) AS DOUBLE) AS c1__value
FROM
  "nba_analytics"."player_game_summary"
WHERE
  minutes_played > 10;
