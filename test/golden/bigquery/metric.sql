-- q1 aggregate: t.avg_points
-- @var_min_minutes INT64 10
SELECT
  COUNT(*) AS c1__rows,
  (avg(points)) AS c1__value
FROM
  `nba-props-platform`.`nba_analytics`.`player_game_summary`
WHERE
  minutes_played > @var_min_minutes;
