-- q1 group_counts: t.key, t.key_nulls_equal
WITH
  groups_a4e9d262249a45b8 AS (
    SELECT
      "game_id",
      "player_lookup",
      COUNT(*) AS n
    FROM
      "nba_analytics"."player_game_summary"
    GROUP BY
      "game_id",
      "player_lookup"
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(
    COUNT(CASE WHEN ("game_id" IS NOT NULL AND "player_lookup" IS NOT NULL) AND (n > 1) THEN 1 END) AS DOUBLE
  ) AS value,
  CAST(SUM(CASE WHEN "game_id" IS NOT NULL AND "player_lookup" IS NOT NULL THEN n END) AS BIGINT) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  groups_a4e9d262249a45b8
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    CAST(
      to_json(struct_pack("game_id" := "game_id", "player_lookup" := "player_lookup")) AS VARCHAR
    ) AS key_json,
    CAST(n AS DOUBLE) AS value,
    CAST(n AS BIGINT) AS rows_evaluated,
    CAST(NULL AS VARCHAR) AS detail_json
  FROM
    groups_a4e9d262249a45b8
  WHERE
    ("game_id" IS NOT NULL AND "player_lookup" IS NOT NULL) AND (n > 1)
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
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(COUNT(CASE WHEN n > 1 THEN 1 END) AS DOUBLE) AS value,
  CAST(SUM(n) AS BIGINT) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  groups_a4e9d262249a45b8
UNION ALL
(
  SELECT
    'c2' AS check_key,
    'group' AS row_type,
    CAST(
      to_json(struct_pack("game_id" := "game_id", "player_lookup" := "player_lookup")) AS VARCHAR
    ) AS key_json,
    CAST(n AS DOUBLE) AS value,
    CAST(n AS BIGINT) AS rows_evaluated,
    CAST(NULL AS VARCHAR) AS detail_json
  FROM
    groups_a4e9d262249a45b8
  WHERE
    n > 1
  ORDER BY
    n DESC,
    key_json
  LIMIT
    1000
);
