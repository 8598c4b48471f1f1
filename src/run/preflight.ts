// Before a run sends any query, every query of its plan is dry-run (engines with dryRun: BigQuery
// estimates bytes and names the statement type; DuckDB parses and binds). Nothing executes here.
//
//   - A query whose statement type is not SELECT, or that the engine rejects (unknown column,
//     missing table), is taken apart: each of its checks is dry-run alone. A check that fails
//     alone is not run at all; it becomes an `error` with the engine's message, or, when its own
//     SQL is not a query, "refused: statement type DELETE; dqgate only runs SELECT" (a `sql`
//     check's query is dry-run by itself to name its type). The others are planned again.
//   - The bytes of the final plan add up to the run's estimate, which the target's `budget` caps.
//
// The plan is every dependency stage as if no check were blocked, so the estimate is an upper
// bound of what the stages will send; drill-down queries come later and are dry-run then.
import { formatBytes } from './format.js';
import type { CheckSpec } from '../config/types.js';
import { ALLOWED_STATEMENT_TYPE, refusedStatement, type DryRunResult, type Engine, type QueryParameter } from '../engines/engine.js';
import { compile as compilePlan, userStatement, type CompileOptions, type PlannedQuery } from '../plan/compile.js';
import { sentApart } from './batches.js';
import { interrupted, mapLimit, unlessAborted } from './execute.js';
import type { CompileFn } from './plans.js';

export interface EstimatedQuery {
  query: PlannedQuery;
  /** Undefined where the engine cannot say (DuckDB). */
  bytesProcessed?: number;
  statementType: string;
}

export interface PreflightResult {
  /** The queries the stages will send (nothing blocked), with their dry-run results. */
  queries: EstimatedQuery[];
  /** Checks that will not be run, with why (refused statement, or the engine's own error). */
  failed: Map<string, Error>;
  /** Sum of the queries' bytes; undefined when the engine estimates no bytes. */
  totalBytes?: number;
  /** Dry runs sent. */
  dryRuns: number;
  /** The signal was aborted before the dry runs were done. */
  interrupted: boolean;
  /** Merged statements (by queryKey) refused as a whole while each batch passed: the run sends their batches instead. */
  apart: Set<string>;
}

type DryOutcome = { result: DryRunResult; error?: undefined } | { result?: undefined; error: Error };

/** Whether a dry run says the query may run: no error and a SELECT. */
const runnable = (o: DryOutcome) => !o.error && o.result.statementType === ALLOWED_STATEMENT_TYPE;

export function queryKey(q: { sql: string; params: QueryParameter[] }): string {
  return q.params.length ? `${q.sql}\u0000${JSON.stringify(q.params)}` : q.sql;
}

export interface PreflightOptions {
  concurrency: number;
  signal?: AbortSignal;
  /** See ExecuteOptions.abandoned. */
  abandoned?: Set<Promise<unknown>>;
  /** Dry runs already sent in this run (by queryKey), shared by the preflights of one run. */
  dryRunCache?: DryRunCache;
  /** The run's compile (RunPlans: each plan compiled once per run); default compile. */
  compile?: CompileFn;
}

/** Dry-run outcomes by queryKey. */
export type DryRunCache = Map<string, Promise<DryOutcome>>;

/** How many times a stage is re-planned after taking failed checks out. */
const MAX_ROUNDS = 3;

