-- q1 group_counts: t.players_per_team
WITH
  groups_4e1a2bc0a4c12998 AS (
    SELECT
      `game_id`,
      `team_abbr`,
      COUNT(*) AS n
    FROM
      `nba-props-platform`.`nba_analytics`.`player_game_summary`
    GROUP BY
      `game_id`,
      `team_abbr`
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS STRING) AS key_json,
  CAST(COUNTIF(n < 5) AS FLOAT64) AS value,
  CAST(SUM(n) AS INT64) AS rows_evaluated,
  CAST(NULL AS STRING) AS detail_json
FROM
  groups_4e1a2bc0a4c12998
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    TO_JSON_STRING(STRUCT(`game_id` AS `game_id`, `team_abbr` AS `team_abbr`)) AS key_json,
    CAST(n AS FLOAT64) AS value,
    CAST(n AS INT64) AS rows_evaluated,
    CAST(NULL AS STRING) AS detail_json
  FROM
    groups_4e1a2bc0a4c12998
  WHERE
    n < 5
  ORDER BY
    n ASC,
    key_json
  LIMIT
    1000
);
