-- q1 aggregate: t.player
SELECT
  COUNT(*) AS c1__rows,
  COUNTIF(`player_lookup` IS NOT NULL) AS c1__pass
FROM
  `nba-props-platform`.`nba_analytics`.`player_game_summary`;
