-- q1 schema: t.columns
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
  c1_columns;
