// The text of `dq run --dry-run` and `dq validate --dry-run`: each query's estimate, the total
// against the budget, and the checks that would not run.
import type { CheckSpec } from '../config/types.js';
import { describeError } from '../run/errors.js';
import { EXIT } from '../run/exit-code.js';
import { formatBytes } from '../run/format.js';
import { collapseRepeats } from '../reports/collapse.js';
import type { RunEstimate } from '../run/run.js';

export function renderEstimate(estimate: RunEstimate, checks: CheckSpec[]): string {
  const { target } = estimate;
  if (!estimate.dryRuns) {
    return `dry run: the ${target.engine} engine of target ${target.name} has no dry runs; nothing was checked (dq compile prints the SQL)`;
  }
  const lines = [
    `dry run on target ${target.name} (${target.engine}): ${estimate.queries.length} queries for ${checks.length} checks, ` +
      `${estimate.requests} dry runs, nothing executed`,
  ];
  const rows = estimate.queries.map((q) => [
    q.query.id,
    q.query.kind,
    q.query.table,
    q.bytesProcessed === undefined ? '-' : formatBytes(q.bytesProcessed),
    q.bytesProcessed === undefined ? '' : String(q.bytesProcessed),
    q.query.checks.map((c) => c.id).join(', '),
  ]);
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(0, ...rows.map((r) => r[i]!.length)));
  for (const r of rows) {
    lines.push(`  ${r.slice(0, 3).map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}  ${r[3]!.padStart(widths[3]!)}  ${r[4]!.padStart(widths[4]!)}  ${r[5]}`);
  }
  if (estimate.failed.length > 0) {
    lines.push(`${estimate.failed.length} check${estimate.failed.length === 1 ? '' : 's'} would not run:`);
    // Checks that met the same error (offline: the same ENOTFOUND for every query) share one line.
    const problems = estimate.failed.map(({ check, error }) => ({ subject: check.id, message: describeError(error) }));
    for (const line of collapseRepeats(problems)) lines.push(`  ${line}`);
  }
  if (estimate.totalBytes !== undefined) {
    const budget =
      estimate.budget === undefined
        ? 'no budget set'
        : `budget ${formatBytes(estimate.budget)}${estimate.totalBytes > estimate.budget ? ': OVER BUDGET, a run would be refused' : ''}`;
    lines.push(`total: ${formatBytes(estimate.totalBytes)} estimated (${estimate.totalBytes} bytes); ${budget}`);
  }
  if (estimate.interrupted) lines.push('interrupted before every query was dry-run');
  return lines.join('\n');
}

/** 0 when every query passed its dry run within the budget; 2 otherwise (the run could not be trusted). */
export function estimateExitCode(estimate: RunEstimate): number {
  if (estimate.interrupted) return EXIT.interrupted;
  const over = estimate.budget !== undefined && estimate.totalBytes !== undefined && estimate.totalBytes > estimate.budget;
  return estimate.failed.length > 0 || over ? EXIT.error : EXIT.pass;
}
