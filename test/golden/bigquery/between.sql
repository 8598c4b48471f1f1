-- q1 aggregate: t.usage_range, t.points_min, t.usage_open_range
SELECT
  COUNTIF(`usage_rate` IS NOT NULL) AS c1__rows,
  COUNTIF((`usage_rate` >= 0) AND (`usage_rate` < 100)) AS c1__pass,
  COUNTIF(`points` IS NOT NULL) AS c2__rows,
  COUNTIF((`points` >= 0) AND (`points` <= CAST('inf' AS FLOAT64))) AS c2__pass,
  COUNTIF(`usage_rate` IS NOT NULL) AS c3__rows,
  COUNTIF((`usage_rate` > 0) AND (`usage_rate` < 100)) AS c3__pass
FROM
  `nba-props-platform`.`nba_analytics`.`player_game_summary`;
