-- q1 group_counts: t.players_per_team
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
                  CASE r.check_key WHEN 'c1' THEN r.value END,
                  r.key_json
                )
              FROM
                (
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
                    rows_095772ce529e061c AS (
                      SELECT
                        COUNT(*) AS n
                      FROM
                        "nba_analytics"."player_game_summary"
                    ),
                    groups_1b0a2e3ac0e5f244_failing AS (
                      SELECT
                        *
                      FROM
                        groups_1b0a2e3ac0e5f244
                      WHERE
                        (n < 5)
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
                          groups_1b0a2e3ac0e5f244_failing
                        WHERE
                          n < 5
                      ) AS DOUBLE
                    ) AS value,
                    CAST(rows_095772ce529e061c.n AS BIGINT) AS rows_evaluated,
                    CAST(NULL AS VARCHAR) AS detail_json
                  FROM
                    rows_095772ce529e061c
                  UNION ALL
                  (
                    SELECT
                      'c1' AS check_key,
                      'group' AS row_type,
                      CAST(
                        to_json(struct_pack("game_id" := "game_id", "team_abbr" := "team_abbr")) AS VARCHAR
                      ) AS key_json,
                      CAST(n AS DOUBLE) AS value,
                      CAST(n AS BIGINT) AS rows_evaluated,
                      CAST(NULL AS VARCHAR) AS detail_json
                    FROM
                      groups_1b0a2e3ac0e5f244_failing
                    WHERE
                      n < 5
                    ORDER BY
                      n ASC,
                      key_json
                    LIMIT
                      1000
                  )
                ) AS r
            )]
        )
      ) AS r
  );
