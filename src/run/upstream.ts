// What a check's row says about its upstream checks (depends_on) when it was evaluated without
// them passing: an upstream check that failed (--no-block, `block: false`), or one the run
// excluded. Such a check is evaluated, but its row must say its upstream was not trusted.
import type { CheckSpec } from '../config/types.js';
import { upstreamNotRun } from '../plan/dependencies.js';
import type { CheckReport, RunReport } from './report.js';

/**
 * Sets upstream_failed / upstream_not_run on the check reports where they apply, in place: a
 * report keeps its identity (its partition values are kept by it, see partition-values.ts).
 */
export function markUpstream(checks: CheckSpec[], reports: CheckReport[]): CheckReport[] {
  const byId = new Map(reports.map((r) => [r.id, r]));
  checks.forEach((check, i) => {
    const report = reports[i]!;
    // A blocked check already says why it was not evaluated (skipped_reason).
    if (report.status === 'skipped') return;
    const failed: string[] = [];
    const notRun: string[] = [];
    for (const id of check.dependsOn ?? []) {
      const upstream = byId.get(id);
      if (!upstream) notRun.push(id);
      else if (upstream.status !== 'pass' && upstream.status !== 'warn') failed.push(id);
    }
    if (failed.length) report.upstream_failed = failed;
    if (notRun.length) report.upstream_not_run = notRun;
  });
  return reports;
}

/** The run's excluded upstream checks, with the checks that ran without them. */
export function excludedUpstream(checks: CheckSpec[]): NonNullable<RunReport['excluded_upstream']> {
  return [...upstreamNotRun(checks)].map(([id, neededBy]) => ({ id, needed_by: neededBy }));
}
