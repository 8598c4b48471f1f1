-- q1 aggregate: t.fresh
SELECT
  COUNT(CASE WHEN "game_date" IS NOT NULL THEN 1 END) AS c1__rows,
  CAST(MAX("game_date") AS VARCHAR) AS c1__latest
FROM
  "nba_analytics"."player_game_summary";
