-- q1 aggregate: t.game_id_format
SELECT
  COUNT(CASE WHEN "game_id" IS NOT NULL THEN 1 END) AS c1__rows,
  COUNT(CASE WHEN regexp_matches(CAST("game_id" AS VARCHAR), '^00[0-9]{8}$') THEN 1 END) AS c1__pass
FROM
  "nba_analytics"."player_game_summary";
