-- q1 aggregate: t.usage_range
SELECT
  COUNT(
    CASE
      WHEN "usage_rate" IS NOT NULL THEN 1
    END
  ) AS c1__rows,
  COUNT(
    CASE
      WHEN ("usage_rate" >= 0)
      AND ("usage_rate" < 100) THEN 1
    END
  ) AS c1__pass
FROM
  "nba_analytics"."player_game_summary";
