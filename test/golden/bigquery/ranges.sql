-- q1 ranges: t.one_game_a_day
WITH
  c1_values AS (
    SELECT
      `team_abbr` AS p0,
      `game_date` AS lo,
      `game_date` AS hi
    FROM
      `nba-props-platform`.`nba_analytics`.`team_offense_game_summary`
  ),
  c1_violations AS (
    SELECT
      p0,
      lo,
      hi,
      next_lo,
      why,
      COUNT(*) AS n
    FROM
      (
        SELECT
          p0,
          lo,
          hi,
          next_lo,
          CASE
            WHEN lo IS NULL OR hi IS NULL THEN 'missing bound'
            WHEN NOT (lo <= hi) THEN 'upper before lower'
            WHEN next_lo IS NULL THEN NULL
            WHEN hi > next_lo THEN 'overlaps next'
            WHEN NOT (hi < next_lo) THEN 'no gap before next'
            ELSE NULL
          END AS why
        FROM
          (
            SELECT
              p0,
              lo,
              hi,
              LEAD(lo) OVER (PARTITION BY p0 ORDER BY lo, hi) AS next_lo
            FROM
              c1_values
            WHERE
              (lo IS NOT NULL) AND (hi IS NOT NULL)
            UNION ALL
            SELECT
              p0,
              lo,
              hi,
              NULL AS next_lo
            FROM
              c1_values
            WHERE
              lo IS NULL OR hi IS NULL
          ) AS w
      ) AS r
    WHERE
      why IS NOT NULL
    GROUP BY
      p0,
      lo,
      hi,
      next_lo,
      why
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS STRING) AS key_json,
  CAST(
    (
      SELECT
        COALESCE(SUM(n), 0)
      FROM
        c1_violations
    ) AS FLOAT64
  ) AS value,
  CAST(COUNT(*) AS INT64) AS rows_evaluated,
  TO_JSON_STRING(STRUCT(
    (
      SELECT
        COUNT(*)
      FROM
        c1_violations
    ) AS `distinct_violations`
  )) AS detail_json
FROM
  c1_values
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    TO_JSON_STRING(STRUCT(p0 AS `team_abbr`, lo AS `game_date`)) AS key_json,
    CAST(n AS FLOAT64) AS value,
    CAST(n AS INT64) AS rows_evaluated,
    TO_JSON_STRING(STRUCT(why AS `reason`, next_lo AS `next_lower`)) AS detail_json
  FROM
    c1_violations
  ORDER BY
    n DESC,
    key_json
  LIMIT
    1000
);

-- q2 ranges: t.contiguous
WITH
  c1_values AS (
    SELECT
      `minutes_played` AS lo,
      `points` AS hi
    FROM
      `nba-props-platform`.`nba_analytics`.`player_game_summary`
    WHERE
      minutes_played > 0
  ),
  c1_violations AS (
    SELECT
      lo,
      hi,
      next_lo,
      why,
      COUNT(*) AS n
    FROM
      (
        SELECT
          lo,
          hi,
          next_lo,
          CASE
            WHEN lo IS NULL OR hi IS NULL THEN 'missing bound'
            WHEN NOT (lo < hi) THEN 'empty or reversed'
            WHEN next_lo IS NULL THEN NULL
            WHEN hi > next_lo THEN 'overlaps next'
            WHEN NOT (hi = next_lo) THEN 'gap before next'
            ELSE NULL
          END AS why
        FROM
          (
            SELECT
              lo,
              hi,
              LEAD(lo) OVER (ORDER BY lo, hi) AS next_lo
            FROM
              c1_values
            WHERE
              (lo IS NOT NULL) AND (hi IS NOT NULL)
            UNION ALL
            SELECT
              lo,
              hi,
              NULL AS next_lo
            FROM
              c1_values
            WHERE
              lo IS NULL OR hi IS NULL
          ) AS w
      ) AS r
    WHERE
      why IS NOT NULL
    GROUP BY
      lo,
      hi,
      next_lo,
      why
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS STRING) AS key_json,
  CAST(
    (
      SELECT
        COALESCE(SUM(n), 0)
      FROM
        c1_violations
    ) AS FLOAT64
  ) AS value,
  CAST(COUNT(*) AS INT64) AS rows_evaluated,
  TO_JSON_STRING(STRUCT(
    (
      SELECT
        COUNT(*)
      FROM
        c1_violations
    ) AS `distinct_violations`
  )) AS detail_json
FROM
  c1_values
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    TO_JSON_STRING(STRUCT(lo AS `minutes_played`, hi AS `points`)) AS key_json,
    CAST(n AS FLOAT64) AS value,
    CAST(n AS INT64) AS rows_evaluated,
    TO_JSON_STRING(STRUCT(why AS `reason`, next_lo AS `next_lower`)) AS detail_json
  FROM
    c1_violations
  ORDER BY
    n DESC,
    key_json
  LIMIT
    1000
);
