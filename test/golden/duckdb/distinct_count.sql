-- q1 aggregate: t.teams_vary, t.games
SELECT
  COUNT(CASE WHEN minutes_played > 0 THEN 1 END) AS c1__rows,
  COUNT(DISTINCT CASE WHEN minutes_played > 0 THEN "team_abbr" END) AS c1__distinct,
  COUNT(*) AS c2__rows,
  COUNT(DISTINCT "game_id") AS c2__distinct
FROM
  "nba_analytics"."player_game_summary";
