-- q1 group_counts: t.recent_days, t.recent_dates
WITH
  c1_counts AS (
    SELECT
      "game_date" AS p,
      COUNT(*) AS n
    FROM
      "nba_analytics"."team_offense_game_summary"
    WHERE
      ("game_date" IS NOT NULL) AND ("game_date" <= DATE '2026-01-04')
    GROUP BY
      "game_date"
  ),
  c1_trailing AS (
    SELECT
      p,
      n,
      list_median(history) AS trailing_median
    FROM
      (
        SELECT
          p,
          n,
          list(n) OVER (ORDER BY p ROWS BETWEEN 14 PRECEDING AND 1 PRECEDING) AS history,
          COUNT(*) OVER (ORDER BY p ROWS BETWEEN 14 PRECEDING AND 1 PRECEDING) AS history_size
        FROM
          c1_counts
      ) AS w
    WHERE
      history_size >= 3
  ),
  c1_judged AS (
    SELECT
      p,
      n,
      trailing_median,
      (CAST(n AS DOUBLE) / NULLIF(trailing_median, 0)) AS ratio
    FROM
      c1_trailing
    WHERE
      "p" BETWEEN DATE '2025-12-29' AND DATE '2026-01-04'
  ),
  c2_counts AS (
    SELECT
      "game_date" AS p,
      COUNT(*) AS n
    FROM
      "nba_analytics"."team_offense_game_summary"
    WHERE
      ("game_date" IS NOT NULL) AND ("game_date" <= DATE '2026-01-04')
    GROUP BY
      "game_date"
  ),
  c2_trailing AS (
    SELECT
      p,
      n,
      list_median(history) AS trailing_median
    FROM
      (
        SELECT
          p,
          n,
          list(n) OVER (ORDER BY p ROWS BETWEEN 7 PRECEDING AND 1 PRECEDING) AS history,
          COUNT(*) OVER (ORDER BY p ROWS BETWEEN 7 PRECEDING AND 1 PRECEDING) AS history_size
        FROM
          c2_counts
      ) AS w
    WHERE
      history_size >= 3
  ),
  c2_judged AS (
    SELECT
      p,
      n,
      trailing_median,
      (CAST(n AS DOUBLE) / NULLIF(trailing_median, 0)) AS ratio
    FROM
      c2_trailing
    WHERE
      "p" IN (
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
              3
          ) AS recent
      )
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(COUNT(CASE WHEN ratio < 0.5 THEN 1 END) AS DOUBLE) AS value,
  CAST(COUNT(*) AS BIGINT) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  c1_judged
UNION ALL
SELECT
  'c1' AS check_key,
  CASE WHEN ratio < 0.5 THEN 'group' ELSE 'partition' END AS row_type,
  CAST(to_json(struct_pack("game_date" := p)) AS VARCHAR) AS key_json,
  CAST(ratio AS DOUBLE) AS value,
  CAST(n AS BIGINT) AS rows_evaluated,
  CAST(
    to_json(struct_pack("rows" := n, "trailing_median" := trailing_median, "ratio" := ratio)) AS VARCHAR
  ) AS detail_json
FROM
  c1_judged
UNION ALL
SELECT
  'c2' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(COUNT(CASE WHEN ratio < 0.3 THEN 1 END) AS DOUBLE) AS value,
  CAST(COUNT(*) AS BIGINT) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  c2_judged
UNION ALL
SELECT
  'c2' AS check_key,
  CASE WHEN ratio < 0.3 THEN 'group' ELSE 'partition' END AS row_type,
  CAST(to_json(struct_pack("game_date" := p)) AS VARCHAR) AS key_json,
  CAST(ratio AS DOUBLE) AS value,
  CAST(n AS BIGINT) AS rows_evaluated,
  CAST(
    to_json(struct_pack("rows" := n, "trailing_median" := trailing_median, "ratio" := ratio)) AS VARCHAR
  ) AS detail_json
FROM
  c2_judged;
