// What a check's row says about its upstream checks (depends_on) when it was evaluated without
// them passing: an upstream check that failed (--no-block, `block: false`), or one the run
// excluded. Such a check is evaluated, but its row must say its upstream was not trusted.
import type { CheckSpec } from '../config/types.js';
import { upstreamNotRun } from '../plan/dependencies.js';
import type { CheckReport, RunReport } from './report.js';

/** The check reports with upstream_failed / upstream_not_run set where they apply. */
export function markUpstream(checks: CheckSpec[], reports: CheckReport[]): CheckReport[] {
  const byId = new Map(reports.map((r) => [r.id, r]));
  return checks.map((check, i) => {
    const report = reports[i]!;
    // A blocked check already says why it was not evaluated (skipped_reason).
    if (report.status === 'skipped') return report;
    const failed: string[] = [];
    const notRun: string[] = [];
    for (const id of check.dependsOn ?? []) {
      const upstream = byId.get(id);
      if (!upstream) notRun.push(id);
      else if (upstream.status !== 'pass' && upstream.status !== 'warn') failed.push(id);
    }
    return {
      ...report,
      ...(failed.length ? { upstream_failed: failed } : {}),
      ...(notRun.length ? { upstream_not_run: notRun } : {}),
    };
  });
}

/** The run's excluded upstream checks, with the checks that ran without them. */
export function excludedUpstream(checks: CheckSpec[]): NonNullable<RunReport['excluded_upstream']> {
  return [...upstreamNotRun(checks)].map(([id, neededBy]) => ({ id, needed_by: neededBy }));
}
