-- q1 relationships: t.games_exist
WITH
  c1_values AS (
    SELECT
      "game_id" AS v
    FROM
      "nba_analytics"."player_game_summary"
    WHERE
      "game_id" IS NOT NULL
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
          "game_id" AS v
        FROM
          "nba_raw"."nbac_schedule"
      ) AS p ON s.v = p.v
    WHERE
      p.v IS NULL
    GROUP BY
      s.v
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(
    (
      SELECT
        COALESCE(SUM(n), 0)
      FROM
        c1_missing
    ) AS DOUBLE
  ) AS value,
  CAST(
    (
      SELECT
        COUNT(*)
      FROM
        c1_values
    ) AS BIGINT
  ) AS rows_evaluated,
  CAST(to_json(struct_pack("missing_values" := (
    SELECT
      COUNT(*)
    FROM
      c1_missing
  ))) AS VARCHAR) AS detail_json
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    CAST(to_json(struct_pack("game_id" := v)) AS VARCHAR) AS key_json,
    CAST(n AS DOUBLE) AS value,
    CAST(n AS BIGINT) AS rows_evaluated,
    CAST(NULL AS VARCHAR) AS detail_json
  FROM
    c1_missing
  ORDER BY
    n DESC,
    key_json
  LIMIT
    1000
);

-- q2 relationships: t.home_games_exist
WITH
  c1_values AS (
    SELECT
      "game_id" AS v0,
      "team_abbr" AS v1,
      "opponent_team_abbr" AS v2
    FROM
      "nba_analytics"."team_offense_game_summary"
    WHERE
      (team_abbr = 'BOS')
      AND ("game_id" IS NOT NULL)
      AND ("team_abbr" IS NOT NULL)
      AND ("opponent_team_abbr" IS NOT NULL)
  ),
  c1_missing AS (
    SELECT
      s.v0,
      s.v1,
      s.v2,
      COUNT(*) AS n
    FROM
      c1_values AS s
    LEFT JOIN
      (
        SELECT DISTINCT
          "game_id" AS v0,
          "home_team_abbr" AS v1,
          "away_team_abbr" AS v2
        FROM
          "nba_raw"."nbac_schedule"
      ) AS p ON s.v0 = p.v0
      AND s.v1 = p.v1
      AND s.v2 = p.v2
    WHERE
      p.v0 IS NULL
    GROUP BY
      s.v0,
      s.v1,
      s.v2
  )
SELECT
  'c1' AS check_key,
  'summary' AS row_type,
  CAST(NULL AS VARCHAR) AS key_json,
  CAST(
    (
      SELECT
        COALESCE(SUM(n), 0)
      FROM
        c1_missing
    ) AS DOUBLE
  ) AS value,
  CAST(
    (
      SELECT
        COUNT(*)
      FROM
        c1_values
    ) AS BIGINT
  ) AS rows_evaluated,
  CAST(to_json(struct_pack("missing_values" := (
    SELECT
      COUNT(*)
    FROM
      c1_missing
  ))) AS VARCHAR) AS detail_json
UNION ALL
(
  SELECT
    'c1' AS check_key,
    'group' AS row_type,
    CAST(
      to_json(struct_pack("game_id" := v0, "team_abbr" := v1, "opponent_team_abbr" := v2)) AS VARCHAR
    ) AS key_json,
    CAST(n AS DOUBLE) AS value,
    CAST(n AS BIGINT) AS rows_evaluated,
    CAST(NULL AS VARCHAR) AS detail_json
  FROM
    c1_missing
  ORDER BY
    n DESC,
    key_json
  LIMIT
    1000
);
