-- q1 group_counts: t.rows_per_date
-- @text_var_season_start STRING "2021-10-01"
WITH
  c1_counts AS (
    SELECT
      `game_date` AS p,
      COUNT(*) AS n
    FROM
      `nba-props-platform`.`nba_analytics`.`team_offense_game_summary`
    WHERE
      (game_date >= @text_var_season_start) AND (`game_date` IS NOT NULL)
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
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    TO_JSON_STRING(STRUCT(p AS `game_date`)) AS key_json,
    CAST(ratio AS FLOAT64) AS value,
    CAST(n AS INT64) AS rows_evaluated,
    TO_JSON_STRING(STRUCT(n AS `rows`, trailing_median AS `trailing_median`, ratio AS `ratio`)) AS detail_json
  FROM
    c1_judged
  WHERE
    ratio < 0.5
  ORDER BY
    ratio,
    key_json
  LIMIT
    1000
);
