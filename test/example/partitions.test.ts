// Partition-aware validation on the demo warehouse in the incident scenario: per-date checks,
// missing partitions, backfill ranges, the failing-partitions file, volume, drill-down.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT } from '../../src/demo/incident.js';
import { dq } from '../e2e/cli.js';
import { byId, runProject } from '../e2e/run-project.js';
import { DEMO_AS_OF, exampleProject } from './project.js';

const PER_DATE = `table: nba_analytics.player_game_summary
partition: game_date
where: minutes_played > 0
checks:
  - name: coverage_by_date
    coverage: { column: usage_rate, min: 20% }
    group_by: game_date
    expected_partitions: { table: nba_raw.nbac_schedule, column: game_date, where: game_status = 3 }
  - name: rows_by_date
    row_count: 100
    group_by: game_date
`;

describe('partitions on the incident', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await exampleProject(['incident', 'healthy']);
    writeFileSync(path.join(cwd, 'checks', 'per_date.yaml'), PER_DATE);
  });

  it('fails a per-date check for an expected date whose rows were deleted entirely, as "missing"', async () => {
    const report = await runProject(cwd, { select: ['per_date.coverage_by_date'], range: { from: '2025-11-15', to: '2025-11-25' }, asOf: DEMO_AS_OF });
    const check = byId(report, 'per_date.coverage_by_date');
    expect(check.status).toBe('fail');
    expect(check.failing_groups[0]).toEqual({ key: { game_date: INCIDENT.missingDate }, value: null, rows: 0, reason: 'missing' });
    expect(check.failing_groups.filter((g) => g.reason === 'missing')).toHaveLength(1);
    expect(report.failing_partitions['nba_analytics.player_game_summary']).toContain(INCIDENT.missingDate);
  });

  it('costs one query per table and grouping, not one per check', async () => {
    const report = await runProject(cwd, { select: ['file:per_date'], range: { from: '2025-11-15', to: '2025-11-25' }, asOf: DEMO_AS_OF });
    // coverage_by_date joins expected partitions, rows_by_date does not: two groupings.
    expect(report.queries.filter((q) => q.purpose === 'check').map((q) => q.check_ids)).toEqual([
      ['per_date.coverage_by_date'],
      ['per_date.rows_by_date'],
    ]);
    const rows = byId(report, 'per_date.rows_by_date');
    expect(rows.failing_groups.map((g) => g.key.game_date)).not.toContain(INCIDENT.missingDate);
  });

  it('writes exactly the damaged dates to the failing-partitions file', async () => {
    const file = path.join(cwd, 'failing.txt');
    const result = await dq(cwd, ['run', '--select', 'team_offense_game_summary.reconcile_schedule', '--as-of', DEMO_AS_OF, '--failing-partitions', file, '--format', 'json']);
    expect(result.code).toBe(1);
    const damaged = [...INCIDENT.partialDates.map((d) => d.date), INCIDENT.missingDate].sort();
    expect(readFileSync(file, 'utf8')).toBe(damaged.map((d) => `nba_analytics.team_offense_game_summary ${d}\n`).join(''));
  });

  it('passes a healthy range with --from/--to, sending the partition predicate', async () => {
    const compiled = await dq(cwd, ['compile', 'pre_phase4', '--as-of', DEMO_AS_OF, '--from', '2026-01-01', '--to', '2026-01-02']);
    expect(compiled.code).toBe(0);
    expect(compiled.stdout).toMatch(/^-- \d+ queries for 8 checks \(duckdb\), in 2 stages/);
    expect(compiled.stdout).toContain(`"game_date" >= DATE '2026-01-01'`);
    const ranged = await dq(cwd, ['run', 'pre_phase4', '--as-of', DEMO_AS_OF, '--from', '2026-01-01', '--to', '2026-01-02', '--format', 'json', '--out', path.join(cwd, 'ranged')]);
    expect(ranged.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(cwd, 'ranged', 'report.json'), 'utf8'));
    const teamQueries = report.queries.filter((q: { table: string }) => q.table === 'nba_analytics.team_offense_game_summary');
    expect(teamQueries.length).toBeGreaterThan(0);
    for (const q of teamQueries) {
      expect(q.sql).toContain(`"game_date" >= DATE '2026-01-01'`);
      expect(q.sql).toContain(`"game_date" <= DATE '2026-01-02'`);
    }
  });

  it('refuses --from/--to for a reconcile whose expected side cannot follow the range: exit 3, nothing sent', async () => {
    writeFileSync(
      path.join(cwd, 'checks', 'per_game.yaml'),
      `table: nba_analytics.team_offense_game_summary
partition: game_date
checks:
  - name: teams_per_game
    reconcile: { by: game_id, expected: { table: nba_raw.nbac_schedule, value: '2', where: game_status = 3 } }
`,
    );
    const args = ['run', '--select', 'per_game.teams_per_game', '--as-of', DEMO_AS_OF, '--from', '2026-01-01', '--to', '2026-01-02', '--format', 'json', '--out', path.join(cwd, 'per_game')];
    const refused = await dq(cwd, args);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('checks/per_game.yaml:4:5: --from/--to: per_game.teams_per_game cannot be limited to the range');
    expect(refused.stderr).toContain('set expected.partition');
    // Naming the schedule's date column limits both sides: the two healthy dates pass.
    writeFileSync(
      path.join(cwd, 'checks', 'per_game.yaml'),
      readFileSync(path.join(cwd, 'checks', 'per_game.yaml'), 'utf8').replace('where: game_status = 3', 'where: game_status = 3, partition: game_date'),
    );
    expect((await dq(cwd, args)).code).toBe(0);
  });

  it('the volume check flags the partial dates without a reference table', async () => {
    const flaggedOn = async (target: string) => {
      const report = await runProject(cwd, { select: ['team_offense_game_summary.daily_volume'], target, asOf: DEMO_AS_OF });
      return byId(report, 'team_offense_game_summary.daily_volume').failing_groups.map((g) => g.key.game_date as string);
    };
    const incident = await flaggedOn('incident');
    const healthy = await flaggedOn('healthy');
    // 2025-12-31 kept 7 of 14 rows: 54% of the 13-row median before it, so a 50% rule cannot
    // flag it without flagging ordinary light days; reconcile_schedule catches it exactly.
    expect(incident).toEqual(expect.arrayContaining(['2026-01-03', '2025-12-26']));
    expect(incident).not.toContain('2025-12-31');
    // Anything else it flags is damaged too, or a light day it also flags on healthy data
    // (a season's opening night against the end of the previous season).
    const damaged = new Set([...INCIDENT.partialDates.map((d) => d.date), ...healthy]);
    expect(incident.filter((d) => !damaged.has(d))).toEqual([]);
  });

  it('the volume check judges a backfill range against the dates before it', async () => {
    const report = await runProject(cwd, {
      select: ['team_offense_game_summary.daily_volume'],
      target: 'incident',
      asOf: DEMO_AS_OF,
      range: { from: '2026-01-01', to: '2026-01-03' },
    });
    const volume = byId(report, 'team_offense_game_summary.daily_volume');
    expect(volume.rows_evaluated).toBe(3);
    expect(volume.failing_groups.map((g) => g.key.game_date)).toEqual(['2026-01-03']);
  });

  it('drills into the dates that pull a failing table-wide check down most', async () => {
    const report = await runProject(cwd, { select: ['player_game_summary.usage_rate_coverage'], target: 'incident', asOf: DEMO_AS_OF });
    // Its upstream checks fail, so it is skipped; run it alone by lifting the dependency.
    expect(byId(report, 'player_game_summary.usage_rate_coverage').status).toBe('skipped');
    const project = await import('../../src/config/load.js').then((m) => m.loadProject({ cwd }));
    const check = project.checks.find((c) => c.id === 'player_game_summary.usage_rate_coverage')!;
    const { run } = await import('../../src/run/run.js');
    const alone = await run({ project, checks: [{ ...check, dependsOn: [] }], asOf: DEMO_AS_OF });
    const coverage = alone.checks[0];
    expect(coverage.status).toBe('fail');
    expect(coverage.message).toMatch(/^coverage 36\.\d%, expected ≥ 45%/);
    expect(coverage.drill_down?.by).toBe('game_date');
    const worst = coverage.drill_down!.groups;
    expect(worst).toHaveLength(10);
    expect(worst[0].value as number).toBeLessThan(0.15);
    // Then the samples of its rows without usage_rate (the file declares key:).
    expect(alone.queries.map((q) => q.purpose)).toEqual(['check', 'drill_down', 'samples']);
  });

  it("drills into the same partitions as the check: a window's newest expected dates", async () => {
    // The newest three completed-game dates up to 2025-11-20 are 11-18, 11-19 (the date the
    // incident lost entirely) and 11-20; the table's own newest dates are in January.
    writeFileSync(
      path.join(cwd, 'checks', 'recent_team.yaml'),
      `table: nba_analytics.team_offense_game_summary
partition: game_date
expected_partitions: { table: nba_raw.nbac_schedule, column: game_date, where: "game_status = 3 AND game_date <= DATE '2025-11-20'" }
checks:
  - name: recent_rows
    row_count: { min: 100000 }
    window: { last: 3 }
`,
    );
    expect(INCIDENT.missingDate).toBe('2025-11-19');
    const report = await runProject(cwd, { select: ['recent_team.recent_rows'], target: 'incident', asOf: DEMO_AS_OF });
    const check = byId(report, 'recent_team.recent_rows');
    expect(check.status).toBe('fail');
    // A drill-down lists the partitions that pull the value down: the missing date has no value.
    const drilled = check.drill_down!.groups;
    expect(drilled.map((g) => String(g.key.game_date)).sort()).toEqual(['2025-11-18', '2025-11-20']);
    expect(drilled.reduce((sum, g) => sum + (g.value ?? 0), 0)).toBe(check.metric.value);
  });
});
