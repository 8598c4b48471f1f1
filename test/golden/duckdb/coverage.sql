-- q1 aggregate: t.usage
SELECT
  COUNT(CASE WHEN game_date >= '2021-10-01' THEN 1 END) AS c1__rows,
  COUNT(CASE WHEN (game_date >= '2021-10-01') AND ("usage_rate" IS NOT NULL) THEN 1 END) AS c1__pass
FROM
  "nba_analytics"."player_game_summary"
WHERE
  minutes_played > 0;
