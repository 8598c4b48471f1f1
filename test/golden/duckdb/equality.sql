-- q1 equality: t.same_rows
WITH
  c1_here AS (
    SELECT
      r,
      COUNT(*) AS n
    FROM
      (
        SELECT
          CAST(
            to_json(
              struct_pack("game_id" := "game_id", "team_abbr" := "team_abbr", "points" := "points")
            ) AS VARCHAR
          ) AS r
        FROM
          "nba_analytics"."team_offense_game_summary"
        WHERE
          game_date >= '2021-10-01'
      ) AS t
    GROUP BY
      r
  ),
  c1_there AS (
    SELECT
      r,
      COUNT(*) AS n
    FROM
      (
        SELECT
          CAST(
            to_json(
              struct_pack("game_id" := "game_id", "team_abbr" := "team_abbr", "points" := "points")
            ) AS VARCHAR
          ) AS r
        FROM
          "nba_analytics"."team_offense_game_summary"
        WHERE
          game_date >= '2021-10-01'
      ) AS t
    GROUP BY
      r
  ),
  c1_diff AS (
    SELECT
      COALESCE(h.r, t.r) AS r,
      COALESCE(h.n, 0) AS here,
      COALESCE(t.n, 0) AS there
    FROM
      c1_here AS h
    FULL OUTER JOIN
      c1_there AS t ON h.r = t.r
    WHERE
      h.n IS NULL OR t.n IS NULL OR h.n <> t.n
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(
    (
      SELECT
        COALESCE(SUM(ABS(here - there)), 0)
      FROM
        c1_diff
    ) AS DOUBLE
  ) AS value,
  CAST(
    (
      SELECT
        COALESCE(SUM(n), 0)
      FROM
        c1_here
    ) AS BIGINT
  ) AS rows_evaluated,
  CAST(
    to_json(
      struct_pack(
        "other_rows" := (
          SELECT
            COALESCE(SUM(n), 0)
          FROM
            c1_there
        ),
        "distinct_rows" := (
          SELECT
            COUNT(*)
          FROM
            c1_diff
        )
      )
    ) AS VARCHAR
  ) AS detail_json
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    r AS key_json,
    CAST(ABS(here - there) AS DOUBLE) AS value,
    CAST(here AS BIGINT) AS rows_evaluated,
    CAST(to_json(struct_pack("here" := here, "there" := there)) AS VARCHAR) AS detail_json
  FROM
    c1_diff
  ORDER BY
    ABS(here - there) DESC,
    key_json
  LIMIT
    1000
);
