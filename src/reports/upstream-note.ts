// What every format prints next to a check's status when it was evaluated without its upstream
// checks passing (--no-block) or without them at all (excluded): the result is not vouched for.
import type { CheckReport, RunReport } from '../run/report.js';

/** "upstream failed: a, b · upstream not run (excluded): c"; undefined when neither applies. */
export function upstreamNote(check: CheckReport): string | undefined {
  const parts: string[] = [];
  if (check.upstream_failed?.length) parts.push(`upstream failed: ${check.upstream_failed.join(', ')}`);
  if (check.upstream_not_run?.length) parts.push(`upstream not run (excluded): ${check.upstream_not_run.join(', ')}`);
  return parts.length ? parts.join(' · ') : undefined;
}

/** The check's message with its upstream note after it. */
export function withUpstreamNote(message: string, check: CheckReport): string {
  const note = upstreamNote(check);
  return note ? `${message} · ${note}` : message;
}

/** One line per excluded upstream check: "x was not run (excluded); y, z ran without it". */
export function excludedUpstreamLines(report: RunReport): string[] {
  return (report.excluded_upstream ?? []).map(
    (e) => `${e.id} was not run (excluded); ${e.needed_by.join(', ')} ${e.needed_by.length === 1 ? 'depends' : 'depend'} on it and ran without it`,
  );
}
