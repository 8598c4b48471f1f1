-- q1 aggregate: t.points
SELECT
  COUNT(*) AS c1__rows,
  COUNTIF(points >= 0) AS c1__pass
FROM
  `nba-props-platform`.`nba_analytics`.`player_game_summary`;
