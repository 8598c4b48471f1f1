-- q1 aggregate: t.game_id_format
SELECT
  COUNTIF(`game_id` IS NOT NULL) AS c1__rows,
  COUNTIF(REGEXP_CONTAINS(CAST(`game_id` AS STRING), '^00[0-9]{8}$')) AS c1__pass
FROM
  `nba-props-platform`.`nba_analytics`.`player_game_summary`;
