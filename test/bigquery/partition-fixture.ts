// The rows of the partition-type tests (partition-types.test.ts, and live.test.ts on real
// BigQuery), as DuckDB SQL: one table per day type, the same New York days in each.
// New York days 2026-01-01..10, 12 rows a day at 01:30, 03:30, ..., 23:30 New York time;
// 2026-01-06 has no rows, 2026-01-08 no usage, 2026-01-10 only 3 rows (01:30 to 05:30).
export const ROWS = `
CREATE SCHEMA ds;
CREATE TEMP TABLE base AS
SELECT DATE '2026-01-01' + CAST(d AS INTEGER) AS day,
       CAST(DATE '2026-01-01' + CAST(d AS INTEGER) AS TIMESTAMP) + INTERVAL (2 * i + 1) HOUR + INTERVAL 30 MINUTE AS civil,
       CASE WHEN d = 7 THEN NULL ELSE 10.0 + i END AS usage, i % 3 + 1 AS status, 'c' || (i % 4) AS code
FROM range(0, 10) a(d), range(0, 12) b(i)
WHERE d <> 5 AND NOT (d = 9 AND i >= 3);
CREATE TABLE ds.ev_date AS SELECT day, usage, status, code FROM base;
CREATE TABLE ds.ev_ts AS SELECT timezone('America/New_York', civil) AS ts, usage, status, code FROM base;
CREATE TABLE ds.ev_dt AS SELECT civil AS dt, usage, status, code FROM base;
`;

/**
 * ds.ev_ts of ROWS as BigQuery DDL: partitioned by DATE(ts) (BigQuery's partitions are UTC
 * days), with require_partition_filter. For the live test's scratch dataset.
 */
export function timestampTableDdl(table: string): string {
  return `CREATE TABLE ${table} (ts TIMESTAMP, usage NUMERIC, status INT64, code STRING)
PARTITION BY DATE(ts) OPTIONS (require_partition_filter = TRUE) AS
SELECT TIMESTAMP(DATETIME_ADD(DATETIME(DATE_ADD(DATE '2026-01-01', INTERVAL d DAY)), INTERVAL (2 * i + 1) * 60 + 30 MINUTE), 'America/New_York') AS ts,
       IF(d = 7, NULL, CAST(10 + i AS NUMERIC)) AS usage, MOD(i, 3) + 1 AS status, CONCAT('c', CAST(MOD(i, 4) AS STRING)) AS code
FROM UNNEST(GENERATE_ARRAY(0, 9)) AS d, UNNEST(GENERATE_ARRAY(0, 11)) AS i
WHERE d <> 5 AND NOT (d = 9 AND i >= 3)`;
}
