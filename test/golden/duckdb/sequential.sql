-- q1 sequential: t.daily_per_team
WITH
  c1_values AS (
    SELECT
      "team_abbr" AS g0,
      "game_date" AS v
    FROM
      "nba_analytics"."team_offense_game_summary"
    WHERE
      "game_date" IS NOT NULL
  ),
  c1_breaks AS (
    SELECT
      g0,
      v,
      prev,
      COUNT(*) AS n
    FROM
      (
        SELECT
          g0,
          v,
          LAG(v) OVER (PARTITION BY g0 ORDER BY v) AS prev
        FROM
          c1_values
      ) AS w
    WHERE
      prev IS NOT NULL AND NOT (v = (prev + INTERVAL 1 DAY))
    GROUP BY
      g0,
      v,
      prev
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
        c1_breaks
    ) AS DOUBLE
  ) AS value,
  CAST(COUNT(*) AS BIGINT) AS rows_evaluated,
  CAST(to_json(struct_pack("distinct_breaks" := (
    SELECT
      COUNT(*)
    FROM
      c1_breaks
  ))) AS VARCHAR) AS detail_json
FROM
  c1_values
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    CAST(to_json(struct_pack("team_abbr" := g0, "game_date" := v)) AS VARCHAR) AS key_json,
    CAST(n AS DOUBLE) AS value,
    CAST(n AS BIGINT) AS rows_evaluated,
    CAST(to_json(struct_pack("previous" := prev)) AS VARCHAR) AS detail_json
  FROM
    c1_breaks
  ORDER BY
    n DESC,
    key_json
  LIMIT
    1000
);

-- q2 sequential: t.even_points
WITH
  c1_values AS (
    SELECT
      "points" AS v
    FROM
      "nba_analytics"."player_game_summary"
    WHERE
      (minutes_played > 0) AND ("points" IS NOT NULL)
  ),
  c1_breaks AS (
    SELECT
      v,
      prev,
      COUNT(*) AS n
    FROM
      (
        SELECT
          v,
          LAG(v) OVER (ORDER BY v) AS prev
        FROM
          c1_values
      ) AS w
    WHERE
      prev IS NOT NULL AND NOT (v = prev + 2)
    GROUP BY
      v,
      prev
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
        c1_breaks
    ) AS DOUBLE
  ) AS value,
  CAST(COUNT(*) AS BIGINT) AS rows_evaluated,
  CAST(to_json(struct_pack("distinct_breaks" := (
    SELECT
      COUNT(*)
    FROM
      c1_breaks
  ))) AS VARCHAR) AS detail_json
FROM
  c1_values
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    CAST(to_json(struct_pack("points" := v)) AS VARCHAR) AS key_json,
    CAST(n AS DOUBLE) AS value,
    CAST(n AS BIGINT) AS rows_evaluated,
    CAST(to_json(struct_pack("previous" := prev)) AS VARCHAR) AS detail_json
  FROM
    c1_breaks
  ORDER BY
    n DESC,
    key_json
  LIMIT
    1000
);