export async function preflight(
  stages: CheckSpec[][],
  engine: Engine,
  compileOptions: CompileOptions,
  options: PreflightOptions,
): Promise<PreflightResult> {
  if (!engine.dryRun) throw new Error(`the ${engine.name} engine has no dry runs`);
  const dryRun = engine.dryRun.bind(engine);
  const compile = options.compile ?? compilePlan;
  const cache: DryRunCache = options.dryRunCache ?? new Map();
  let dryRuns = 0;
  const dry = (q: { id: string; sql: string; params: QueryParameter[] }): Promise<DryOutcome> => {
    const key = queryKey(q);
    let pending = cache.get(key);
    if (!pending) {
      if (options.signal?.aborted) return Promise.resolve({ error: interrupted() });
      dryRuns++;
      const request = { id: q.id, sql: q.sql, params: q.params, signal: options.signal };
      pending = unlessAborted(() => dryRun(request), options.signal, options.abandoned).then(
        (result) => ({ result }),
        (error: unknown) => ({ error: options.signal?.aborted ? interrupted() : (error as Error) }),
      );
      cache.set(key, pending);
    }
    return pending;
  };
  const dryAll = (queries: { id: string; sql: string; params: QueryParameter[] }[]) => mapLimit(queries, options.concurrency, dry);

  /** Why a check that does not pass its dry run alone is not run. */
  const diagnose = async (check: CheckSpec, outcome: DryOutcome): Promise<Error> => {
    const statement = userStatement(check, compileOptions);
    if (statement) {
      const own = await dry({ id: `${check.name}_statement`, ...statement });
      if (own.result && own.result.statementType !== ALLOWED_STATEMENT_TYPE) return refusedStatement(own.result.statementType);
    }
    if (outcome.error) return outcome.error;
    return refusedStatement(outcome.result.statementType);
  };

  /**
   * A table's merged statement (plan/merge.ts) its dry run refuses while each of its batches
   * passes alone fails for being merged (too long for the warehouse, say), not for a check: its
   * batches are priced instead, and the run sends them instead (`apart`). When a batch fails too,
   * the batches stand in for the statement in this round, so only the failing ones are taken apart
   * check by check (the checks of the others are not dry-run alone, nor failed with it); the next
   * round plans the statement again without the checks that failed.
   */
  const apart = new Set<string>();
  const unmerged = async (plan: PlannedQuery[], outcomes: DryOutcome[], first: number): Promise<[PlannedQuery[], DryOutcome[]]> => {
    const refused = new Set<PlannedQuery>();
    const dried = await Promise.all(
      plan.map(async (query, i) => {
        const outcome = outcomes[i]!;
        if (runnable(outcome) || !query.parts) return [outcome];
        refused.add(query);
        const own = await dryAll(query.parts);
        if (own.every(runnable)) apart.add(queryKey(query));
        return own;
      }),
    );
    // Numbered again from `first`: a batch priced apart is a query of its own in `dq run --dry-run`.
    return [sentApart(plan, first, (q) => refused.has(q)), dried.flat()];
  };

  const failed = new Map<string, Error>();
  const queries: EstimatedQuery[] = [];
  let next = 1;
  for (const stage of stages) {
    let checks = stage.filter((c) => !failed.has(c.id));
    const byId = new Map(checks.map((c) => [c.id, c]));
    let plan: PlannedQuery[] = [];
    let outcomes: DryOutcome[] = [];
    for (let round = 1; checks.length > 0; round++) {
      plan = compile(checks, { ...compileOptions, firstQueryNumber: next }).queries;
      outcomes = await dryAll(plan);
      if (options.signal?.aborted) return { queries, failed, dryRuns, interrupted: true, apart };
      [plan, outcomes] = await unmerged(plan, outcomes, next);
      const bad = plan.filter((_, i) => !runnable(outcomes[i]!));
      if (bad.length === 0) break;
      for (const [i, query] of plan.entries()) {
        if (runnable(outcomes[i]!)) continue;
        for (const { id } of query.checks) {
          const check = byId.get(id)!;
          // From the second round on, a query still failing fails its checks: no endless re-planning.
          if (query.checks.length > 1 && round < MAX_ROUNDS) {
            const alone = compile([check], { ...compileOptions, firstQueryNumber: next }).queries;
            const own = await dryAll(alone);
            const bad = own.find((o) => !runnable(o));
            if (bad) failed.set(id, await diagnose(check, bad));
          } else {
            failed.set(id, await diagnose(check, outcomes[i]!));
          }
        }
      }
      if (options.signal?.aborted) return { queries, failed, dryRuns, interrupted: true, apart };
      checks = checks.filter((c) => !failed.has(c.id));
      if (checks.length === 0) plan = [];
    }
    plan.forEach((query, i) => {
      const result = outcomes[i]!.result!;
      queries.push({ query, statementType: result.statementType, ...(result.bytesProcessed !== undefined ? { bytesProcessed: result.bytesProcessed } : {}) });
    });
    next += plan.length;
  }
  const known = queries.filter((q) => q.bytesProcessed !== undefined);
  const totalBytes = known.length > 0 ? known.reduce((sum, q) => sum + q.bytesProcessed!, 0) : undefined;
  return { queries, failed, dryRuns, interrupted: false, apart, ...(totalBytes !== undefined ? { totalBytes } : {}) };
}

