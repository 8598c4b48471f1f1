// run(): selected checks → queries on the target → measured, evaluated checks → RunReport.
import { findCheckType } from '../checks/registry.js';
import type { EvalContext } from '../checks/types.js';
import type { CheckSpec, FailOn, Project, TargetConfig } from '../config/types.js';
import { dialectFor } from '../dialects/registry.js';
import type { Engine } from '../engines/engine.js';
import { openEngine } from '../engines/open.js';
import { compile, type CompileOptions, type PlannedQuery } from '../plan/compile.js';
import { VERSION } from '../version.js';
import { type Clock, dateInZone, endOfDateInZone, newRunId, systemClock } from './clock.js';
import { evaluate } from './evaluate.js';
import { executeQueries, type QueryOutcome, type RunEvent } from './execute.js';
import { exitCodeFor, runStatus } from './exit-code.js';
import { measureCheck } from './measure.js';
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
}

export interface RunContext {
  target: TargetConfig;
  compileOptions: CompileOptions;
  evalContext: EvalContext;
}

/** Everything a run decides before touching the warehouse; also what `dq compile` uses. */
export function prepareRun(options: Pick<RunOptions, 'project' | 'target' | 'asOf' | 'vars' | 'clock'>): RunContext {
  const { config } = options.project;
  const targetName = options.target ?? config.target;
  const target = config.targets[targetName];
  if (!target) throw new Error(`unknown target ${targetName}`);
  const now = (options.clock ?? systemClock).now();
  const asOf = options.asOf ?? dateInZone(now, config.timezone);
  const project = typeof target.options.project === 'string' ? target.options.project : undefined;
  return {
    target,
    compileOptions: { dialect: dialectFor(target.engine), asOf, vars: { ...config.vars, ...options.vars }, defaultProject: project },
    // An explicit --as-of measures ages at the end of that day; the default measures them now.
    evalContext: { asOf, referenceTime: options.asOf ? endOfDateInZone(asOf, config.timezone) : now },
  };
}

export async function run(options: RunOptions): Promise<RunReport> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const context = prepareRun(options);
  const failOn = options.failOn ?? 'error';
  const plan = compile(options.checks, context.compileOptions);

  let engine = options.engine;
  let openError: Error | undefined;
  if (!engine) {
    try {
      engine = await openEngine(context.target);
    } catch (error) {
      openError = error as Error;
    }
  }

  const executeOptions = { concurrency: options.concurrency ?? 4, signal: options.signal, onEvent: options.onEvent };
  let outcomes: QueryOutcome[];
  try {
    outcomes = engine
      ? await executeQueries(plan.queries, engine, executeOptions)
      : plan.queries.map((query) => ({ query, rows: [], error: openError, durationMs: 0, stats: {} }));
    if (engine) outcomes.push(...(await isolateFailures(outcomes, options.checks, context, engine, executeOptions)));
  } finally {
    if (engine && !options.engine) await engine.close();
  }

  const checks = reportChecks(options.checks, outcomes, context.evalContext);
  const summary = summarize(checks);
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
    checks,
    failing_partitions: {},
  };
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
  options: Parameters<typeof executeQueries>[2],
): Promise<QueryOutcome[]> {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const retry = outcomes
    .filter((o) => o.error && o.query.checks.length > 1 && !options.signal?.aborted)
    .flatMap((o) => o.query.checks.map((c) => byId.get(c.id)!));
  if (retry.length === 0) return [];
  let next = outcomes.length + 1;
  const queries = retry.flatMap((check) => compile([check], { ...context.compileOptions, firstQueryNumber: next++ }).queries);
  return executeQueries(queries, engine, options);
}

function reportChecks(checks: CheckSpec[], outcomes: QueryOutcome[], ctx: EvalContext): CheckReport[] {
  // The last outcome that answers a check wins: an isolated re-run replaces its failed batch.
  const answer = new Map<string, { outcome: QueryOutcome; key: string }>();
  for (const outcome of outcomes) for (const c of outcome.query.checks) answer.set(c.id, { outcome, key: c.key });
  return checks.map((check) => {
    const found = answer.get(check.id);
    if (!found) throw new Error(`no query answers ${check.id}`);
    return checkReport(check, found.outcome, found.key, ctx);
  });
}

function checkReport(check: CheckSpec, outcome: QueryOutcome, key: string, ctx: EvalContext): CheckReport {
  const type = findCheckType(check.type)!;
  const fail = type.bounds(check.args);
  const warn = check.warn ? type.bounds({ ...check.args, ...check.warn }) : undefined;
  const base = {
    id: check.id,
    name: check.name,
    file: check.file,
    table: check.table,
    type: check.type,
    severity: check.severity,
    ...(check.description ? { description: check.description } : {}),
    tags: check.tags,
    thresholds: { fail, ...(warn ? { warn } : {}) },
    query_id: outcome.query.id,
    duration_ms: Math.round(outcome.durationMs),
  };
  const unevaluated = (message: string): CheckReport => ({
    ...base,
    status: 'error',
    message,
    metric: { name: 'none', value: null, unit: 'number' },
    rows_evaluated: null,
    failing_groups: [],
    failing_group_count: 0,
  });
  if (outcome.error) return unevaluated(outcome.error.message);
  try {
    const m = measureCheck(check, key, outcome.rows, ctx);
    const verdict = evaluate(check, m, fail, warn);
    return {
      ...base,
      status: verdict.status,
      message: verdict.message,
      metric: m.metric,
      rows_evaluated: m.rowsEvaluated,
      failing_groups: m.failingGroups ?? [],
      failing_group_count: m.failingGroupCount ?? m.failingGroups?.length ?? 0,
    };
  } catch (error) {
    return unevaluated((error as Error).message);
  }
}

function summarize(checks: CheckReport[]): Summary {
  const summary: Summary = { total: checks.length, pass: 0, warn: 0, fail: 0, error: 0, skipped: 0 };
  for (const check of checks) summary[check.status]++;
  return summary;
}

function queryReport(outcome: QueryOutcome): QueryReport {
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
  };
}

export type { PlannedQuery, RunEvent };
