-- q1 aggregate: t.today
SELECT
  COUNT(CASE WHEN game_date = '2026-01-04' AND season <> 'x2026-01-04' THEN 1 END) AS c1__rows
FROM
  "nba_analytics"."player_game_summary";

-- q2 aggregate: t.recent
WITH
  actual AS (
    SELECT
      "game_date" AS "game_date",
      COUNT(*) AS c1__rows,
      COUNT(CASE WHEN "usage_rate" IS NOT NULL THEN 1 END) AS c1__pass
    FROM
      "nba_analytics"."player_game_summary"
    WHERE
      "game_date" BETWEEN DATE '2026-01-02' AND DATE '2026-01-04'
    GROUP BY
      "game_date"
  ),
  expected AS (
    SELECT
      CAST(d AS DATE) AS "__expected_partition"
    FROM
      (
        SELECT
          unnest(
            generate_series(
              CAST(DATE '2026-01-02' AS TIMESTAMP),
              CAST(DATE '2026-01-04' AS TIMESTAMP),
              INTERVAL 1 DAY
            )
          ) AS d
      )
  )
SELECT
  actual.*,
  expected.__expected_partition
FROM
  actual
FULL OUTER JOIN
  expected ON actual."game_date" = expected.__expected_partition;

-- q3 aggregate: t.last_games
SELECT
  COUNT(*) AS c1__rows,
  COUNT(CASE WHEN "points" IS NOT NULL THEN 1 END) AS c1__pass
FROM
  "nba_analytics"."team_offense_game_summary"
WHERE
  "game_date" IN (
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
              "nba_raw"."nbac_schedule"
            WHERE
              (game_status = 3) AND ("game_date" <= DATE '2026-01-04')
          ) AS partitions
        ORDER BY
          __expected_partition DESC
        LIMIT
          2
      ) AS recent
  );
