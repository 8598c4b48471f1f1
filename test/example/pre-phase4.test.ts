// Issue: the example project's gate on the demo warehouse, in both scenarios.
import { beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT } from '../../src/demo/incident.js';
import type { RunReport } from '../../src/run/report.js';
import { byId, runProject } from '../e2e/run-project.js';
import { DEMO_AS_OF, exampleProject } from './project.js';

describe('pre_phase4 on the demo warehouse', () => {
  let incident: RunReport;
  let healthy: RunReport;
  beforeAll(async () => {
    const cwd = await exampleProject();
    incident = await runProject(cwd, { suite: 'pre_phase4', target: 'incident', asOf: DEMO_AS_OF });
    healthy = await runProject(cwd, { suite: 'pre_phase4', target: 'healthy', asOf: DEMO_AS_OF });
  });

  it('closes the gate on the incident (exit 1), naming 2026-01-03 among the failing partitions', () => {
    expect(incident.exit_code).toBe(1);
    const team = incident.failing_partitions['nba_analytics.team_offense_game_summary'];
    expect(team).toContain('2026-01-03');
    const reconcile = byId(incident, 'team_offense_game_summary.reconcile_schedule');
    expect(reconcile.status).toBe('fail');
    expect(reconcile.failing_groups.find((g) => g.key.game_date === '2026-01-03')).toMatchObject({
      details: { expected: 16, actual: 2 },
    });
  });

  it('skips the downstream player checks instead of trusting them (upstream first)', () => {
    const player = incident.checks.filter((c) => c.table === 'nba_analytics.player_game_summary');
    expect(player.length).toBeGreaterThan(0);
    for (const check of player) {
      expect(check.status).toBe('skipped');
      expect(check.skipped_reason).toMatch(/^blocked by team_offense_game_summary\./);
    }
    // Skipped checks are not sent: no query answers them.
    const sent = new Set(incident.queries.flatMap((q) => q.check_ids));
    for (const check of player) expect(sent.has(check.id)).toBe(false);
  });

  it('opens the gate on the healthy warehouse (exit 0), with usage_rate coverage 47-48%', () => {
    expect(healthy.exit_code).toBe(0);
    expect(healthy.summary.fail + healthy.summary.error + healthy.summary.skipped).toBe(0);
    const coverage = byId(healthy, 'player_game_summary.usage_rate_coverage').metric.value as number;
    expect(coverage).toBeGreaterThanOrEqual(0.47);
    expect(coverage).toBeLessThan(0.48);
  });

  it('reconciles exactly the damaged dates of the incident', () => {
    const reconcile = byId(incident, 'team_offense_game_summary.reconcile_schedule');
    const damaged = [...INCIDENT.partialDates.map((d) => d.date), INCIDENT.missingDate].sort();
    expect(reconcile.failing_group_count).toBe(damaged.length);
    expect(reconcile.failing_groups.map((g) => g.key.game_date).sort()).toEqual(damaged);
    for (const d of INCIDENT.partialDates) {
      const group = reconcile.failing_groups.find((g) => g.key.game_date === d.date)!;
      expect(group.details).toMatchObject({ expected: d.expected, actual: d.kept });
    }
    expect(reconcile.failing_groups.find((g) => g.key.game_date === INCIDENT.missingDate)).toMatchObject({
      reason: 'missing',
      details: { actual: 0 },
    });
  });
});
