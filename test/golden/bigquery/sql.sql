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
