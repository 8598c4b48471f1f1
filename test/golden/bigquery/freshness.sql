-- q1 aggregate: t.fresh
SELECT
  COUNTIF(`game_date` IS NOT NULL) AS c1__rows,
  CAST(MAX(`game_date`) AS STRING) AS c1__latest
FROM
  `nba-props-platform`.`nba_analytics`.`player_game_summary`;
