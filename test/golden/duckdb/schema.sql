-- q1 schema: t.columns
WITH
  c1_columns AS (
    SELECT
      column_name,
      data_type
    FROM
      information_schema.columns
    WHERE
      table_schema = 'nba_analytics' AND table_name = 'player_game_summary'
    ORDER BY
      ordinal_position
  )
SELECT
  'c1' AS check_key,
  'group' AS row_type,
  CAST(to_json(struct_pack("column_name" := column_name, "data_type" := data_type)) AS VARCHAR) AS key_json,
  CAST(NULL AS DOUBLE) AS value,
  CAST(NULL AS BIGINT) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  c1_columns;
