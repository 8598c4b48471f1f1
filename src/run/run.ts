// run(): selected checks → queries on the target → measured, evaluated checks → RunReport.
//
//   open the engine → the tables' column types (describeTable; a literal or partition column that
//   does not fit is a ConfigError, nothing sent) → preflight (engines with dryRun: every query
//   dry-run; refused statements and rejected checks become errors; the estimate is held against
//   the target's budget) → stages in
//   dependency order (batches, failed batches isolated check by check; each stage's change: /
//   anomaly: judged from the history before the next stage starts) → drill-down → report.
// An aborted signal (Ctrl-C) stops it: running queries are cancelled, nothing new starts, every
// check without an answer is an error "interrupted", and the report's exit code is 130.
import type { EvalContext } from '../checks/types.js';
import { commandLineIssue, ConfigError } from '../config/errors.js';
import { overrideVars } from '../config/load-config.js';
import type { CheckSpec, FailOn, Project, TargetConfig, VarValue } from '../config/types.js';
import { dialectFor } from '../dialects/registry.js';
import { QueryError, type Engine, type Value } from '../engines/engine.js';
import { DEFAULT_CONCURRENCY } from '../engines/concurrency.js';
import { openEngine, type EngineFactory } from '../engines/open.js';
import { assertPartitionScope, compile, type CompiledPlan, type CompileOptions, type PlannedQuery } from '../plan/compile.js';
import { dependencyStages, withUpstream } from '../plan/dependencies.js';
import type { PartitionRange } from '../plan/partitions.js';
import { checkReport, errorReport, skippedReport } from './check-report.js';
import { drillDown, drillDownCandidates } from './drill-down.js';
import { VERSION } from '../version.js';
import { type Clock, dateInZone, endOfDateInZone, newRunId, systemClock } from './clock.js';
import { describeError, foldWhitespace, isCheckSpecific } from './errors.js';
import { executeQueries, interrupted, type ExecuteOptions, type QueryOutcome, type RunEvent } from './execute.js';
import { EXIT, exitCodeFor, runStatus } from './exit-code.js';
import { BudgetExceededError, dryRunExtra, preflight, queryKey, type PreflightResult } from './preflight.js';
import { failingPartitions } from './partitions.js';
import { resolveWindows } from './windows.js';
import { assertPartitionFilters } from './partition-filters.js';
import { assumedWindows, windowQueries } from '../plan/windows.js';
import { typedCompileOptions } from './tables.js';
import { REPORT_SCHEMA_VERSION, type CheckReport, type QueryReport, type RunReport, type Summary } from './report.js';
import { gitCommit } from './git-commit.js';
import { excludedUpstream, markUpstream } from './upstream.js';
import { attachPartitionValues } from './partition-values.js';
import { redactor, redactReport, redactValue, secretValues } from './redact.js';
import { PhaseClock, runInvocation, type RunRecordInput } from './run-record.js';
import { collectSamples, sampleRequests, type Admit } from './samples.js';
import type { HistoryReader } from '../history/check-history.js';
import { stageJudge, type StageJudge } from '../history/judge-stages.js';
import { RunPlans, type CompileFn } from './plans.js';
import { partOutcomes } from './parts.js';
import { sentApart } from './batches.js';

export interface RunOptions {
  project: Project;
  /** The selected checks (see selectChecks); their upstream checks are added. */
  checks: CheckSpec[];
  /** Check ids never added as upstream checks (the suite's exclude, --exclude; see selectChecks). */
  excluded?: readonly string[];
  /**
   * True (default): a check whose upstream check did not pass is skipped ("blocked by"). False
   * (--no-block, a suite's `block: false`): it is evaluated anyway and marked upstream_failed.
   * Default: the suite's `block` when `suite` names one, else true.
   */
  block?: boolean;
  /** Target name; default: the config's `target`. */
  target?: string;
  /** An engine to use instead of opening the target's (tests, embedding); run() does not close it. */
  engine?: Engine;
  /** Opens the target's engine (default openEngine); run() closes it. */
  openEngine?: EngineFactory;
  /** `YYYY-MM-DD`; default: today in the config's timezone. */
  asOf?: string;
  /** --var values; they override the config's vars. */
  vars?: Record<string, string>;
  failOn?: FailOn;
  /** Queries sent at once; default: the target's `concurrency`, else its engine's (DuckDB 1, BigQuery 4). */
  concurrency?: number;
  suite?: string;
  clock?: Clock;
  runId?: string;
  /** Aborting it interrupts the run (see above). */
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** --from/--to on partitioned tables. */
  range?: PartitionRange;
  /** Drill into the partitions of failed table-wide checks (default true). */
  drillDown?: boolean;
  /** List offending values of failed and warned row-level checks (default true; --no-samples). */
  samples?: boolean;
  /** What the caller knows for the run record (report.invocation): argv, selectors, load time. */
  record?: RunRecordInput;
  /**
   * Reads the recorded history that checks with `change:` / `anomaly:` compare with (the CLI:
   * the project's history store). Without it such checks are errors, never passes.
   */
  history?: HistoryReader;
}

