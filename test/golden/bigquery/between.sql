-- q1 aggregate: t.usage_range
SELECT
  COUNTIF(`usage_rate` IS NOT NULL) AS c1__rows,
  COUNTIF(
    (`usage_rate` >= 0)
    AND (`usage_rate` < 100)
  ) AS c1__pass
FROM
  `nba-props-platform`.`nba_analytics`.`player_game_summary`;