/**
 * Dry runs of extra queries (drill-down, the partitions of windows): the ones that may run, their
 * bytes, and why the others may not (by query id).
 */
export async function dryRunExtra(
  queries: PlannedQuery[],
  engine: Engine,
  options: PreflightOptions,
): Promise<{ runnable: PlannedQuery[]; estimates: Map<string, number>; totalBytes: number; rejected: Map<string, Error> }> {
  if (!engine.dryRun) return { runnable: queries, estimates: new Map(), totalBytes: 0, rejected: new Map() };
  const dryRun = engine.dryRun.bind(engine);
  const outcomes = await mapLimit(queries, options.concurrency, (q) =>
    unlessAborted(() => dryRun({ id: q.id, sql: q.sql, params: q.params, signal: options.signal }), options.signal, options.abandoned).then(
      (result): DryOutcome => ({ result }),
      (error: unknown): DryOutcome => ({ error: error as Error }),
    ),
  );
  const estimates = new Map<string, number>();
  const ok: PlannedQuery[] = [];
  const rejected = new Map<string, Error>();
  let totalBytes = 0;
  queries.forEach((q, i) => {
    const o = outcomes[i]!;
    if (!runnable(o)) {
      rejected.set(q.id, o.error ?? refusedStatement(o.result!.statementType));
      return;
    }
    ok.push(q);
    if (o.result!.bytesProcessed !== undefined) {
      estimates.set(queryKey(q), o.result!.bytesProcessed);
      totalBytes += o.result!.bytesProcessed;
    }
  });
  return { runnable: ok, estimates, totalBytes, rejected };
}

/** A run that would go over the target's budget: nothing was executed. */
export class BudgetExceededError extends Error {
  constructor(
    readonly target: string,
    readonly estimatedBytes: number,
    readonly budgetBytes: number,
    readonly queries: EstimatedQuery[],
    /** Partition queries of `window: { last: N }` already executed (their dates priced the checks). */
    executed = 0,
  ) {
    const top = [...queries]
      .sort((a, b) => (b.bytesProcessed ?? 0) - (a.bytesProcessed ?? 0))
      .slice(0, 3)
      .map((q) => `${q.query.id} ${q.query.kind} on ${q.query.table} ${formatBytes(q.bytesProcessed ?? 0)}`);
    super(
      `refused to run: the dry runs estimate ${formatBytes(estimatedBytes)} (${estimatedBytes} bytes) for ${queries.length} queries, ` +
        `over the budget of ${formatBytes(budgetBytes)} (${budgetBytes} bytes) of target ${target}; ` +
        (executed > 0 ? `only the ${executed} partition queries of window: { last: N } were executed. ` : 'nothing was executed. ') +
        `Largest: ${top.join('; ')}. Narrow the run (--select, --from/--to), or raise budget: in checks.config.yaml; ` +
        `dq run --dry-run lists every query's estimate.`,
    );
    this.name = 'BudgetExceededError';
  }
}

