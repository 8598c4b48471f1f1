// The demo incident explains itself: usage_rate_coverage (run on its own, its upstream lifted, as
// `--no-block` will) shows the worst dates and sample rows on the console, and each sample row is
// one the warehouse holds without a usage_rate.
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/load.js';
import { renderConsole } from '../../src/reports/console.js';
import type { CheckReport, RunReport } from '../../src/run/report.js';
import { run } from '../../src/run/run.js';
import { DEMO_AS_OF, exampleProject } from './project.js';

const ID = 'player_game_summary.usage_rate_coverage';

describe('samples and worst dates on the demo incident', () => {
  let cwd: string;
  let report: RunReport;
  let check: CheckReport;
  beforeAll(async () => {
    cwd = await exampleProject(['incident']);
    const project = await loadProject({ cwd });
    const spec = project.checks.find((c) => c.id === ID)!;
    report = await run({ project, checks: [{ ...spec, dependsOn: [] }], asOf: DEMO_AS_OF });
    check = report.checks[0]!;
  });

  it('prints the worst dates and the rows without usage_rate under the FAIL line', () => {
    expect(check.status).toBe('fail');
    const text = renderConsole(report, { color: false });
    const problems = text.slice(text.indexOf('Problems'));
    expect(problems).toMatch(/\n {4}offending rows \(5 shown\):\n( {6}game_id=00\d{8}, player_lookup=[a-z]+: 1 row\n){5}/);
    expect(problems).toMatch(/\n {4}worst partitions by game_date \(coverage per partition\):\n( {6}game_date=\d{4}-\d\d-\d\d: [\d.]+% \(rows \d+\)\n){10}/);
  });

  it('names rows that really lack a usage_rate, inside the check’s filters', async () => {
    const keys = check.samples!.values.map((s) => s.key!);
    expect(check.samples!.key_columns).toEqual(['game_id', 'player_lookup']);
    expect(keys).toHaveLength(5);
    const instance = await DuckDBInstance.create(path.join(cwd, 'incident.duckdb'), { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    try {
      for (const key of keys) {
        const reader = await connection.runAndReadAll(
          `SELECT usage_rate IS NULL AS missing, minutes_played > 0 AS played, game_date >= DATE '2021-10-01' AS in_season
           FROM nba_analytics.player_game_summary WHERE game_id = $1 AND player_lookup = $2`,
          [String(key.game_id), String(key.player_lookup)],
        );
        expect(reader.getRowObjects()).toEqual([{ missing: true, played: true, in_season: true }]);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
