// When a table-wide check on a partitioned table fails, one more grouped query per table finds
// the partitions that pull it down most: "coverage 36.1% < 45%; worst dates 2026-01-03 12.5%, ...".
import type { EvalContext } from '../checks/types.js';
import type { CheckSpec } from '../config/types.js';
import type { Engine } from '../engines/engine.js';
import { checkTypeOf, compile, type CompileOptions, type PlannedQuery } from '../plan/compile.js';
import { sentApart } from './batches.js';
import { executeQueries, type ExecuteOptions, type QueryOutcome } from './execute.js';
import { partOutcomes } from './parts.js';
import { asFailingGroup, measureGroups, rankGroups } from './groups.js';
import type { CheckReport } from './report.js';

/** How many partitions a drill-down lists. */
export const DRILL_DOWN_GROUPS = 10;

/**
 * Failed or warned table-wide aggregate checks on a partitioned table whose per-partition value
 * means what the table-wide one means (CheckType.partitionValueDiffers).
 */
export function drillDownCandidates(checks: CheckSpec[], reports: Map<string, CheckReport>): CheckSpec[] {
  return checks.filter((check) => {
    const status = reports.get(check.id)?.status;
    const type = checkTypeOf(check);
    return (
      (status === 'fail' || status === 'warn') &&
      check.partition !== undefined &&
      !check.groupBy?.length &&
      type.kind === 'aggregate' &&
      type.partitionValueDiffers === undefined
    );
  });
}

export async function drillDown(
  candidates: CheckSpec[],
  reports: Map<string, CheckReport>,
  engine: Engine,
  compileOptions: CompileOptions,
  executeOptions: ExecuteOptions,
  ctx: EvalContext,
  /** Which of the planned queries may run (dry runs, budget); default all. */
  admit: (queries: PlannedQuery[]) => Promise<PlannedQuery[]> = async (queries) => queries,
): Promise<QueryOutcome[]> {
  if (candidates.length === 0) return [];
  // The check's own partition set: expected partitions stay, since `window: { last: N }` takes
  // the N newest of them. Expected partitions without rows are left out below: a drill-down
  // lists the partitions that pull the value down, and a missing one has no value to pull.
  const grouped = candidates.map((check) => ({ ...check, groupBy: [check.partition!] }));
  const byId = new Map(grouped.map((c) => [c.id, c]));
  const plan = compile(grouped, compileOptions);
  const admitted = await admit(plan.queries);
  // A merged statement the dry run refuses may pass as its batches (see preflight's unmerged).
  const first = (compileOptions.firstQueryNumber ?? 1) + plan.queries.length;
  const parts = sentApart(plan.queries.filter((q) => q.parts && !admitted.includes(q)), first);
  const apart = parts.length > 0 ? await admit(parts) : [];
  const outcomes = await executeQueries([...admitted, ...apart], engine, executeOptions);
  for (const outcome of outcomes.flatMap(partOutcomes)) {
    if (outcome.error) continue;
    for (const { id, key } of outcome.query.checks) {
      const check = byId.get(id)!;
      const report = reports.get(id)!;
      const measured = measureGroups(check, outcome, key, ctx).filter((g) => g.measurement !== null);
      const groups = rankGroups(measured.map(asFailingGroup), report.thresholds.fail);
      report.drill_down = { by: check.partition!, groups: groups.slice(0, DRILL_DOWN_GROUPS) };
    }
  }
  return outcomes;
}
