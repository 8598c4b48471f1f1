-- q1 group_counts: t.key, t.key_nulls_equal
WITH
  groups_a4e9d262249a45b8 AS (
    SELECT
      "game_id",
      "player_lookup",
      COUNT(*) AS n
    FROM
      "nba_analytics"."player_game_summary"
    GROUP BY
      "game_id",
      "player_lookup"
  ),
  groups_a4e9d262249a45b8_summary AS (
    SELECT
      COUNT(
        CASE
          WHEN (
            "game_id" IS NOT NULL
            AND "player_lookup" IS NOT NULL
          )
          AND (n > 1) THEN 1
        END
      ) AS c1__offending,
      SUM(
        CASE
          WHEN "game_id" IS NOT NULL
          AND "player_lookup" IS NOT NULL THEN n
        END
      ) AS c1__rows,
      min_by(
        struct_pack(
          "key_json" := CAST(
            to_json(
              struct_pack(
                "game_id" := "game_id",
                "player_lookup" := "player_lookup"
              )
            ) AS VARCHAR
          ),
          "n" := n
        ),
        struct_pack(
          w := - (n),
          t := CAST(
            to_json(
              struct_pack(
                "game_id" := "game_id",
                "player_lookup" := "player_lookup"
              )
            ) AS VARCHAR
          )
        ),
        1000
      ) FILTER(
        WHERE
          (
            "game_id" IS NOT NULL
            AND "player_lookup" IS NOT NULL
          )
          AND (n > 1)
      ) AS c1__listed,
      COUNT(
        CASE
          WHEN n > 1 THEN 1
        END
      ) AS c2__offending,
      SUM(n) AS c2__rows,
      min_by(
        struct_pack(
          "key_json" := CAST(
            to_json(
              struct_pack(
                "game_id" := "game_id",
                "player_lookup" := "player_lookup"
              )
            ) AS VARCHAR
          ),
          "n" := n
        ),
        struct_pack(
          w := - (n),
          t := CAST(
            to_json(
              struct_pack(
                "game_id" := "game_id",
                "player_lookup" := "player_lookup"
              )
            ) AS VARCHAR
          )
        ),
        1000
      ) FILTER(
        WHERE
          n > 1
      ) AS c2__listed
    FROM
      groups_a4e9d262249a45b8
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(
    groups_a4e9d262249a45b8_summary.c1__offending AS DOUBLE
  ) AS value,
  CAST(
    groups_a4e9d262249a45b8_summary.c1__rows AS BIGINT
  ) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  groups_a4e9d262249a45b8_summary
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    g.key_json AS key_json,
    CAST(g.n AS DOUBLE) AS value,
    CAST(g.n AS BIGINT) AS rows_evaluated,
    CAST(NULL AS VARCHAR) AS detail_json
  FROM
    groups_a4e9d262249a45b8_summary
    CROSS JOIN UNNEST(groups_a4e9d262249a45b8_summary.c1__listed) AS "g_list" ("g")
  ORDER BY
    g.n DESC,
    key_json
)
UNION ALL
SELECT
  'c2' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(
    groups_a4e9d262249a45b8_summary.c2__offending AS DOUBLE
  ) AS value,
  CAST(
    groups_a4e9d262249a45b8_summary.c2__rows AS BIGINT
  ) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  groups_a4e9d262249a45b8_summary
UNION ALL
(
  SELECT
    'c2' AS check_key,
    'group' AS row_type,
    g.key_json AS key_json,
    CAST(g.n AS DOUBLE) AS value,
    CAST(g.n AS BIGINT) AS rows_evaluated,
    CAST(NULL AS VARCHAR) AS detail_json
  FROM
    groups_a4e9d262249a45b8_summary
    CROSS JOIN UNNEST(groups_a4e9d262249a45b8_summary.c2__listed) AS "g_list" ("g")
  ORDER BY
    g.n DESC,
    key_json
);
