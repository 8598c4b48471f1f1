// run(): selected checks → queries on the target → measured, evaluated checks → RunReport.
import type { EvalContext } from '../checks/types.js';
import type { CheckSpec, FailOn, Project, TargetConfig } from '../config/types.js';
import { dialectFor } from '../dialects/registry.js';
import type { Engine } from '../engines/engine.js';
import { openEngine } from '../engines/open.js';
import { compile, type CompileOptions, type PlannedQuery } from '../plan/compile.js';
import { dependencyStages, withUpstream } from '../plan/dependencies.js';
import type { PartitionRange } from '../plan/partitions.js';
import { checkReport, skippedReport } from './check-report.js';
import { drillDown, drillDownCandidates } from './drill-down.js';
import { VERSION } from '../version.js';
import { type Clock, dateInZone, endOfDateInZone, newRunId, systemClock } from './clock.js';
import { executeQueries, type ExecuteOptions, type QueryOutcome, type RunEvent } from './execute.js';
import { exitCodeFor, runStatus } from './exit-code.js';
import { failingPartitions } from './partitions.js';
import { REPORT_SCHEMA_VERSION, type CheckReport, type QueryReport, type RunReport, type Summary } from './report.js';

export interface RunOptions {
  project: Project;
  /** The selected checks (see selectChecks). */
  checks: CheckSpec[];
  /** Target name; default: the config's `target`. */
  target?: string;
  /** An engine to use instead of opening the target's (tests, embedding). */
  engine?: Engine;
  /** `YYYY-MM-DD`; default: today in the config's timezone. */
  asOf?: string;
  /** --var values; they override the config's vars. */
  vars?: Record<string, string>;
  failOn?: FailOn;
  concurrency?: number;
  suite?: string;
  clock?: Clock;
  runId?: string;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** --from/--to on partitioned tables. */
  range?: PartitionRange;
  /** Drill into the partitions of failed table-wide checks (default true). */
  drillDown?: boolean;
}

export interface RunContext {
  target: TargetConfig;
  compileOptions: CompileOptions;
  evalContext: EvalContext;
}

/** Everything a run decides before touching the warehouse; also what `dq compile` uses. */
export function prepareRun(options: Pick<RunOptions, 'project' | 'target' | 'asOf' | 'vars' | 'clock' | 'range'>): RunContext {
  const { config } = options.project;
  const targetName = options.target ?? config.target;
  const target = config.targets[targetName];
  if (!target) throw new Error(`unknown target ${targetName}`);
  const now = (options.clock ?? systemClock).now();
  const asOf = options.asOf ?? dateInZone(now, config.timezone);
  const project = typeof target.options.project === 'string' ? target.options.project : undefined;
  return {
    target,
    compileOptions: {
      dialect: dialectFor(target.engine),
      asOf,
      vars: { ...config.vars, ...options.vars },
      defaultProject: project,
      range: options.range,
    },
    // An explicit --as-of measures ages at the end of that day; the default measures them now.
    evalContext: { asOf, referenceTime: options.asOf ? endOfDateInZone(asOf, config.timezone) : now },
  };
}

export async function run(options: RunOptions): Promise<RunReport> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const context = prepareRun(options);
  const failOn = options.failOn ?? 'error';
  const checks = withUpstream(options.checks, options.project.checks);

  let engine = options.engine;
  let openError: Error | undefined;
  if (!engine) {
    try {
      engine = await openEngine(context.target);
    } catch (error) {
      openError = error as Error;
    }
  }

  const executeOptions: ExecuteOptions = { concurrency: options.concurrency ?? 4, signal: options.signal, onEvent: options.onEvent };
  const reports = new Map<string, CheckReport>();
  const outcomes: QueryOutcome[] = [];
  try {
    for (const stage of dependencyStages(checks)) {
      const runnable: CheckSpec[] = [];
      for (const check of stage) {
        const blocker = (check.dependsOn ?? []).find((id) => {
          const status = reports.get(id)?.status;
          return status !== undefined && status !== 'pass' && status !== 'warn';
        });
        if (blocker) reports.set(check.id, skippedReport(check, `blocked by ${blocker}`));
        else runnable.push(check);
      }
      if (runnable.length === 0) continue;
      const stageOutcomes = await runStage(runnable, { context, engine, openError, executeOptions, firstQueryNumber: outcomes.length + 1 });
      outcomes.push(...stageOutcomes);
      for (const [id, report] of answers(runnable, stageOutcomes, context.evalContext)) reports.set(id, report);
    }
    if (engine && options.drillDown !== false) {
      const candidates = drillDownCandidates(checks, reports);
      const compileOptions = { ...context.compileOptions, firstQueryNumber: outcomes.length + 1 };
      const drilled = await drillDown(candidates, reports, engine, compileOptions, executeOptions, context.evalContext);
      outcomes.push(...drilled.map((o) => ({ ...o, purpose: 'drill_down' as const })));
    }
  } finally {
    if (engine && !options.engine) await engine.close();
  }

  const checkReports = checks.map((c) => reports.get(c.id)!);
  const summary = summarize(checkReports);
  const status = runStatus(summary, failOn);
  return {
    schema_version: REPORT_SCHEMA_VERSION,
    tool: { name: 'dqgate', version: VERSION },
    run_id: options.runId ?? newRunId(startedAt),
    suite: options.suite ?? null,
    target: { name: context.target.name, engine: context.target.engine },
    as_of: context.evalContext.asOf,
    started_at: startedAt.toISOString(),
    finished_at: clock.now().toISOString(),
    status,
    exit_code: exitCodeFor(status),
    fail_on: failOn,
    summary,
    queries: outcomes.map(queryReport),
    checks: checkReports,
    failing_partitions: failingPartitions(checks, checkReports),
  };
}

