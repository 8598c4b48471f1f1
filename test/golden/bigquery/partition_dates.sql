-- q1 table: t.today, t.recent
-- @text_as_of STRING "2026-01-04"
-- @window_start_3d DATE "2026-01-02"
-- @as_of DATE "2026-01-04"
WITH
  dq__part1 AS (
    SELECT
      COUNTIF(game_date = @text_as_of AND season <> 'x2026-01-04') AS c1__rows
    FROM
      `nba-props-platform`.`nba_analytics`.`player_game_summary`
  ),
  dq__part2 AS (
    WITH
      actual AS (
        SELECT
          `game_date` AS `game_date`,
          COUNT(*) AS c1__rows,
          COUNTIF(`usage_rate` IS NOT NULL) AS c1__pass
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
  )
SELECT
  1 AS dq_part,
  dq__part1.`c1__rows` AS p1_1,
  NULL AS p2_1,
  NULL AS p2_2,
  NULL AS p2_3,
  NULL AS p2_4
FROM
  dq__part1
UNION ALL
SELECT
  2,
  NULL,
  dq__part2.`game_date`,
  dq__part2.`c1__rows`,
  dq__part2.`c1__pass`,
  dq__part2.`__expected_partition`
FROM
  dq__part2;

-- q2 aggregate: t.last_games
-- @var_final_status INT64 3
-- @as_of DATE "2026-01-04"
SELECT
  COUNT(*) AS c1__rows,
  COUNTIF(`points` IS NOT NULL) AS c1__pass
FROM
  `nba-props-platform`.`nba_analytics`.`team_offense_game_summary`
WHERE
  `game_date` IN (
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
              `nba-props-platform`.`nba_raw`.`nbac_schedule`
            WHERE
              (game_status = @var_final_status) AND (`game_date` <= @as_of)
          ) AS partitions
        ORDER BY
          __expected_partition DESC
        LIMIT
          2
      ) AS recent
  );
