-- q1 aggregate: t.usage
-- @text_var_season_start STRING "2021-10-01"
SELECT
  COUNTIF(game_date >= @text_var_season_start) AS c1__rows,
  COUNTIF((game_date >= @text_var_season_start) AND (`usage_rate` IS NOT NULL)) AS c1__pass
FROM
  `nba-props-platform`.`nba_analytics`.`player_game_summary`
WHERE
  minutes_played > 0;
