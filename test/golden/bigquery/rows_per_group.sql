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
  ),
  groups_4e1a2bc0a4c12998_summary AS (
    SELECT
      COUNTIF(n < 5) AS c1__offending,
      SUM(n) AS c1__rows,
      ARRAY_AGG(
        IF(
          n < 5,
          STRUCT(
            TO_JSON_STRING(
              STRUCT(
                `game_id` AS `game_id`,
                `team_abbr` AS `team_abbr`
              )
            ) AS `key_json`,
            n AS `n`
          ),
          NULL
        ) IGNORE NULLS
        ORDER BY
          n,
          TO_JSON_STRING(
            STRUCT(
              `game_id` AS `game_id`,
              `team_abbr` AS `team_abbr`
            )
          )
        LIMIT
          1000
      ) AS c1__listed
    FROM
      groups_4e1a2bc0a4c12998
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS STRING) AS key_json,
  CAST(
    groups_4e1a2bc0a4c12998_summary.c1__offending AS FLOAT64
  ) AS value,
  CAST(groups_4e1a2bc0a4c12998_summary.c1__rows AS INT64) AS rows_evaluated,
  CAST(NULL AS STRING) AS detail_json
FROM
  groups_4e1a2bc0a4c12998_summary
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
    groups_4e1a2bc0a4c12998_summary
    CROSS JOIN UNNEST (groups_4e1a2bc0a4c12998_summary.c1__listed) AS `g`
  ORDER BY
    g.n,
    key_json
);