export interface RunContext {
  target: TargetConfig;
  compileOptions: CompileOptions;
  evalContext: EvalContext;
}

/**
 * --var text over the config's vars (see overrideVars). The loader already did this for the CLI;
 * library callers may pass raw `vars` to run() directly.
 */
function withOverrides(vars: Record<string, VarValue>, overrides: Record<string, string>, secretVars?: string[]): Record<string, VarValue> {
  const overridden = overrideVars(vars, overrides, secretVars);
  if (overridden.issues.length > 0) throw new ConfigError(overridden.issues);
  return overridden.vars;
}

/** Everything a run decides before touching the warehouse; also what `dq compile` uses. */
export function prepareRun(options: Pick<RunOptions, 'project' | 'target' | 'asOf' | 'vars' | 'clock' | 'range'>): RunContext {
  const { config } = options.project;
  const targetName = options.target ?? config.target;
  const target = config.targets[targetName];
  if (!target) throw new ConfigError([commandLineIssue(`unknown target "${targetName}"`)]);
  const now = (options.clock ?? systemClock).now();
  const asOf = options.asOf ?? dateInZone(now, config.timezone);
  const project = typeof target.options.project === 'string' ? target.options.project : undefined;
  const dialect = dialectFor(target.engine);
  return {
    target,
    compileOptions: {
      dialect,
      asOf,
      vars: withOverrides(config.vars, options.vars ?? {}, config.secretVars),
      defaultProject: project,
      range: options.range,
      timeZone: config.timezone,
    },
    // An explicit --as-of measures ages at the end of that day; the default measures them now.
    evalContext: { asOf, referenceTime: options.asOf ? endOfDateInZone(asOf, config.timezone) : now, dialect },
  };
}

/** The default number of queries sent at once: the target's `concurrency`, else its engine's own (engines/concurrency.ts). */
export function targetConcurrency(target: TargetConfig): number {
  const c = target.options.concurrency;
  return typeof c === 'number' && Number.isInteger(c) && c >= 1 ? c : DEFAULT_CONCURRENCY[target.engine];
}

/** The target's `budget` in bytes, if it has one. */
export function targetBudget(target: TargetConfig): number | undefined {
  const b = target.options.budget;
  return typeof b === 'number' ? b : undefined;
}

