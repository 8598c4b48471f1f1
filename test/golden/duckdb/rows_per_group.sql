-- q1 group_counts: t.players_per_team
WITH
  groups_1b0a2e3ac0e5f244 AS (
    SELECT
      "game_id",
      "team_abbr",
      COUNT(*) AS n
    FROM
      "nba_analytics"."player_game_summary"
    GROUP BY
      "game_id",
      "team_abbr"
  ),
  groups_1b0a2e3ac0e5f244_summary AS (
    SELECT
      COUNT(
        CASE
          WHEN n < 5 THEN 1
        END
      ) AS c1__offending,
      SUM(n) AS c1__rows,
      min_by(
        struct_pack(
          "key_json" := CAST(
            to_json(
              struct_pack(
                "game_id" := "game_id",
                "team_abbr" := "team_abbr"
              )
            ) AS VARCHAR
          ),
          "n" := n
        ),
        struct_pack(
          w := n,
          t := CAST(
            to_json(
              struct_pack(
                "game_id" := "game_id",
                "team_abbr" := "team_abbr"
              )
            ) AS VARCHAR
          )
        ),
        1000
      ) FILTER(
        WHERE
          n < 5
      ) AS c1__listed
    FROM
      groups_1b0a2e3ac0e5f244
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(
    groups_1b0a2e3ac0e5f244_summary.c1__offending AS DOUBLE
  ) AS value,
  CAST(
    groups_1b0a2e3ac0e5f244_summary.c1__rows AS BIGINT
  ) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  groups_1b0a2e3ac0e5f244_summary
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
    groups_1b0a2e3ac0e5f244_summary
    CROSS JOIN UNNEST(groups_1b0a2e3ac0e5f244_summary.c1__listed) AS "g_list" ("g")
  ORDER BY
    g.n,
    key_json
);
