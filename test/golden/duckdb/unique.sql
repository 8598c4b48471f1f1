-- q1 group_counts: t.key, t.key_nulls_equal
SELECT
  unnest(r, recursive := true)
FROM
  (
    SELECT
      unnest(
        flatten(
          [(
              SELECT
                list(
                  r ORDER BY r.check_key,
                  r.row_type DESC,
                  CASE r.check_key WHEN 'c1' THEN -r.value WHEN 'c2' THEN -r.value END,
                  r.key_json
                )
              FROM
                (
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
                    rows_465db04a5f683f55 AS (
                      SELECT
                        COUNT(*) AS n
                      FROM
                        "nba_analytics"."player_game_summary"
                      WHERE
                        "game_id" IS NOT NULL AND "player_lookup" IS NOT NULL
                    ),
                    rows_095772ce529e061c AS (
                      SELECT
                        COUNT(*) AS n
                      FROM
                        "nba_analytics"."player_game_summary"
                    ),
                    groups_a4e9d262249a45b8_failing AS (
                      SELECT
                        *
                      FROM
                        groups_a4e9d262249a45b8
                      WHERE
                        (("game_id" IS NOT NULL AND "player_lookup" IS NOT NULL) AND (n > 1))
                        OR (n > 1)
                    )
                  SELECT
                    'c1' AS check_key,
                    'summary' AS row_type,
                    CAST(NULL AS VARCHAR) AS key_json,
                    CAST(
                      (
                        SELECT
                          COUNT(*)
                        FROM
                          groups_a4e9d262249a45b8_failing
                        WHERE
                          ("game_id" IS NOT NULL AND "player_lookup" IS NOT NULL) AND (n > 1)
                      ) AS DOUBLE
                    ) AS value,
                    CAST(rows_465db04a5f683f55.n AS BIGINT) AS rows_evaluated,
                    CAST(NULL AS VARCHAR) AS detail_json
                  FROM
                    rows_465db04a5f683f55
                  UNION ALL
                  (
                    SELECT
                      'c1' AS check_key,
                      'group' AS row_type,
                      CAST(
                        to_json(
                          struct_pack("game_id" := "game_id", "player_lookup" := "player_lookup")
                        ) AS VARCHAR
                      ) AS key_json,
                      CAST(n AS DOUBLE) AS value,
                      CAST(n AS BIGINT) AS rows_evaluated,
                      CAST(NULL AS VARCHAR) AS detail_json
                    FROM
                      groups_a4e9d262249a45b8_failing
                    WHERE
                      ("game_id" IS NOT NULL AND "player_lookup" IS NOT NULL) AND (n > 1)
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
                    CAST(NULL AS VARCHAR) AS key_json,
                    CAST(
                      (
                        SELECT
                          COUNT(*)
                        FROM
                          groups_a4e9d262249a45b8_failing
                        WHERE
                          n > 1
                      ) AS DOUBLE
                    ) AS value,
                    CAST(rows_095772ce529e061c.n AS BIGINT) AS rows_evaluated,
                    CAST(NULL AS VARCHAR) AS detail_json
                  FROM
                    rows_095772ce529e061c
                  UNION ALL
                  (
                    SELECT
                      'c2' AS check_key,
                      'group' AS row_type,
                      CAST(
                        to_json(
                          struct_pack("game_id" := "game_id", "player_lookup" := "player_lookup")
                        ) AS VARCHAR
                      ) AS key_json,
                      CAST(n AS DOUBLE) AS value,
                      CAST(n AS BIGINT) AS rows_evaluated,
                      CAST(NULL AS VARCHAR) AS detail_json
                    FROM
                      groups_a4e9d262249a45b8_failing
                    WHERE
                      n > 1
                    ORDER BY
                      n DESC,
                      key_json
                    LIMIT
                      1000
                  )
                ) AS r
            )]
        )
      ) AS r
  );