export async function run(options: RunOptions): Promise<RunReport> {
  // A gate with nothing to check must not open, for library callers as for the CLI.
  if (options.checks.length === 0) {
    throw new ConfigError([commandLineIssue('no checks selected: a gate with nothing to check cannot pass')]);
  }
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const runId = options.runId ?? newRunId(startedAt);
  const context = prepareRun(options);
  const failOn = options.failOn ?? 'error';
  const checks = withUpstream(options.checks, options.project.checks, new Set(options.excluded));
  assertPartitionScope(checks, options.range);
  const signal = options.signal;
  const commit = gitCommit(options.project.root);
  const secrets = secretValues(context.compileOptions.vars, options.project.config.secretVars);
  const redact = redactor(secrets);
  // Live progress quotes engine errors, which may quote a secret's value.
  const onEvent = options.onEvent && secrets.length > 0 ? redactedEvents(options.onEvent, redact) : options.onEvent;

  // `change:` / `anomaly:` judged after each stage, from the history read once, from now on:
  // this run is not in it.
  const judgeStage = stageJudge(checks, options.history, {
    target: context.target.name,
    from: options.range?.from ?? null,
    to: options.range?.to ?? null,
  });
  const phases = new PhaseClock();
  const work: RunWork = { reports: new Map(), outcomes: [], estimates: new Map(), abandoned: new Set(), phases, extraBytes: 0 };
  // An unexpected exception stops the run; every check without an answer says why.
  let crash: Error | undefined;
  try {
    await runChecks(checks, { ...options, runId, onEvent }, context, work, judgeStage);
  } catch (error) {
    // Refused before any query was sent (over the budget; a require_partition_filter table read
    // whole; a literal or partition column that does not fit its type): no report.
    if (error instanceof BudgetExceededError || error instanceof ConfigError) throw error;
    crash = asError(error);
  }
  const gitCommitOrNull = await commit;
  const reportStart = performance.now();
  // Every check has a report unless the run crashed or was interrupted; fail closed regardless.
  const unanswered = crash ? internalError(crash) : signal?.aborted ? interrupted() : new Error('no query answered this check');
  const checkReports = markUpstream(checks, checks.map((c) => work.reports.get(c.id) ?? errorReport(c, unanswered)));
  const notRun = excludedUpstream(checks);
  const summary = summarize(checkReports);
  const status = runStatus(summary, failOn);
  const runError = crash
    ? `internal error: ${foldWhitespace(crash.message || crash.name)}`
    : work.drillDownError
      ? `drill-down failed: ${foldWhitespace(work.drillDownError.message || work.drillDownError.name)}`
      : undefined;
  // Any abort, whenever it landed, ends in 130: the run did not do all it was asked to.
  const exitCode = signal?.aborted ? EXIT.interrupted : runError ? EXIT.error : exitCodeFor(status);
  const report: RunReport = {
    schema_version: REPORT_SCHEMA_VERSION,
    tool: { name: 'dqgate', version: VERSION },
    run_id: runId,
    suite: options.suite ?? null,
    target: { name: context.target.name, engine: context.target.engine },
    as_of: context.evalContext.asOf,
    started_at: startedAt.toISOString(),
    finished_at: clock.now().toISOString(),
    status,
    exit_code: exitCode,
    fail_on: failOn,
    summary,
    queries: work.outcomes.map((o) => queryReport(o, work.estimates)),
    checks: checkReports,
    failing_partitions: failingPartitions(checks, checkReports, failOn),
    ...(notRun.length ? { excluded_upstream: notRun } : {}),
    ...(runError ? { error: runError } : {}),
  };
  phases.add('report', performance.now() - reportStart);
  report.invocation = runInvocation({
    project: options.project,
    target: context.target,
    vars: context.compileOptions.vars,
    suite: options.suite,
    asOf: options.asOf,
    range: options.range,
    gitCommit: gitCommitOrNull,
    timings: phases.timings(options.record?.loadMs),
    input: options.record,
  });
  const redactKey = (key: Record<string, Value>) => (secrets.length === 0 ? key : (redactValue(key, redact) as Record<string, Value>));
  return attachPartitionValues(redactReport(report, secrets), checkReports, redactKey);
}

/** Progress events whose engine errors have secrets redacted. */
function redactedEvents(onEvent: (event: RunEvent) => void, redact: (text: string) => string): (event: RunEvent) => void {
  return (event) => {
    const error = event.type === 'query-end' ? event.outcome.error : undefined;
    if (event.type !== 'query-end' || !error) return onEvent(event);
    const redacted = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as Error, error, { message: redact(error.message) });
    onEvent({ ...event, outcome: { ...event.outcome, error: redacted } });
  };
}

/** What a run has done so far: kept outside runChecks so a crash or an abort keeps it. */
interface RunWork {
  reports: Map<string, CheckReport>;
  outcomes: TaggedOutcome[];
  estimates: Map<string, number>;
  /** Engine calls the signal stopped waiting for (see unlessAborted). */
  abandoned: Set<Promise<unknown>>;
  /** An unexpected exception while drilling down, after every check had its verdict. */
  drillDownError?: Error;
  /** Bytes the dry runs priced for queries beyond the plan (drill-down, samples), for the budget. */
  extraBytes: number;
  /** Time spent per phase, for the run record. */
  phases: PhaseClock;
}

/** Whether a failed upstream check skips its downstream checks (see RunOptions.block). */
function blocking(options: RunOptions): boolean {
  if (options.block !== undefined) return options.block;
  const suite = options.suite !== undefined && Object.hasOwn(options.project.suites, options.suite) ? options.project.suites[options.suite] : undefined;
  return suite?.block ?? true;
}

/** How long an interrupted run waits for abandoned engine calls, then for the engine to close. */
const SETTLE_AFTER_ABORT_MS = 500;
const CLOSE_AFTER_ABORT_MS = 500;

/**
 * Opens the engine, dry-runs the plan, runs the stages (each judged by its history, judgeStage,
 * before the next) and the drill-down; fills `work`.
 */
