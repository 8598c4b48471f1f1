-- q1 aggregate: t.player
SELECT
  COUNT(*) AS c1__rows,
  COUNT(CASE WHEN "player_lookup" IS NOT NULL THEN 1 END) AS c1__pass
FROM
  "nba_analytics"."player_game_summary";

-- q2 aggregate: t.avg_points
SELECT
  COUNT(*) AS c1__rows,
  (avg(points)) AS c1__value
FROM
  "nba_analytics"."player_game_summary"
WHERE
  minutes_played > 10;

-- q3 aggregate: t.per_date
WITH
  actual AS (
    SELECT
      "game_date" AS "game_date",
      COUNT(*) AS c1__rows
    FROM
      "nba_analytics"."player_game_summary"
    WHERE
      "game_date" BETWEEN DATE '2026-01-02' AND DATE '2026-01-04'
    GROUP BY
      "game_date"
  ),
  expected AS (
    SELECT
      CAST(d AS DATE) AS "__expected_partition"
    FROM
      (
        SELECT
          unnest(
            generate_series(
              CAST(DATE '2026-01-02' AS TIMESTAMP),
              CAST(DATE '2026-01-04' AS TIMESTAMP),
              INTERVAL 1 DAY
            )
          ) AS d
      )
  )
SELECT
  actual.*,
  expected.__expected_partition
FROM
  actual
FULL OUTER JOIN
  expected ON actual."game_date" = expected.__expected_partition;

-- q4 group_counts: t.key, t.players_per_team
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
                  CASE r.check_key WHEN 'c1' THEN -r.value END,
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
                    groups_a4e9d262249a45b8_failing AS (
                      SELECT
                        *
                      FROM
                        groups_a4e9d262249a45b8
                      WHERE
                        (("game_id" IS NOT NULL AND "player_lookup" IS NOT NULL) AND (n > 1))
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
                ) AS r
            ),
            (
              SELECT
                list(
                  r ORDER BY r.check_key,
                  r.row_type DESC,
                  CASE r.check_key WHEN 'c2' THEN r.value END,
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
                    'c2' AS check_key,
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
                      'c2' AS check_key,
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

-- q5 relationships: t.games_exist
WITH
  c1_values AS (
    SELECT
      "game_id" AS v
    FROM
      "nba_analytics"."player_game_summary"
    WHERE
      "game_id" IS NOT NULL
  ),
  c1_missing AS (
    SELECT
      s.v,
      COUNT(*) AS n
    FROM
      c1_values AS s
    LEFT JOIN
      (
        SELECT DISTINCT
          "game_id" AS v
        FROM
          "nba_raw"."nbac_schedule"
      ) AS p ON s.v = p.v
    WHERE
      p.v IS NULL
    GROUP BY
      s.v
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(
    (
      SELECT
        COALESCE(SUM(n), 0)
      FROM
        c1_missing
    ) AS DOUBLE
  ) AS value,
  CAST(
    (
      SELECT
        COUNT(*)
      FROM
        c1_values
    ) AS BIGINT
  ) AS rows_evaluated,
  CAST(to_json(struct_pack("missing_values" := (
    SELECT
      COUNT(*)
    FROM
      c1_missing
  ))) AS VARCHAR) AS detail_json
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    CAST(to_json(struct_pack("game_id" := v)) AS VARCHAR) AS key_json,
    CAST(n AS DOUBLE) AS value,
    CAST(n AS BIGINT) AS rows_evaluated,
    CAST(NULL AS VARCHAR) AS detail_json
  FROM
    c1_missing
  ORDER BY
    n DESC,
    key_json
  LIMIT
    1000
);

-- q6 schema: t.columns
WITH
  c1_columns AS (
    SELECT
      column_name,
      data_type
    FROM
      information_schema.columns
    WHERE
      table_schema = 'nba_analytics' AND table_name = 'player_game_summary'
    ORDER BY
      ordinal_position
  )
SELECT
  'c1' AS check_key,
  'group' AS row_type,
  CAST(to_json(struct_pack("column_name" := column_name, "data_type" := data_type)) AS VARCHAR) AS key_json,
  CAST(NULL AS DOUBLE) AS value,
  CAST(NULL AS BIGINT) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  c1_columns;

-- q7 sql: t.no_negative_points
WITH
  c1_rows AS (
    SELECT
      game_id
    FROM
      nba_analytics.player_game_summary
    WHERE
      points < 0
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(COUNT(*) AS DOUBLE) AS value,
  CAST(COUNT(*) AS BIGINT) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  c1_rows
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    CAST(to_json("r") AS VARCHAR) AS key_json,
    CAST(NULL AS DOUBLE) AS value,
    CAST(NULL AS BIGINT) AS rows_evaluated,
    CAST(NULL AS VARCHAR) AS detail_json
  FROM
    c1_rows AS r
  LIMIT
    1000
);
