// The constructs the example project does not use — calendar expected partitions
// (GENERATE_DATE_ARRAY), windows in days, --from/--to, {{ as_of }} — give the same verdicts on
// BigQuery (through the real client and the local server) as on DuckDB, on the same data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../support/bigquery-server/index.js';
import { verdicts } from './support.js';
import { twoEngineProject, type TwoEngineProject } from './two-engines.js';

let project: TwoEngineProject;

// 2026-01-01..10 with 2026-01-06 missing; 2026-01-08 has no usage_rate at all.
const DATA = `
CREATE SCHEMA ds;
CREATE TABLE ds.games AS
SELECT DATE '2026-01-01' + CAST(d AS INTEGER) AS game_date, i AS player,
       CASE WHEN d = 7 THEN NULL ELSE 10.0 + i END AS usage_rate, (i * 7 + d) % 30 AS points
FROM range(0, 10) a(d), range(0, 12) b(i)
WHERE d <> 5 AND NOT (d = 9 AND i >= 3);
`;

const CHECKS = `table: ds.games
partition: game_date
checks:
  - name: calendar_coverage
    coverage: { column: usage_rate, min: 90% }
    group_by: game_date
    window: 5 days
    expected_partitions: { calendar: daily }
  - name: all_days_rows
    rows_per_group: { by: game_date, min: 10 }
  - name: volume
    volume: { by: game_date, lookback: 3, min_ratio: 50% }
  - name: today_points
    metric: { expression: avg(points), max: 100 }
    where: "game_date = {{ as_of }}"
  - name: coverage_all
    coverage: { column: usage_rate, min: 95% }
`;

beforeAll(async () => {
  project = await twoEngineProject({ data: DATA, configLines: 'timezone: UTC\n', files: { 'checks/games.yaml': CHECKS }, pageSize: 3 });
});

afterAll(async () => {
  await project?.close();
});

describe('BigQuery and DuckDB agree', () => {
  for (const range of [{}, { from: '2026-01-03', to: '2026-01-09' }]) {
    it(`on calendars, windows, volume and {{ as_of }}${range.from ? ' within --from/--to' : ''}`, async () => {
      const { local, prod } = await project.runBoth('all', { asOf: '2026-01-10', range });
      expect(verdicts(prod)).toEqual(verdicts(local));
      // The data is built to fail: the missing and uncovered days show up on both engines.
      expect(local.checks.find((c) => c.name === 'calendar_coverage')!.failing_groups.map((g) => g.key.game_date)).toEqual(
        expect.arrayContaining(['2026-01-06', '2026-01-08']),
      );
      expect(local.checks.find((c) => c.name === 'coverage_all')!.drill_down).toBeDefined();
    });
  }
});

describe('translation rules added for the compiler', () => {
  it('GENERATE_DATE_ARRAY, PERCENTILE_CONT ... OVER (), FROM UNNEST(...) AS x', () => {
    expect(translate('SELECT d FROM UNNEST(GENERATE_DATE_ARRAY(@a, DATE \'2026-01-03\')) AS d', {
      queryParameters: [{ name: 'a', parameterType: { type: 'DATE' }, parameterValue: { value: '2026-01-01' } }],
    }).sql).toBe(
      `SELECT d FROM UNNEST(CAST(generate_series(CAST(DATE '2026-01-01' AS DATE), CAST(DATE '2026-01-03' AS DATE), INTERVAL (1) DAY) AS DATE[])) AS "__unnest_d"("d")`,
    );
    expect(translate('SELECT (SELECT PERCENTILE_CONT(x, 0.5) OVER () FROM UNNEST(h) x LIMIT 1) AS m FROM t').sql).toBe(
      'SELECT (SELECT quantile_cont(x, 0.5) OVER () FROM UNNEST(h) AS "__unnest_x"("x") LIMIT 1) AS m FROM t',
    );
  });
});