async function runChecks(checks: CheckSpec[], options: RunOptions, untyped: RunContext, work: RunWork, judgeStage: StageJudge): Promise<void> {
  let context = untyped;
  const { signal } = options;
  const { reports, outcomes, estimates } = work;
  let engine = options.engine;
  let openError: Error | undefined;
  if (!engine && !signal?.aborted) {
    try {
      const open = options.openEngine ?? openEngine;
      engine = await open(context.target, { runId: options.runId, suite: options.suite });
    } catch (error) {
      openError = asError(error);
    }
  }

  const concurrency = options.concurrency ?? targetConcurrency(context.target);
  const executeOptions: ExecuteOptions = { concurrency, signal, onEvent: options.onEvent, abandoned: work.abandoned };
  // Each plan is compiled once: the type check, the dry runs and the stages share its statements.
  const plans = new RunPlans();
  // The checks may be priced twice (before and after `window: { last: N }` is resolved): a query
  // priced before is not dry-run again.
  const preflightOptions = { ...executeOptions, dryRunCache: new Map(), compile: plans.compile };
  try {
    // `window: { last: N }` partitions first, so every later query names them as constants.
    const budget = targetBudget(context.target);
    let windowBytes = 0;
    let windowOutcomes = 0;
    const windowFailed = new Map<string, Error>();
    const allStages = dependencyStages(checks);
    if (engine && !signal?.aborted) {
      // The tables' types first (one metadata call per table): literals, partition columns and
      // require_partition_filter are checked before any query is sent.
      context.compileOptions = await typedCompileOptions(checks, engine, context.compileOptions, { concurrency, signal, compile: plans.compile });
      assertPartitionFilters(checks, context.compileOptions.tables, context.compileOptions.range ?? {});
      const resolved = await resolveWindows(checks, allStages, engine, context.compileOptions, preflightOptions, {
        target: context.target.name,
        bytes: budget,
      });
      context.compileOptions = { ...context.compileOptions, windows: resolved.windows };
      outcomes.push(...resolved.outcomes.map((o) => ({ ...o, purpose: 'partitions' as const })));
      for (const [key, bytes] of resolved.estimates) estimates.set(key, bytes);
      for (const [id, error] of resolved.failed) windowFailed.set(id, error);
      windowBytes = resolved.totalBytes;
      windowOutcomes = resolved.outcomes.length;
    }
    const stages = allStages.map((stage) => stage.filter((c) => !windowFailed.has(c.id)));
    let checked: PreflightResult | undefined;
    if (engine?.dryRun && !signal?.aborted) {
      checked = await work.phases.time('dry_run', () => preflight(stages, engine!, context.compileOptions, preflightOptions));
      const total = checked.totalBytes === undefined ? undefined : checked.totalBytes + windowBytes;
      if (!checked.interrupted && budget !== undefined && total !== undefined && total > budget) {
        throw new BudgetExceededError(context.target.name, total, budget, checked.queries, windowOutcomes);
      }
      for (const q of checked.queries) if (q.bytesProcessed !== undefined) estimates.set(queryKey(q.query), q.bytesProcessed);
    }
    // What the run's dry runs priced (the checks' queries and the window partitions): the budget
    // left for queries beyond the plan (failed table statements sent batch by batch, drill-down, samples).
    const spent = (checked?.totalBytes ?? 0) + windowBytes;
    for (const [id, error] of windowFailed) reports.set(id, errorReport(checks.find((c) => c.id === id)!, error));
    for (const stage of stages) {
      if (signal?.aborted) break; // the checks left without a report are "interrupted"
      const runnable: CheckSpec[] = [];
      for (const check of stage) {
        const failedUpstream = (check.dependsOn ?? []).filter((id) => {
          const status = reports.get(id)?.status;
          return status !== undefined && status !== 'pass' && status !== 'warn';
        });
        // A check its dry run rejected is an error whatever its upstream checks say.
        const rejected = checked?.failed.get(check.id);
        if (rejected) reports.set(check.id, errorReport(check, rejected));
        else if (failedUpstream.length > 0 && blocking(options)) reports.set(check.id, skippedReport(check, `blocked by ${failedUpstream[0]}`));
        else runnable.push(check);
      }
      if (runnable.length === 0) continue;
      const stageOutcomes = await runStage(runnable, {
        context,
        engine,
        openError,
        executeOptions,
        firstQueryNumber: outcomes.length + 1,
        phases: work.phases,
        compile: plans.compile,
        apart: checked?.apart,
        ...(budget !== undefined && engine ? { batchesWithin: withinBudget(engine, executeOptions, budget, spent, work) } : {}),
      });
      outcomes.push(...stageOutcomes);
      answers(runnable, stageOutcomes, context.evalContext, signal, reports);
      // Before the next stage reads their statuses: a failure by history blocks like any other.
      await judgeStage(runnable, reports);
    }
    if (engine && options.drillDown !== false && !signal?.aborted) {
      const candidates = drillDownCandidates(checks, reports);
      try {
        outcomes.push(...(await work.phases.time('drill_down', () => drillDownWithin(candidates, engine!, context, executeOptions, spent, work))));
      } catch (error) {
        // Every check already has its verdict: keep them, and say the run is incomplete.
        work.drillDownError = asError(error);
      }
    }
    if (engine && options.samples !== false && !signal?.aborted) {
      await work.phases.time('samples', () =>
        samplesWithin(checks, engine!, context, executeOptions, spent, work, options.project.config.samples),
      );
    }
  } finally {
    if (engine && !options.engine) await closeEngine(engine, signal, work.abandoned);
  }
}

