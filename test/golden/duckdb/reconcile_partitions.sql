-- q1 reconcile: t.recent_dates, t.recent_games
WITH
  c1_actual AS (
    SELECT
      "game_date" AS k0,
      count(*) AS v,
      COUNT(*) AS n
    FROM
      "nba_analytics"."team_offense_game_summary"
    WHERE
      "game_date" IN (
        SELECT
          __expected_partition
        FROM
          (
            SELECT
              __expected_partition
            FROM
              (
                SELECT DISTINCT
                  "game_date" AS __expected_partition
                FROM
                  "nba_analytics"."team_offense_game_summary"
                WHERE
                  ("game_date" <= DATE '2026-01-04')
              ) AS partitions
            ORDER BY
              __expected_partition DESC
            LIMIT
              2
          ) AS recent
      )
    GROUP BY
      "game_date"
  ),
  c1_expected AS (
    SELECT
      "game_date" AS k0,
      2 * count(distinct game_id) AS v
    FROM
      "nba_raw"."nbac_schedule"
    WHERE
      (game_status = 3)
      AND (
        "game_date" IN (
          SELECT
            __expected_partition
          FROM
            (
              SELECT
                __expected_partition
              FROM
                (
                  SELECT DISTINCT
                    "game_date" AS __expected_partition
                  FROM
                    "nba_analytics"."team_offense_game_summary"
                  WHERE
                    ("game_date" <= DATE '2026-01-04')
                ) AS partitions
              ORDER BY
                __expected_partition DESC
              LIMIT
                2
            ) AS recent
        )
      )
    GROUP BY
      "game_date"
  ),
  c1_joined AS (
    SELECT
      COALESCE(a.k0, e.k0) AS k0,
      COALESCE(a.v, 0) AS actual,
      e.v AS expected,
      COALESCE(a.n, 0) AS n
    FROM
      c1_actual AS a
    FULL OUTER JOIN
      c1_expected AS e ON a.k0 = e.k0
  ),
  c1_compared AS (
    SELECT
      k0,
      actual,
      expected,
      n,
      (CAST(actual AS DOUBLE) / NULLIF(expected, 0)) AS completeness,
      expected IS NULL OR NOT (
        ABS(CAST(actual AS DOUBLE) - CAST(expected AS DOUBLE)) - ABS(
          CAST(actual AS DOUBLE) - CAST(expected AS DOUBLE)
        ) = 0
        AND ABS(CAST(actual AS DOUBLE) - CAST(expected AS DOUBLE)) <= 0
      ) AS offending
    FROM
      c1_joined
  ),
  c2_actual AS (
    SELECT
      "game_id" AS k0,
      count(*) AS v,
      COUNT(*) AS n
    FROM
      "nba_analytics"."team_offense_game_summary"
    WHERE
      "game_date" BETWEEN DATE '2026-01-02' AND DATE '2026-01-04'
    GROUP BY
      "game_id"
  ),
  c2_expected AS (
    SELECT
      "game_id" AS k0,
      2 AS v
    FROM
      "nba_raw"."nbac_schedule"
    WHERE
      (game_status = 3) AND ("game_date" BETWEEN DATE '2026-01-02' AND DATE '2026-01-04')
    GROUP BY
      "game_id"
  ),
  c2_joined AS (
    SELECT
      COALESCE(a.k0, e.k0) AS k0,
      COALESCE(a.v, 0) AS actual,
      e.v AS expected,
      COALESCE(a.n, 0) AS n
    FROM
      c2_actual AS a
    FULL OUTER JOIN
      c2_expected AS e ON a.k0 = e.k0
  ),
  c2_mismatches AS (
    SELECT
      k0,
      actual,
      expected,
      n,
      (CAST(actual AS DOUBLE) / NULLIF(expected, 0)) AS completeness
    FROM
      c2_joined
    WHERE
      expected IS NULL
      OR NOT (
        ABS(CAST(actual AS DOUBLE) - CAST(expected AS DOUBLE)) - ABS(
          CAST(actual AS DOUBLE) - CAST(expected AS DOUBLE)
        ) = 0
        AND ABS(CAST(actual AS DOUBLE) - CAST(expected AS DOUBLE)) <= 0
      )
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(COUNT(CASE WHEN offending THEN 1 END) AS DOUBLE) AS value,
  CAST(COUNT(*) AS BIGINT) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  c1_compared
UNION ALL
SELECT
  'c1' AS check_key,
  CASE WHEN offending THEN 'group' ELSE 'partition' END AS row_type,
  CAST(to_json(struct_pack("game_date" := k0)) AS VARCHAR) AS key_json,
  CAST(completeness AS DOUBLE) AS value,
  CAST(n AS BIGINT) AS rows_evaluated,
  CAST(
    to_json(struct_pack("expected" := expected, "actual" := actual, "completeness" := completeness)) AS VARCHAR
  ) AS detail_json
FROM
  c1_compared
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
        c2_mismatches
    ) AS DOUBLE
  ) AS value,
  CAST(COUNT(*) AS BIGINT) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  c2_joined
UNION ALL
(
  SELECT
    'c2' AS check_key,
    'group' AS row_type,
    CAST(to_json(struct_pack("game_id" := k0)) AS VARCHAR) AS key_json,
    CAST(completeness AS DOUBLE) AS value,
    CAST(n AS BIGINT) AS rows_evaluated,
    CAST(
      to_json(
        struct_pack("expected" := expected, "actual" := actual, "completeness" := completeness)
      ) AS VARCHAR
    ) AS detail_json
  FROM
    c2_mismatches
  ORDER BY
    CASE WHEN completeness IS NULL THEN 1 ELSE 0 END,
    completeness,
    key_json
  LIMIT
    1000
);
