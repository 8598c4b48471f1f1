-- q1 aggregate: t.player
SELECT
  COUNT(*) AS c1__rows,
  COUNT(CASE WHEN "player_lookup" IS NOT NULL THEN 1 END) AS c1__pass
FROM
  "nba_analytics"."player_game_summary";
