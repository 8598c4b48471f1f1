-- q1 equality: t.same_rows
-- @text_var_season_start STRING "2021-10-01"
WITH
  c1_here AS (
    SELECT
      r,
      COUNT(*) AS n
    FROM
      (
        SELECT
          TO_JSON_STRING(
            STRUCT(`game_id` AS `game_id`, `team_abbr` AS `team_abbr`, `points` AS `points`)
          ) AS r
        FROM
          `nba-props-platform`.`nba_analytics`.`team_offense_game_summary`
        WHERE
          game_date >= @text_var_season_start
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
          TO_JSON_STRING(
            STRUCT(`game_id` AS `game_id`, `team_abbr` AS `team_abbr`, `points` AS `points`)
          ) AS r
        FROM
          `nba-props-platform`.`nba_analytics`.`team_offense_game_summary`
        WHERE
          game_date >= @text_var_season_start
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
  CAST(NULL AS STRING) AS key_json,
  CAST(
    (
      SELECT
        COALESCE(SUM(ABS(here - there)), 0)
      FROM
        c1_diff
    ) AS FLOAT64
  ) AS value,
  CAST(
    (
      SELECT
        COALESCE(SUM(n), 0)
      FROM
        c1_here
    ) AS INT64
  ) AS rows_evaluated,
  TO_JSON_STRING(
    STRUCT(
      (
        SELECT
          COALESCE(SUM(n), 0)
        FROM
          c1_there
      ) AS `other_rows`, (
        SELECT
          COUNT(*)
        FROM
          c1_diff
      ) AS `distinct_rows`
    )
  ) AS detail_json
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    r AS key_json,
    CAST(ABS(here - there) AS FLOAT64) AS value,
    CAST(here AS INT64) AS rows_evaluated,
    TO_JSON_STRING(STRUCT(here AS `here`, there AS `there`)) AS detail_json
  FROM
    c1_diff
  ORDER BY
    ABS(here - there) DESC,
    key_json
  LIMIT
    1000
);
