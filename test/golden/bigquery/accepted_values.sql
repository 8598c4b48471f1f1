-- q1 aggregate: t.teams
SELECT
  COUNTIF(`team_abbr` IS NOT NULL) AS c1__rows,
  COUNTIF(`team_abbr` IN ('BOS', 'LAL', 'N\'O')) AS c1__pass
FROM
  `nba-props-platform`.`nba_analytics`.`player_game_summary`;
