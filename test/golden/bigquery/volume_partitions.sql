-- q1 group_counts: t.recent_days, t.recent_dates
-- @as_of DATE "2026-01-04"
-- @window_start_7d DATE "2025-12-29"
WITH
  c1_counts AS (
    SELECT
      `game_date` AS p,
      COUNT(*) AS n
    FROM
      `nba-props-platform`.`nba_analytics`.`team_offense_game_summary`
    WHERE
      (`game_date` IS NOT NULL) AND (`game_date` <= @as_of)
    GROUP BY
      `game_date`
  ),
  c1_trailing AS (
    SELECT
      p,
      n,
      (
        SELECT
          PERCENTILE_CONT(x, 0.5) OVER ()
        FROM
          UNNEST(history) AS x
        LIMIT
          1
      ) AS trailing_median
    FROM
      (
        SELECT
          p,
          n,
          [LAG(n, 1) OVER (ORDER BY p),
            LAG(n, 2) OVER (ORDER BY p),
            LAG(n, 3) OVER (ORDER BY p),
            LAG(n, 4) OVER (ORDER BY p),
            LAG(n, 5) OVER (ORDER BY p),
            LAG(n, 6) OVER (ORDER BY p),
            LAG(n, 7) OVER (ORDER BY p),
            LAG(n, 8) OVER (ORDER BY p),
            LAG(n, 9) OVER (ORDER BY p),
            LAG(n, 10) OVER (ORDER BY p),
            LAG(n, 11) OVER (ORDER BY p),
            LAG(n, 12) OVER (ORDER BY p),
            LAG(n, 13) OVER (ORDER BY p),
            LAG(n, 14) OVER (ORDER BY p)] AS history,
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
      SAFE_DIVIDE(n, trailing_median) AS ratio
    FROM
      c1_trailing
    WHERE
      `p` BETWEEN @window_start_7d AND @as_of
  ),
  c2_counts AS (
    SELECT
      `game_date` AS p,
      COUNT(*) AS n
    FROM
      `nba-props-platform`.`nba_analytics`.`team_offense_game_summary`
    WHERE
      (`game_date` IS NOT NULL) AND (`game_date` <= @as_of)
    GROUP BY
      `game_date`
  ),
  c2_trailing AS (
    SELECT
      p,
      n,
      (
        SELECT
          PERCENTILE_CONT(x, 0.5) OVER ()
        FROM
          UNNEST(history) AS x
        LIMIT
          1
      ) AS trailing_median
    FROM
      (
        SELECT
          p,
          n,
          [LAG(n, 1) OVER (ORDER BY p),
            LAG(n, 2) OVER (ORDER BY p),
            LAG(n, 3) OVER (ORDER BY p),
            LAG(n, 4) OVER (ORDER BY p),
            LAG(n, 5) OVER (ORDER BY p),
            LAG(n, 6) OVER (ORDER BY p),
            LAG(n, 7) OVER (ORDER BY p)] AS history,
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
      SAFE_DIVIDE(n, trailing_median) AS ratio
    FROM
      c2_trailing
    WHERE
      `p` IN (
        SELECT
          __expected_partition
        FROM
          (
            SELECT
              __expected_partition
            FROM
              (
                SELECT DISTINCT
                  `game_date` AS __expected_partition
                FROM
                  `nba-props-platform`.`nba_analytics`.`team_offense_game_summary`
                WHERE
                  (`game_date` <= @as_of)
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
  CAST(NULL AS STRING) AS key_json,
  CAST(COUNTIF(ratio < 0.5) AS FLOAT64) AS value,
  CAST(COUNT(*) AS INT64) AS rows_evaluated,
  CAST(NULL AS STRING) AS detail_json
FROM
  c1_judged
UNION ALL
SELECT
  'c1' AS check_key,
  CASE WHEN ratio < 0.5 THEN 'group' ELSE 'partition' END AS row_type,
  TO_JSON_STRING(STRUCT(p AS `game_date`)) AS key_json,
  CAST(ratio AS FLOAT64) AS value,
  CAST(n AS INT64) AS rows_evaluated,
  TO_JSON_STRING(STRUCT(n AS `rows`, trailing_median AS `trailing_median`, ratio AS `ratio`)) AS detail_json
FROM
  c1_judged
UNION ALL
SELECT
  'c2' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS STRING) AS key_json,
  CAST(COUNTIF(ratio < 0.3) AS FLOAT64) AS value,
  CAST(COUNT(*) AS INT64) AS rows_evaluated,
  CAST(NULL AS STRING) AS detail_json
FROM
  c2_judged
UNION ALL
SELECT
  'c2' AS check_key,
  CASE WHEN ratio < 0.3 THEN 'group' ELSE 'partition' END AS row_type,
  TO_JSON_STRING(STRUCT(p AS `game_date`)) AS key_json,
  CAST(ratio AS FLOAT64) AS value,
  CAST(n AS INT64) AS rows_evaluated,
  TO_JSON_STRING(STRUCT(n AS `rows`, trailing_median AS `trailing_median`, ratio AS `ratio`)) AS detail_json
FROM
  c2_judged;
