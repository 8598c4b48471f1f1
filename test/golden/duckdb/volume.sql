-- q1 group_counts: t.rows_per_date
WITH
  c1_counts AS (
    SELECT
      "game_date" AS p,
      COUNT(*) AS n
    FROM
      "nba_analytics"."team_offense_game_summary"
    WHERE
      (game_date >= '2021-10-01') AND ("game_date" IS NOT NULL)
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
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    CAST(to_json(struct_pack("game_date" := p)) AS VARCHAR) AS key_json,
    CAST(ratio AS DOUBLE) AS value,
    CAST(n AS BIGINT) AS rows_evaluated,
    CAST(
      to_json(struct_pack("rows" := n, "trailing_median" := trailing_median, "ratio" := ratio)) AS VARCHAR
    ) AS detail_json
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
