-- q1 aggregate: t.usage
SELECT
  COUNTIF(game_date >= '2021-10-01') AS c1__rows,
  COUNTIF(
    (game_date >= '2021-10-01')
    AND (`usage_rate` IS NOT NULL)
  ) AS c1__pass
FROM
  `nba-props-platform`.`nba_analytics`.`player_game_summary`
WHERE
  minutes_played > 0;
