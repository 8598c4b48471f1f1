-- q1 aggregate: t.no_placeholder_teams
SELECT
  COUNTIF(`team_abbr` IS NOT NULL) AS c1__rows,
  COUNTIF(`team_abbr` NOT IN ('', 'TBD', 'N\'O')) AS c1__pass
FROM
  `nba-props-platform`.`nba_analytics`.`player_game_summary`;
