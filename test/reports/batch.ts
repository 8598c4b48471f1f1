// A run report with `n` failing checks batched into one aggregate query, as one large check file
// on one table gives: the query's SQL has a line per check, so it grows with the checks too.
// Used by the report-size tests and to measure report sizes:
//   npx tsx test/reports/batch.ts 2000   (prints each format's size in bytes)
import { fileURLToPath } from 'node:url';
import { renderers } from '../../src/reports/formats.js';
import type { CheckReport, RunReport } from '../../src/run/report.js';
import { loadFixture } from './helpers.js';

const TABLE = 'nba_analytics.player_game_summary';

/** The batched SQL for `n` checks; `marker` is a string that occurs in it once and nowhere else. */
export function batchedSql(n: number, marker: string): string {
  const columns = Array.from(
    { length: n },
    (_, i) => `  COUNT(CASE WHEN NOT ("metric_${i}" BETWEEN 0 AND 100) THEN 1 END) AS "c${i}__fail",\n  COUNT("metric_${i}") AS "c${i}__rows"`,
  );
  return `SELECT -- ${marker}\n${columns.join(',\n')}\nFROM "nba_analytics"."player_game_summary"\nWHERE "game_date" = DATE '2026-01-03'`;
}

export function batchReport(n: number, marker = 'batched-sql-marker'): RunReport {
  const base = loadFixture('incident');
  const checks: CheckReport[] = Array.from({ length: n }, (_, i) => ({
    id: `player_game_summary.metric_${i}_range`,
    name: `metric_${i}_range`,
    file: 'checks/player_game_summary.yaml',
    table: TABLE,
    type: 'accepted_range',
    status: 'fail',
    severity: 'error',
    tags: [],
    message: `metric_${i} outside [0, 100] in 12 rows > 0`,
    metric: { name: 'outside', value: 12, unit: 'count' },
    thresholds: { fail: { max: 0 } },
    rows_evaluated: 208,
    failing_groups: [],
    failing_group_count: 0,
    query_id: 'q1',
    duration_ms: 950,
  }));
  return {
    ...base,
    status: 'fail',
    exit_code: 1,
    summary: { total: n, pass: 0, warn: 0, fail: n, error: 0, skipped: 0 },
    queries: [
      { id: 'q1', kind: 'aggregate', table: TABLE, sql: batchedSql(n, marker), check_ids: checks.map((c) => c.id), duration_ms: 950, rows: 1, status: 'ok' },
    ],
    checks,
    failing_partitions: {},
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 2000);
  const report = batchReport(n);
  console.log(`${n} failing checks in one batch; SQL ${Buffer.byteLength(report.queries[0]!.sql)} bytes`);
  for (const render of Object.values(renderers)) {
    const { file, content } = render(report);
    console.log(`${file.padEnd(12)} ${Buffer.byteLength(content).toLocaleString('en-US').padStart(14)} bytes`);
  }
}