interface StageEnv {
  context: RunContext;
  engine: Engine | undefined;
  openError: Error | undefined;
  executeOptions: ExecuteOptions;
  firstQueryNumber: number;
}

async function runStage(checks: CheckSpec[], env: StageEnv): Promise<TaggedOutcome[]> {
  const plan = compile(checks, { ...env.context.compileOptions, firstQueryNumber: env.firstQueryNumber });
  if (!env.engine) return plan.queries.map((query) => ({ query, rows: [], error: env.openError, durationMs: 0, stats: {} }));
  const outcomes: TaggedOutcome[] = await executeQueries(plan.queries, env.engine, env.executeOptions);
  const next = env.firstQueryNumber + outcomes.length;
  const isolated = await isolateFailures(outcomes, checks, env.context, env.engine, env.executeOptions, next);
  return [...outcomes, ...isolated.map((o) => ({ ...o, purpose: 'isolate' as const }))];
}

/**
 * A batched query fails as a whole when one of its checks is broken (a mistyped column), so
 * each check of a failed batch is re-run alone: one bad check must not hide the others.
 */
async function isolateFailures(
  outcomes: QueryOutcome[],
  checks: CheckSpec[],
  context: RunContext,
  engine: Engine,
  options: ExecuteOptions,
  firstQueryNumber: number,
): Promise<QueryOutcome[]> {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const retry = outcomes
    .filter((o) => o.error && o.query.checks.length > 1 && !options.signal?.aborted)
    .flatMap((o) => o.query.checks.map((c) => byId.get(c.id)!));
  if (retry.length === 0) return [];
  const queries = retry.flatMap(
    (check, i) => compile([check], { ...context.compileOptions, firstQueryNumber: firstQueryNumber + i }).queries,
  );
  return executeQueries(queries, engine, options);
}

/** Each check's report; the last outcome that answers a check wins (an isolated re-run replaces its batch). */
function answers(checks: CheckSpec[], outcomes: QueryOutcome[], ctx: EvalContext): Map<string, CheckReport> {
  const answer = new Map<string, { outcome: QueryOutcome; key: string }>();
  for (const outcome of outcomes) for (const c of outcome.query.checks) answer.set(c.id, { outcome, key: c.key });
  return new Map(
    checks.map((check) => {
      const found = answer.get(check.id);
      if (!found) throw new Error(`no query answers ${check.id}`);
      return [check.id, checkReport(check, found.outcome, found.key, ctx)];
    }),
  );
}

function summarize(checks: CheckReport[]): Summary {
  const summary: Summary = { total: checks.length, pass: 0, warn: 0, fail: 0, error: 0, skipped: 0 };
  for (const check of checks) summary[check.status]++;
  return summary;
}

type TaggedOutcome = QueryOutcome & { purpose?: QueryReport['purpose'] };

function queryReport(outcome: TaggedOutcome): QueryReport {
  const { query } = outcome;
  return {
    id: query.id,
    kind: query.kind,
    table: query.table,
    sql: query.sql,
    check_ids: query.checks.map((c) => c.id),
    duration_ms: Math.round(outcome.durationMs),
    rows: outcome.rows.length,
    status: outcome.error ? 'error' : 'ok',
    ...(outcome.error ? { error: outcome.error.message } : {}),
    ...(outcome.stats.bytesProcessed !== undefined ? { bytes_estimated: outcome.stats.bytesProcessed } : {}),
    ...(outcome.stats.bytesBilled !== undefined ? { bytes_billed: outcome.stats.bytesBilled } : {}),
    purpose: outcome.purpose ?? 'check',
  };
}

export type { PlannedQuery, RunEvent };