/** The drill-down queries of failed table-wide checks, within the dry runs and the budget. */
async function drillDownWithin(
  candidates: CheckSpec[],
  engine: Engine,
  context: RunContext,
  executeOptions: ExecuteOptions,
  /** Bytes the run's dry runs already estimated (the checks' queries and the window partitions). */
  spent: number,
  work: RunWork,
): Promise<TaggedOutcome[]> {
  const compileOptions = { ...context.compileOptions, firstQueryNumber: work.outcomes.length + 1 };
  const drilled = await drillDown(candidates, work.reports, engine, compileOptions, executeOptions, context.evalContext, async (queries) => {
    // Extra scans: only ones that pass their dry run, and only within the budget.
    return (await admitExtra(queries, engine, executeOptions, targetBudget(context.target), spent, work)).runnable;
  });
  return drilled.map((o) => ({ ...o, purpose: 'drill_down' as const }));
}

/**
 * The batches of a table's statement that failed (over the job's maximum_bytes_billed, or for one
 * of its checks), as far as the budget allows: read apart they bill more than the one statement
 * the run was priced at, so they are dry-run and sent only within what the budget leaves (a failed
 * job bills nothing, so its estimate is given back). Over it, none is sent: the statement's checks
 * keep its error. (So the batches run whenever the plan priced batch by batch fits the budget.)
 */
function withinBudget(
  engine: Engine,
  executeOptions: ExecuteOptions,
  budget: number,
  /** Bytes the run's dry runs estimated (the checks' queries and the window partitions). */
  spent: number,
  work: RunWork,
): (statement: PlannedQuery) => Promise<PlannedQuery> {
  let freed = 0;
  return async (statement) => {
    freed += work.estimates.get(queryKey(statement)) ?? 0;
    const { runnable } = await admitExtra(statement.parts!, engine, executeOptions, budget, spent - freed, work);
    return { ...statement, parts: statement.parts!.filter((part) => runnable.includes(part)) };
  };
}

/**
 * Queries beyond the plan (drill-down, samples): only ones that pass their dry run, and only
 * within the target's budget, with what the run's dry runs priced (`spent`) and the extra queries
 * admitted before. Over the budget, none runs: the queries that passed their dry run are
 * `overBudget`. Admitted queries' estimates go into the report and `work.extraBytes`.
 */
async function admitExtra(
  queries: PlannedQuery[],
  engine: Engine,
  executeOptions: ExecuteOptions,
  budget: number | undefined,
  spent: number,
  work: RunWork,
): Promise<{ runnable: PlannedQuery[]; rejected: Map<string, Error>; overBudget: PlannedQuery[] }> {
  if (!engine.dryRun) return { runnable: queries, rejected: new Map(), overBudget: [] };
  const extra = await dryRunExtra(queries, engine, executeOptions);
  if (budget !== undefined && spent + work.extraBytes + extra.totalBytes > budget) {
    return { runnable: [], rejected: extra.rejected, overBudget: extra.runnable };
  }
  for (const [key, bytes] of extra.estimates) work.estimates.set(key, bytes);
  work.extraBytes += extra.totalBytes;
  return { runnable: extra.runnable, rejected: extra.rejected, overBudget: [] };
}

