-- q1 relationships: t.games_exist
WITH
  c1_values AS (
    SELECT
      `game_id` AS v
    FROM
      `nba-props-platform`.`nba_analytics`.`player_game_summary`
    WHERE
      `game_id` IS NOT NULL
  ),
  c1_missing AS (
    SELECT
      s.v,
      COUNT(*) AS n
    FROM
      c1_values AS s
      LEFT JOIN (
        SELECT DISTINCT
          `game_id` AS v
        FROM
          `nba-props-platform`.`nba_raw`.`nbac_schedule`
      ) AS p ON s.v = p.v
    WHERE
      p.v IS NULL
    GROUP BY
      s.v
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS STRING) AS key_json,
  CAST(
    (
      SELECT
        COALESCE(SUM(n), 0)
      FROM
        c1_missing
    ) AS FLOAT64
  ) AS value,
  CAST(
    (
      SELECT
        COUNT(*)
      FROM
        c1_values
    ) AS INT64
  ) AS rows_evaluated,
  TO_JSON_STRING(
    STRUCT(
      (
        SELECT
          COUNT(*)
        FROM
          c1_missing
      ) AS `missing_values`
    )
  ) AS detail_json
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    TO_JSON_STRING(STRUCT(v AS `game_id`)) AS key_json,
    CAST(n AS FLOAT64) AS value,
    CAST(n AS INT64) AS rows_evaluated,
    CAST(NULL AS STRING) AS detail_json
  FROM
    c1_missing
  ORDER BY
    n DESC,
    key_json
  LIMIT
    1000
);
