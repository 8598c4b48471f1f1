-- q1 group_counts: t.players_per_team
WITH
  groups_1b0a2e3ac0e5f244 AS (
    SELECT
      "game_id",
      "team_abbr",
      COUNT(*) AS n
    FROM
      "nba_analytics"."player_game_summary"
    GROUP BY
      "game_id",
      "team_abbr"
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(COUNT(CASE WHEN n < 5 THEN 1 END) AS DOUBLE) AS value,
  CAST(SUM(n) AS BIGINT) AS rows_evaluated,
  CAST(NULL AS VARCHAR) AS detail_json
FROM
  groups_1b0a2e3ac0e5f244
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    CAST(to_json(struct_pack("game_id" := "game_id", "team_abbr" := "team_abbr")) AS VARCHAR) AS key_json,
    CAST(n AS DOUBLE) AS value,
    CAST(n AS BIGINT) AS rows_evaluated,
    CAST(NULL AS VARCHAR) AS detail_json
  FROM
    groups_1b0a2e3ac0e5f244
  WHERE
    n < 5
  ORDER BY
    n ASC,
    key_json
  LIMIT
    1000
);