/**
 * Samples of the failed and warned row-level checks, after the drill-down, within the dry runs and
 * what the budget has left. A query the engine refuses or fails is a note on the checks
 * (samples_note): samples never change a status.
 */
async function samplesWithin(
  checks: CheckSpec[],
  engine: Engine,
  context: RunContext,
  executeOptions: ExecuteOptions,
  /** Bytes the run's dry runs already estimated (the checks' queries and the window partitions). */
  spent: number,
  work: RunWork,
  configSamples: number | undefined,
): Promise<void> {
  const compileOptions = { ...context.compileOptions, firstQueryNumber: work.outcomes.length + 1 };
  const requests = sampleRequests(checks, work.reports, compileOptions, configSamples);
  const admit: Admit = async (queries) => {
    const extra = await admitExtra(queries, engine, executeOptions, targetBudget(context.target), spent, work);
    const refused = new Map([...extra.rejected].map(([id, error]) => [id, { note: `samples query refused by its dry run: ${foldWhitespace(describeError(error))}`, retry: true }]));
    const note = { note: `samples left out: they would take the run over the target's budget`, retry: false };
    for (const q of extra.overBudget) refused.set(q.id, note);
    return { runnable: extra.runnable, refused };
  };
  try {
    const outcomes = await collectSamples(requests, work.reports, engine, compileOptions, executeOptions, admit);
    work.outcomes.push(...outcomes.map((o) => ({ ...o, purpose: 'samples' as const })));
  } catch (error) {
    // Every check already has its verdict, and samples only explain it: an engine that fails them
    // leaves a note. Anything else is a fault of dq's own, which ends the run in exit 2 as
    // everywhere else.
    if (!(error instanceof QueryError)) throw error;
    for (const { check } of requests) work.reports.get(check.id)!.samples_note ??= `samples not collected: ${foldWhitespace(error.message)}`;
  }
}

/**
 * Closes an engine run() opened. After an abort the wait is bounded: engine calls the signal
 * stopped waiting for get a moment to settle (closing DuckDB under a running query is unsafe),
 * then close gets a moment of its own (BigQuery waits for its jobs.cancel requests).
 */
async function closeEngine(engine: Engine, signal: AbortSignal | undefined, abandoned: Set<Promise<unknown>>): Promise<void> {
  if (!signal?.aborted) {
    await engine.close();
    return;
  }
  await within(Promise.all(abandoned), SETTLE_AFTER_ABORT_MS);
  await within(engine.close().catch(() => undefined), CLOSE_AFTER_ABORT_MS);
}

/** Waits for `work`, at most `ms`. */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The error of a check dq could not finish because of an unexpected exception (a bug). */
function internalError(error: Error): Error {
  return new Error(`dq failed before this check was evaluated: ${foldWhitespace(error.message || error.name)}`);
}

/** What `dq run --dry-run` shows: the plan's dry runs, without executing anything. */
export interface RunEstimate {
  target: { name: string; engine: string };
  /** The engine has dry runs (otherwise nothing was checked). */
  dryRuns: boolean;
  /** Dry-run requests sent. */
  requests: number;
  queries: PreflightResult['queries'];
  /** Checks that would not run: refused statements, queries the engine rejects. */
  failed: { check: CheckSpec; error: Error }[];
  totalBytes?: number;
  budget?: number;
  interrupted: boolean;
}

/**
 * The statements a run would send, stage by stage (upstream checks first, added when not
 * selected), without touching the warehouse. A later stage is sent only when its upstream passes.
 */
export function compileRun(options: Pick<RunOptions, 'project' | 'checks' | 'excluded' | 'target' | 'asOf' | 'vars' | 'clock' | 'range'>): CompiledPlan & { stages: number } {
  const context = prepareRun(options);
  const stages = dependencyStages(withUpstream(options.checks, options.project.checks, new Set(options.excluded)));
  const queries: PlannedQuery[] = [];
  for (const stage of stages) {
    queries.push(...compile(stage, { ...context.compileOptions, firstQueryNumber: queries.length + 1 }).queries);
  }
  return { dialect: context.compileOptions.dialect.name, queries, stages: stages.length };
}

