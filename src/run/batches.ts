// A table's merged statement (plan/merge.ts) sent as its batches instead: when its dry run refuses
// it while each batch passes (preflight), when it fails or bills over the job's limit (the run's
// isolation), or when a drill-down's statement is not admitted whole. Each batch is then a query
// of its own: its own outcome and its own line in a dry run's report, so all are numbered again.
import { withId, type PlannedQuery } from '../plan/compile.js';

/**
 * The queries sent for `statements`, in their order: each merged statement `apart` picks (default
 * all) as its batches, everything else whole; numbered q<first>, q<first + 1>, ...
 */
export function sentApart(
  statements: readonly PlannedQuery[],
  first: number,
  apart: (statement: PlannedQuery) => boolean = () => true,
): PlannedQuery[] {
  return statements.flatMap((s) => (s.parts && apart(s) ? s.parts : [s])).map((q, i) => withId(q, `q${first + i}`));
}
