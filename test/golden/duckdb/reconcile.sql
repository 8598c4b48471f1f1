-- q1 reconcile: t.teams_per_date, t.teams_per_game, t.home_rows
WITH
  c1_actual AS (
    SELECT
      "game_date" AS k0,
      count(*) AS v,
      COUNT(*) AS n
    FROM
      "nba_analytics"."team_offense_game_summary"
    WHERE
      game_date >= '2021-10-01'
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
      game_status = 3 AND game_date >= '2021-10-01'
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
  c1_mismatches AS (
    SELECT
      k0,
      actual,
      expected,
      n,
      (CAST(actual AS DOUBLE) / NULLIF(expected, 0)) AS completeness
    FROM
      c1_joined
    WHERE
      expected IS NULL
      OR NOT (
        ABS(CAST(actual AS DOUBLE) - CAST(expected AS DOUBLE)) - ABS(
          CAST(actual AS DOUBLE) - CAST(expected AS DOUBLE)
        ) = 0
        AND ABS(CAST(actual AS DOUBLE) - CAST(expected AS DOUBLE)) <= 0
      )
  ),
  c2_actual AS (
    SELECT
      "game_date" AS k0,
      "game_id" AS k1,
      count(distinct team_abbr) AS v,
      COUNT(*) AS n
    FROM
      "nba_analytics"."team_offense_game_summary"
    GROUP BY
      "game_date",
      "game_id"
  ),
  c2_expected AS (
    SELECT
      "game_date" AS k0,
      "game_id" AS k1,
      2 AS v
    FROM
      "nba_raw"."nbac_schedule"
    GROUP BY
      "game_date",
      "game_id"
  ),
  c2_joined AS (
    SELECT
      COALESCE(a.k0, e.k0) AS k0,
      COALESCE(a.k1, e.k1) AS k1,
      COALESCE(a.v, 0) AS actual,
      e.v AS expected,
      COALESCE(a.n, 0) AS n
    FROM
      c2_actual AS a
    FULL OUTER JOIN
      c2_expected AS e ON a.k0 = e.k0 AND a.k1 = e.k1
  ),
  c2_mismatches AS (
    SELECT
      k0,
      k1,
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
        AND ABS(CAST(actual AS DOUBLE) - CAST(expected AS DOUBLE)) <= 0.05 * ABS(
          CAST(expected AS DOUBLE)
        )
      )
  ),
  c3_actual AS (
    SELECT
      "game_id" AS k0,
      "team_abbr" AS k1,
      count(*) AS v,
      COUNT(*) AS n
    FROM
      "nba_analytics"."team_offense_game_summary"
    WHERE
      team_abbr = 'BOS'
    GROUP BY
      "game_id",
      "team_abbr"
  ),
  c3_expected AS (
    SELECT
      "game_id" AS k0,
      "home_team_abbr" AS k1,
      count(*) AS v
    FROM
      "nba_raw"."nbac_schedule"
    GROUP BY
      "game_id",
      "home_team_abbr"
  ),
  c3_joined AS (
    SELECT
      COALESCE(a.k0, e.k0) AS k0,
      COALESCE(a.k1, e.k1) AS k1,
      COALESCE(a.v, 0) AS actual,
      e.v AS expected,
      COALESCE(a.n, 0) AS n
    FROM
      c3_actual AS a
    FULL OUTER JOIN
      c3_expected AS e ON a.k0 = e.k0 AND a.k1 = e.k1
  ),
  c3_mismatches AS (
    SELECT
      k0,
      k1,
      actual,
      expected,
      n,
      (CAST(actual AS DOUBLE) / NULLIF(expected, 0)) AS completeness
    FROM
      c3_joined
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
  CAST(
    (
      SELECT
        COUNT(*)
      FROM
        c1_mismatches
    ) AS DOUBLE
  ) AS value,
  CAST(COUNT(*) AS BIGINT) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  c1_joined
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    CAST(to_json(struct_pack("game_date" := k0)) AS VARCHAR) AS key_json,
    CAST(completeness AS DOUBLE) AS value,
    CAST(n AS BIGINT) AS rows_evaluated,
    CAST(
      to_json(
        struct_pack("expected" := expected, "actual" := actual, "completeness" := completeness)
      ) AS VARCHAR
    ) AS detail_json
  FROM
    c1_mismatches
  ORDER BY
    CASE WHEN completeness IS NULL THEN 1 ELSE 0 END,
    completeness,
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
    CAST(to_json(struct_pack("game_date" := k0, "game_id" := k1)) AS VARCHAR) AS key_json,
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
)
UNION ALL
SELECT
  'c3' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(
    (
      SELECT
        COUNT(*)
      FROM
        c3_mismatches
    ) AS DOUBLE
  ) AS value,
  CAST(COUNT(*) AS BIGINT) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  c3_joined
UNION ALL
(
  SELECT
    'c3' AS check_key,
    'group' AS row_type,
    CAST(to_json(struct_pack("game_id" := k0, "team_abbr" := k1)) AS VARCHAR) AS key_json,
    CAST(completeness AS DOUBLE) AS value,
    CAST(n AS BIGINT) AS rows_evaluated,
    CAST(
      to_json(
        struct_pack("expected" := expected, "actual" := actual, "completeness" := completeness)
      ) AS VARCHAR
    ) AS detail_json
  FROM
    c3_mismatches
  ORDER BY
    CASE WHEN completeness IS NULL THEN 1 ELSE 0 END,
    completeness,
    key_json
  LIMIT
    1000
);
