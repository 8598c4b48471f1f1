-- q1 aggregate: t.usage_range, t.points_min, t.usage_open_range
SELECT
  COUNT(CASE WHEN "usage_rate" IS NOT NULL THEN 1 END) AS c1__rows,
  COUNT(CASE WHEN ("usage_rate" >= 0) AND ("usage_rate" < 100) THEN 1 END) AS c1__pass,
  COUNT(CASE WHEN "points" IS NOT NULL THEN 1 END) AS c2__rows,
  COUNT(CASE WHEN ("points" >= 0) AND ("points" <= CAST('inf' AS DOUBLE)) THEN 1 END) AS c2__pass,
  COUNT(CASE WHEN "usage_rate" IS NOT NULL THEN 1 END) AS c3__rows,
  COUNT(CASE WHEN ("usage_rate" > 0) AND ("usage_rate" < 100) THEN 1 END) AS c3__pass
FROM
  "nba_analytics"."player_game_summary";
