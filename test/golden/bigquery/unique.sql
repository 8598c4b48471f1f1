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
  ),
  groups_06ab1e465dca1e5c_summary AS (
    SELECT
      COUNTIF(
        (
          `game_id` IS NOT NULL
          AND `player_lookup` IS NOT NULL
        )
        AND (n > 1)
      ) AS c1__offending,
      SUM(
        CASE
          WHEN `game_id` IS NOT NULL
          AND `player_lookup` IS NOT NULL THEN n
        END
      ) AS c1__rows,
      ARRAY_AGG(
        IF(
          (
            `game_id` IS NOT NULL
            AND `player_lookup` IS NOT NULL
          )
          AND (n > 1),
          STRUCT(
            TO_JSON_STRING(
              STRUCT(
                `game_id` AS `game_id`,
                `player_lookup` AS `player_lookup`
              )
            ) AS `key_json`,
            n AS `n`
          ),
          NULL
        ) IGNORE NULLS
        ORDER BY
          n DESC,
          TO_JSON_STRING(
            STRUCT(
              `game_id` AS `game_id`,
              `player_lookup` AS `player_lookup`
            )
          )
        LIMIT
          1000
      ) AS c1__listed,
      COUNTIF(n > 1) AS c2__offending,
      SUM(n) AS c2__rows,
      ARRAY_AGG(
        IF(
          n > 1,
          STRUCT(
            TO_JSON_STRING(
              STRUCT(
                `game_id` AS `game_id`,
                `player_lookup` AS `player_lookup`
              )
            ) AS `key_json`,
            n AS `n`
          ),
          NULL
        ) IGNORE NULLS
        ORDER BY
          n DESC,
          TO_JSON_STRING(
            STRUCT(
              `game_id` AS `game_id`,
              `player_lookup` AS `player_lookup`
            )
          )
        LIMIT
          1000
      ) AS c2__listed
    FROM
      groups_06ab1e465dca1e5c
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS STRING) AS key_json,
  CAST(
    groups_06ab1e465dca1e5c_summary.c1__offending AS FLOAT64
  ) AS value,
  CAST(groups_06ab1e465dca1e5c_summary.c1__rows AS INT64) AS rows_evaluated,
  CAST(NULL AS STRING) AS detail_json
FROM
  groups_06ab1e465dca1e5c_summary
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    g.key_json AS key_json,
    CAST(g.n AS FLOAT64) AS value,
    CAST(g.n AS INT64) AS rows_evaluated,
    CAST(NULL AS STRING) AS detail_json
  FROM
    groups_06ab1e465dca1e5c_summary
    CROSS JOIN UNNEST (groups_06ab1e465dca1e5c_summary.c1__listed) AS `g`
  ORDER BY
    g.n DESC,
    key_json
)
UNION ALL
SELECT
  'c2' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS STRING) AS key_json,
  CAST(
    groups_06ab1e465dca1e5c_summary.c2__offending AS FLOAT64
  ) AS value,
  CAST(groups_06ab1e465dca1e5c_summary.c2__rows AS INT64) AS rows_evaluated,
  CAST(NULL AS STRING) AS detail_json
FROM
  groups_06ab1e465dca1e5c_summary
UNION ALL
(
  SELECT
    'c2' AS check_key,
    'group' AS row_type,
    g.key_json AS key_json,
    CAST(g.n AS FLOAT64) AS value,
    CAST(g.n AS INT64) AS rows_evaluated,
    CAST(NULL AS STRING) AS detail_json
  FROM
    groups_06ab1e465dca1e5c_summary
    CROSS JOIN UNNEST (groups_06ab1e465dca1e5c_summary.c2__listed) AS `g`
  ORDER BY
    g.n DESC,
    key_json
);