/** Dry-runs every query a run would send (see preflight.ts); executes nothing. */
export async function estimateRun(options: RunOptions): Promise<RunEstimate> {
  const context = prepareRun(options);
  const checks = withUpstream(options.checks, options.project.checks, new Set(options.excluded));
  assertPartitionScope(checks, options.range);
  const { signal } = options;
  const budget = targetBudget(context.target);
  const base = { target: { name: context.target.name, engine: context.target.engine }, ...(budget !== undefined ? { budget } : {}) };
  const none = { requests: 0, queries: [], failed: [] };
  if (signal?.aborted) return { ...base, ...none, dryRuns: true, interrupted: true };
  const runId = options.runId ?? newRunId((options.clock ?? systemClock).now());
  const engine = options.engine ?? (await (options.openEngine ?? openEngine)(context.target, { runId, suite: options.suite }));
  const abandoned = new Set<Promise<unknown>>();
  try {
    if (!engine.dryRun) return { ...base, ...none, dryRuns: false, interrupted: signal?.aborted === true };
    const concurrency = options.concurrency ?? targetConcurrency(context.target);
    // validate --dry-run type-checks as run does: the same literals, the same partition reads.
    const plans = new RunPlans();
    const typed = await typedCompileOptions(checks, engine, context.compileOptions, { concurrency, signal, compile: plans.compile });
    assertPartitionFilters(checks, typed.tables, options.range ?? {});
    const dryOptions = { concurrency, signal, abandoned, compile: plans.compile };
    // `window: { last: N }`: its partition query is priced, not run; the checks are priced on
    // the N days up to --as-of (assumedWindows).
    const partitionQueries = windowQueries(checks, typed);
    const windowDry = await dryRunExtra(partitionQueries, engine, dryOptions);
    // A partition query its dry run refuses fails its checks, as in the run (run/windows.ts).
    const windowFailed = new Map<string, Error>();
    for (const query of partitionQueries) {
      const error = windowDry.rejected.get(query.id);
      if (error) for (const { id } of query.checks) windowFailed.set(id, error);
    }
    const windows = assumedWindows(checks, typed);
    const stages = dependencyStages(checks).map((stage) => stage.filter((c) => !windowFailed.has(c.id)));
    const result = await preflight(stages, engine, { ...typed, windows }, dryOptions);
    const failed = new Map([...windowFailed, ...result.failed]);
    const windowEstimates = partitionQueries.map((query) => ({ query, statementType: 'SELECT', bytesProcessed: windowDry.estimates.get(queryKey(query)) }));
    const totalBytes = result.totalBytes === undefined ? undefined : result.totalBytes + windowDry.totalBytes;
    return {
      ...base,
      dryRuns: true,
      requests: result.dryRuns + partitionQueries.length,
      queries: [...windowEstimates, ...result.queries],
      failed: checks.filter((c) => failed.has(c.id)).map((check) => ({ check, error: failed.get(check.id)! })),
      ...(totalBytes !== undefined ? { totalBytes } : {}),
      // An abort after the last dry run still stops the command: exit 130, not a verdict.
      interrupted: result.interrupted || signal?.aborted === true,
    };
  } finally {
    if (!options.engine) await closeEngine(engine, signal, abandoned);
  }
}

interface StageEnv {
  context: RunContext;
  engine: Engine | undefined;
  openError: Error | undefined;
  executeOptions: ExecuteOptions;
  firstQueryNumber: number;
  phases: PhaseClock;
  /** The run's compile (RunPlans). */
  compile: CompileFn;
  /** Merged statements the dry runs refused whose batches passed (PreflightResult.apart): their batches are sent. */
  apart?: Set<string>;
  /** Under a budget: a failed table statement with only the batches that may be sent again (default all). */
  batchesWithin?: (statement: PlannedQuery) => Promise<PlannedQuery>;
}

async function runStage(checks: CheckSpec[], env: StageEnv): Promise<TaggedOutcome[]> {
  const plan = env.phases.timeSync('plan', () => env.compile(checks, { ...env.context.compileOptions, firstQueryNumber: env.firstQueryNumber }));
  const statements = sentApart(plan.queries, env.firstQueryNumber, (q) => env.apart?.has(queryKey(q)) === true);
  const engine = env.engine;
  if (!engine) return statements.map((query) => ({ query, rows: [], error: env.openError, durationMs: 0, stats: {} }));
  const outcomes: TaggedOutcome[] = await env.phases.time('execute', () => executeQueries(statements, engine, env.executeOptions));
  const next = env.firstQueryNumber + outcomes.length;
  const isolated = await env.phases.time('execute', () => isolateFailures(outcomes, checks, env, engine, next));
  return [...outcomes, ...isolated.map((o) => ({ ...o, purpose: 'isolate' as const }))];
}

