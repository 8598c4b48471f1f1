-- q1 aggregate: t.teams
SELECT
  COUNT(CASE WHEN "team_abbr" IS NOT NULL THEN 1 END) AS c1__rows,
  COUNT(CASE WHEN "team_abbr" IN ('BOS', 'LAL', 'N''O') THEN 1 END) AS c1__pass
FROM
  "nba_analytics"."player_game_summary";
