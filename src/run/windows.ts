// Resolving `window: { last: N }` at the start of a run (see plan/windows.ts): the partition
// queries are dry-run, then executed. Under a target `budget`, nothing is executed before the
// whole run is priced: the partition queries plus the checks' queries on the N days up to
// --as-of (assumedWindows, what daily partitions give); over the budget, the run is refused with
// nothing executed. (run.ts prices the checks again on the resolved partitions.) A check whose
// partitions cannot be read is an error, never run against a guessed set of partitions.
import type { CheckSpec } from '../config/types.js';
import type { Engine } from '../engines/engine.js';
import type { CompileOptions } from '../plan/compile.js';
import { assumedWindows, windowPartitions, windowQueries } from '../plan/windows.js';
import { executeQueries, type ExecuteOptions, type QueryOutcome } from './execute.js';
import { BudgetExceededError, dryRunExtra, preflight, queryKey, type PreflightOptions } from './preflight.js';

export interface ResolvedWindowRun {
  /** The N newest partitions of each resolved check, by check id. */
  windows: Map<string, string[]>;
  /** Checks whose partitions could not be read, with why. */
  failed: Map<string, Error>;
  /** The partition queries as they ran. */
  outcomes: QueryOutcome[];
  /** Their dry-run bytes (by queryKey), and the sum. */
  estimates: Map<string, number>;
  totalBytes: number;
}

export async function resolveWindows(
  checks: CheckSpec[],
  stages: CheckSpec[][],
  engine: Engine,
  compileOptions: CompileOptions,
  executeOptions: ExecuteOptions & Pick<PreflightOptions, 'dryRunCache' | 'compile'>,
  budget: { target: string; bytes?: number },
): Promise<ResolvedWindowRun> {
  const queries = windowQueries(checks, compileOptions);
  const resolved: ResolvedWindowRun = { windows: new Map(), failed: new Map(), outcomes: [], estimates: new Map(), totalBytes: 0 };
  if (queries.length === 0) return resolved;
  let runnable = queries;
  if (engine.dryRun) {
    const dry = await dryRunExtra(queries, engine, executeOptions);
    // A partition query its dry run refuses is not run: its checks are errors with why.
    for (const query of queries) {
      const error = dry.rejected.get(query.id);
      if (error) for (const { id } of query.checks) resolved.failed.set(id, error);
    }
    runnable = dry.runnable;
    resolved.estimates = dry.estimates;
    resolved.totalBytes = dry.totalBytes;
    if (budget.bytes !== undefined && !executeOptions.signal?.aborted) {
      const assumed = await preflight(stages, engine, { ...compileOptions, windows: assumedWindows(checks, compileOptions) }, executeOptions);
      const total = dry.totalBytes + (assumed.totalBytes ?? 0);
      if (!assumed.interrupted && total > budget.bytes) {
        const partitions = queries.map((query) => ({ query, statementType: 'SELECT', bytesProcessed: dry.estimates.get(queryKey(query)) }));
        throw new BudgetExceededError(budget.target, total, budget.bytes, [...partitions, ...assumed.queries]);
      }
    }
  }
  if (executeOptions.signal?.aborted) return resolved;
  const byId = new Map(checks.map((c) => [c.id, c]));
  resolved.outcomes = await executeQueries(runnable, engine, executeOptions);
  for (const outcome of resolved.outcomes) {
    for (const { id } of outcome.query.checks) {
      const check = byId.get(id)!;
      if (outcome.error) {
        resolved.failed.set(id, outcome.error);
        continue;
      }
      try {
        resolved.windows.set(id, windowPartitions(check, outcome.rows));
      } catch (error) {
        resolved.failed.set(id, error as Error);
      }
    }
  }
  return resolved;
}
