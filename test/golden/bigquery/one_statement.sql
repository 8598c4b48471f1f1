-- q1 table: t.player, t.avg_points, t.per_date, t.key, t.players_per_team, t.games_exist, t.columns
-- @var_min_minutes INT64 10
-- @window_start_3d DATE "2026-01-02"
-- @as_of DATE "2026-01-04"
WITH
  dq__part1 AS (
    SELECT
      COUNT(*) AS c1__rows,
      COUNTIF(`player_lookup` IS NOT NULL) AS c1__pass
    FROM
      `nba-props-platform`.`nba_analytics`.`player_game_summary`
  ),
  dq__part2 AS (
    SELECT
      COUNT(*) AS c1__rows,
      (avg(points)) AS c1__value
    FROM
      `nba-props-platform`.`nba_analytics`.`player_game_summary`
    WHERE
      minutes_played > @var_min_minutes
  ),
  dq__part3 AS (
    WITH
      actual AS (
        SELECT
          `game_date` AS `game_date`,
          COUNT(*) AS c1__rows
        FROM
          `nba-props-platform`.`nba_analytics`.`player_game_summary`
        WHERE
          `game_date` BETWEEN @window_start_3d AND @as_of
        GROUP BY
          `game_date`
      ),
      expected AS (
        SELECT
          d AS `__expected_partition`
        FROM
          UNNEST(GENERATE_DATE_ARRAY(@window_start_3d, @as_of)) AS d
      )
    SELECT
      actual.*,
      expected.__expected_partition
    FROM
      actual
    FULL OUTER JOIN
      expected ON actual.`game_date` = expected.__expected_partition
  ),
  dq__part4 AS (
    WITH
      groups_06ab1e465dca1e5c AS (
        SELECT
          `game_id`,
          `player_lookup`,
          COUNT(*) AS n
        FROM
          `nba-props-platform`.`nba_analytics`.`player_game_summary`
        GROUP BY
          `game_id`,
          `player_lookup`
      ),
      groups_4e1a2bc0a4c12998 AS (
        SELECT
          `game_id`,
          `team_abbr`,
          COUNT(*) AS n
        FROM
          `nba-props-platform`.`nba_analytics`.`player_game_summary`
        GROUP BY
          `game_id`,
          `team_abbr`
      )
    SELECT
      'c1' AS check_key,
      'summary' AS row_type,
      CAST(NULL AS STRING) AS key_json,
      CAST(COUNTIF((`game_id` IS NOT NULL AND `player_lookup` IS NOT NULL) AND (n > 1)) AS FLOAT64) AS value,
      CAST(SUM(CASE WHEN `game_id` IS NOT NULL AND `player_lookup` IS NOT NULL THEN n END) AS INT64) AS rows_evaluated,
      CAST(NULL AS STRING) AS detail_json
    FROM
      groups_06ab1e465dca1e5c
    UNION ALL
    (
      SELECT
        'c1' AS check_key,
        'group' AS row_type,
        TO_JSON_STRING(STRUCT(`game_id` AS `game_id`, `player_lookup` AS `player_lookup`)) AS key_json,
        CAST(n AS FLOAT64) AS value,
        CAST(n AS INT64) AS rows_evaluated,
        CAST(NULL AS STRING) AS detail_json
      FROM
        groups_06ab1e465dca1e5c
      WHERE
        (`game_id` IS NOT NULL AND `player_lookup` IS NOT NULL) AND (n > 1)
      ORDER BY
        n DESC,
        key_json
      LIMIT
        1000
    )
    UNION ALL
    SELECT
      'c2' AS check_key,
      'summary' AS row_type,
      CAST(NULL AS STRING) AS key_json,
      CAST(COUNTIF(n < 5) AS FLOAT64) AS value,
      CAST(SUM(n) AS INT64) AS rows_evaluated,
      CAST(NULL AS STRING) AS detail_json
    FROM
      groups_4e1a2bc0a4c12998
    UNION ALL
    (
      SELECT
        'c2' AS check_key,
        'group' AS row_type,
        TO_JSON_STRING(STRUCT(`game_id` AS `game_id`, `team_abbr` AS `team_abbr`)) AS key_json,
        CAST(n AS FLOAT64) AS value,
        CAST(n AS INT64) AS rows_evaluated,
        CAST(NULL AS STRING) AS detail_json
      FROM
        groups_4e1a2bc0a4c12998
      WHERE
        n < 5
      ORDER BY
        n ASC,
        key_json
      LIMIT
        1000
    )
  ),
  dq__part5 AS (
    WITH
      c1_values AS (
        SELECT
          `game_id` AS v
        FROM
          `nba-props-platform`.`nba_analytics`.`player_game_summary`
        WHERE
          `game_id` IS NOT NULL
      ),
      c1_missing AS (
        SELECT
          s.v,
          COUNT(*) AS n
        FROM
          c1_values AS s
        LEFT JOIN
          (
            SELECT DISTINCT
              `game_id` AS v
            FROM
              `nba-props-platform`.`nba_raw`.`nbac_schedule`
          ) AS p ON s.v = p.v
        WHERE
          p.v IS NULL
        GROUP BY
          s.v
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
            c1_missing
        ) AS FLOAT64
      ) AS value,
      CAST(
        (
          SELECT
            COUNT(*)
          FROM
            c1_values
        ) AS INT64
      ) AS rows_evaluated,
      TO_JSON_STRING(STRUCT(
        (
          SELECT
            COUNT(*)
          FROM
            c1_missing
        ) AS `missing_values`
      )) AS detail_json
    UNION ALL
    (
      SELECT
        'c1' AS check_key,
        'group' AS row_type,
        TO_JSON_STRING(STRUCT(v AS `game_id`)) AS key_json,
        CAST(n AS FLOAT64) AS value,
        CAST(n AS INT64) AS rows_evaluated,
        CAST(NULL AS STRING) AS detail_json
      FROM
        c1_missing
      ORDER BY
        n DESC,
        key_json
      LIMIT
        1000
    )
  ),
  dq__part6 AS (
    WITH
      c1_columns AS (
        SELECT
          column_name,
          data_type
        FROM
          `nba-props-platform.nba_analytics.INFORMATION_SCHEMA.COLUMNS`
        WHERE
          table_name = 'player_game_summary'
        ORDER BY
          ordinal_position
      )
    SELECT
      'c1' AS check_key,
      'group' AS row_type,
      TO_JSON_STRING(STRUCT(column_name AS `column_name`, data_type AS `data_type`)) AS key_json,
      CAST(NULL AS FLOAT64) AS value,
      CAST(NULL AS INT64) AS rows_evaluated,
      CAST(NULL AS STRING) AS detail_json
    FROM
      c1_columns
  )
