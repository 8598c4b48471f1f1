-- q1 aggregate: t.teams_vary, t.games
SELECT
  COUNTIF(minutes_played > 0) AS c1__rows,
  COUNT(DISTINCT CASE WHEN minutes_played > 0 THEN `team_abbr` END) AS c1__distinct,
  COUNT(*) AS c2__rows,
  COUNT(DISTINCT `game_id`) AS c2__distinct
FROM
  `nba-props-platform`.`nba_analytics`.`player_game_summary`;