/**
 * A batched query fails as a whole when one of its checks is broken (a mistyped column), so
 * each check of a failed batch is re-run alone: one bad check must not hide the others. A
 * table's merged statement (plan/merge.ts) is first re-run batch by batch (also when it bills more
 * than the job's maximum_bytes_billed), then the batches that still fail check by check.
 * Through the run's compile: a check the dry runs already tried alone is not compiled again.
 */
async function isolateFailures(
  outcomes: QueryOutcome[],
  checks: CheckSpec[],
  env: Pick<StageEnv, 'context' | 'executeOptions' | 'compile' | 'batchesWithin'>,
  engine: Engine,
  firstQueryNumber: number,
): Promise<QueryOutcome[]> {
  const { context, executeOptions: options } = env;
  const retried = (o: QueryOutcome) => o.error && isCheckSpecific(o.error) && o.query.checks.length > 1 && !options.signal?.aborted;
  // A table's statement over the job's maximum_bytes_billed may pass as its batches, each billing less.
  const overLimit = (o: QueryOutcome) => o.query.parts && o.error instanceof QueryError && o.error.reason === 'bytesBilledLimitExceeded' && !options.signal?.aborted;
  const taken: PlannedQuery[] = [];
  for (const o of outcomes) {
    if (o.query.parts && (retried(o) || overLimit(o))) taken.push(env.batchesWithin ? await env.batchesWithin(o.query) : o.query);
  }
  const parts = sentApart(taken, firstQueryNumber);
  const apart = parts.length > 0 ? await executeQueries(parts, engine, options) : [];
  const byId = new Map(checks.map((c) => [c.id, c]));
  const failed = [...outcomes.filter((o) => !o.query.parts && retried(o)), ...apart.filter(retried)];
  const retry = failed.flatMap((o) => o.query.checks.map((c) => byId.get(c.id)!));
  if (retry.length === 0) return apart;
  const next = firstQueryNumber + parts.length;
  const queries = retry.flatMap((check, i) => env.compile([check], { ...context.compileOptions, firstQueryNumber: next + i }).queries);
  return [...apart, ...(await executeQueries(queries, engine, options))];
}

/**
 * Each check's report into `reports`; the last outcome that answers a check wins (an isolated
 * re-run replaces its batch). A check no outcome answers, or whose rows throw anything while being
 * read, is an error: one check's bad answer never stops the others.
 */
function answers(checks: CheckSpec[], outcomes: QueryOutcome[], ctx: EvalContext, signal: AbortSignal | undefined, reports: Map<string, CheckReport>): void {
  const answer = new Map<string, { outcome: QueryOutcome; key: string }>();
  for (const outcome of outcomes.flatMap(partOutcomes)) for (const c of outcome.query.checks) answer.set(c.id, { outcome, key: c.key });
  for (const check of checks) {
    const found = answer.get(check.id);
    if (!found) {
      reports.set(check.id, errorReport(check, signal?.aborted ? interrupted() : new Error(`no query answered ${check.id}`)));
      continue;
    }
    try {
      reports.set(check.id, checkReport(check, found.outcome, found.key, ctx));
    } catch (error) {
      reports.set(check.id, errorReport(check, new Error(`its answer could not be read: ${foldWhitespace(asError(error).message)}`)));
    }
  }
}

function summarize(checks: CheckReport[]): Summary {
  const summary: Summary = { total: checks.length, pass: 0, warn: 0, fail: 0, error: 0, skipped: 0 };
  for (const check of checks) summary[check.status]++;
  return summary;
}

type TaggedOutcome = QueryOutcome & { purpose?: QueryReport['purpose'] };

function queryReport(outcome: TaggedOutcome, estimates: Map<string, number>): QueryReport {
  const { query } = outcome;
  const estimate = estimates.get(queryKey(query)) ?? outcome.stats.bytesProcessed;
  return {
    id: query.id,
    kind: query.kind,
    table: query.table,
    sql: query.sql,
    check_ids: query.checks.map((c) => c.id),
    duration_ms: Math.round(outcome.durationMs),
    rows: outcome.rows.length,
    status: outcome.error ? 'error' : 'ok',
    ...(outcome.error ? { error: describeError(outcome.error) } : {}),
    ...(estimate !== undefined ? { bytes_estimated: estimate } : {}),
    ...(outcome.stats.bytesBilled !== undefined ? { bytes_billed: outcome.stats.bytesBilled } : {}),
    purpose: outcome.purpose ?? 'check',
  };
}

export type { PlannedQuery, RunEvent };
