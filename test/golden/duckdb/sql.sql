-- q1 sql: t.self_games
WITH
  c1_rows AS (
    SELECT
      game_id
    FROM
      nba_raw.nbac_schedule
    WHERE
      home_team_abbr = away_team_abbr
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(COUNT(*) AS DOUBLE) AS value,
  CAST(COUNT(*) AS BIGINT) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  c1_rows
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    CAST(to_json("r") AS VARCHAR) AS key_json,
    CAST(NULL AS DOUBLE) AS value,
    CAST(NULL AS BIGINT) AS rows_evaluated,
    CAST(NULL AS VARCHAR) AS detail_json
  FROM
    c1_rows AS r
  LIMIT
    1000
);