SELECT
  1 AS dq_part,
  dq__part1.`c1__rows` AS p1_1,
  dq__part1.`c1__pass` AS p1_2,
  NULL AS p2_1,
  NULL AS p2_2,
  NULL AS p3_1,
  NULL AS p3_2,
  NULL AS p3_3,
  NULL AS p4_1,
  NULL AS p4_2,
  NULL AS p4_3,
  NULL AS p4_4,
  NULL AS p4_5,
  NULL AS p4_6,
  NULL AS p5_1,
  NULL AS p5_2,
  NULL AS p5_3,
  NULL AS p5_4,
  NULL AS p5_5,
  NULL AS p5_6,
  NULL AS p6_1,
  NULL AS p6_2,
  NULL AS p6_3,
  NULL AS p6_4,
  NULL AS p6_5,
  NULL AS p6_6
FROM
  dq__part1
UNION ALL
SELECT
  2,
  NULL,
  NULL,
  dq__part2.`c1__rows`,
  dq__part2.`c1__value`,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL
FROM
  dq__part2
UNION ALL
SELECT
  3,
  NULL,
  NULL,
  NULL,
  NULL,
  dq__part3.`game_date`,
  dq__part3.`c1__rows`,
  dq__part3.`__expected_partition`,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL
FROM
  dq__part3
UNION ALL
SELECT
  4,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  dq__part4.`check_key`,
  dq__part4.`row_type`,
  dq__part4.`key_json`,
  dq__part4.`value`,
  dq__part4.`rows_evaluated`,
  dq__part4.`detail_json`,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL
FROM
  dq__part4
UNION ALL
SELECT
  5,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  dq__part5.`check_key`,
  dq__part5.`row_type`,
  dq__part5.`key_json`,
  dq__part5.`value`,
  dq__part5.`rows_evaluated`,
  dq__part5.`detail_json`,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL
FROM
  dq__part5
UNION ALL
SELECT
  6,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  dq__part6.`check_key`,
  dq__part6.`row_type`,
  dq__part6.`key_json`,
  dq__part6.`value`,
  dq__part6.`rows_evaluated`,
  dq__part6.`detail_json`
FROM
  dq__part6;

-- q2 sql: t.no_negative_points
WITH
  c1_rows AS (
    SELECT
      game_id
    FROM
      nba_analytics.player_game_summary
    WHERE
      points < 0
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS STRING) AS key_json,
  CAST(COUNT(*) AS FLOAT64) AS value,
  CAST(COUNT(*) AS INT64) AS rows_evaluated,
  CAST(NULL AS STRING) AS detail_json
FROM
  c1_rows
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    TO_JSON_STRING(`r`) AS key_json,
    CAST(NULL AS FLOAT64) AS value,
    CAST(NULL AS INT64) AS rows_evaluated,
    CAST(NULL AS STRING) AS detail_json
  FROM
    c1_rows AS r
  LIMIT
    1000
);
