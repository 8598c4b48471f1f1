-- q1 aggregate: t.points
SELECT
  COUNT(*) AS c1__rows,
  COUNT(CASE WHEN points >= 0 THEN 1 END) AS c1__pass
FROM
  "nba_analytics"."player_game_summary";
