-- q1 group_counts: t.key, t.key_nulls_equal
WITH
  groups_06ab1e465dca1e5c AS (
    SELECT
      `game_id`,
      `player_lookup`,
      COUNT(*) AS n
    FROM
      `nba-props-platform`.`nba_analytics`.`player_game_summary`
    GROUP BY
      `game_id`,
      `player_lookup`
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS STRING) AS key_json,
  CAST(COUNTIF((`game_id` IS NOT NULL AND `player_lookup` IS NOT NULL) AND (n > 1)) AS FLOAT64) AS value,
  CAST(SUM(CASE WHEN `game_id` IS NOT NULL AND `player_lookup` IS NOT NULL THEN n END) AS INT64) AS rows_evaluated,
  CAST(NULL AS STRING) AS detail_json
FROM
  groups_06ab1e465dca1e5c
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    TO_JSON_STRING(STRUCT(`game_id` AS `game_id`, `player_lookup` AS `player_lookup`)) AS key_json,
    CAST(n AS FLOAT64) AS value,
    CAST(n AS INT64) AS rows_evaluated,
    CAST(NULL AS STRING) AS detail_json
  FROM
    groups_06ab1e465dca1e5c
  WHERE
    (`game_id` IS NOT NULL AND `player_lookup` IS NOT NULL) AND (n > 1)
  ORDER BY
    n DESC,
    key_json
  LIMIT
    1000
)
UNION ALL
SELECT
  'c2' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS STRING) AS key_json,
  CAST(COUNTIF(n > 1) AS FLOAT64) AS value,
  CAST(SUM(n) AS INT64) AS rows_evaluated,
  CAST(NULL AS STRING) AS detail_json
FROM
  groups_06ab1e465dca1e5c
UNION ALL
(
  SELECT
    'c2' AS check_key,
    'group' AS row_type,
    TO_JSON_STRING(STRUCT(`game_id` AS `game_id`, `player_lookup` AS `player_lookup`)) AS key_json,
    CAST(n AS FLOAT64) AS value,
    CAST(n AS INT64) AS rows_evaluated,
    CAST(NULL AS STRING) AS detail_json
  FROM
    groups_06ab1e465dca1e5c
  WHERE
    n > 1
  ORDER BY
    n DESC,
    key_json
  LIMIT
    1000
);
