// The exit code is the contract a pipeline gates on.
import type { FailOn } from '../config/types.js';
import type { RunStatus, Summary } from './report.js';

export const EXIT = {
  pass: 0,
  /** At least one check failed (or warned, with --fail-on warn). */
  failed: 1,
  /** At least one check could not be evaluated: the gate cannot be trusted. */
  error: 2,
  /** Invalid usage or configuration: nothing was sent. */
  config: 3,
  /** Interrupted (Ctrl-C / SIGTERM). */
  interrupted: 130,
} as const;

/**
 * An error outranks a failure: when some checks could not be evaluated, the failures found are
 * not the whole story, and a pipeline must not treat the list of failing partitions as complete.
 */
export function runStatus(summary: Summary, failOn: FailOn): RunStatus {
  if (summary.error > 0) return 'error';
  if (summary.fail > 0 || (failOn === 'warn' && summary.warn > 0)) return 'fail';
  return summary.warn > 0 ? 'warn' : 'pass';
}

export function exitCodeFor(status: RunStatus): number {
  return status === 'error' ? EXIT.error : status === 'fail' ? EXIT.failed : EXIT.pass;
}
