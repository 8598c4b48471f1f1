// The BigQuery engine: runs rendered SQL as query jobs through @google-cloud/bigquery.
//
//   execute: jobs.insert (labels, location, maximumBytesBilled, jobTimeoutMs, named parameters)
//            → jobs.getQueryResults until jobComplete, then every page → jobs.get for the stats.
//            A result is proven complete before it is returned (bigquery-answers.ts): a schema,
//            exactly totalRows rows, bounded pages; anything else is a QueryError.
//   dryRun:  jobs.insert with dryRun → totalBytesProcessed and statementType. It fails closed: no
//            statementType is UNKNOWN (not a SELECT, so refused), no byte count is an unknown
//            estimate, refused outright when the target has a budget (requireByteEstimates).
//
// Retries are the engine's (create the client with retryOptions.autoRetry = false, as the
// default client is): a failed request is repeated, a failed job is re-run as a new job; both
// draw on one budget of `retry.maxAttempts` per call, with exponential backoff and full jitter.
// Cancellation (request.signal) and the client-side jobTimeoutMs watchdog cancel the running
// job with jobs.cancel before the call rejects. See docs/bigquery.md.
import { BigQuery, type Job, type Query } from '@google-cloud/bigquery';
import { QueryError, type DryRunResult, type Engine, type QueryRequest, type QueryResult, type Row, type TableInfo } from './engine.js';
import { splitTableName } from '../dialects/shared.js';
import { tableInfoFromResource } from './bigquery-table.js';
import { guardAnswers, ResultPages } from './bigquery-answers.js';
import { backoffDelay, classify, classifyJobError, JobFailure, toQueryError, type ClassifiedError } from './bigquery-errors.js';
import { newJobId, sanitiseLabelPart, sanitiseLabels, toClientParams } from './bigquery-request.js';
import { normaliseRows, type ResultField } from './bigquery-values.js';
import { silenceMetadataLookupWarnings } from './bigquery-warnings.js';

export interface BigQueryTargetOptions {
  project: string;
  location?: string;
  maximumBytesBilled?: number;
  labels?: Record<string, string>;
  jobTimeoutMs?: number;
  keyFilename?: string;
  /**
   * A dry run that reports no byte count is an error (the target has a budget, which an unknown
   * estimate cannot be held against); otherwise its estimate is left unknown.
   */
  requireByteEstimates?: boolean;
}

export interface BigQueryEngineOptions extends BigQueryTargetOptions {
  /** Injected client; default new BigQuery({ projectId, keyFilename, location }) without client-side retries. */
  client?: BigQuery;
  retry?: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  /** Backoff sleep between attempts; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); injectable for tests. */
  random?: () => number;
}

export const DEFAULT_RETRY = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 } as const;

/** The statement type of a dry run that does not report one: not SELECT, so never run. */
export const UNKNOWN_STATEMENT_TYPE = 'UNKNOWN';

/** The label every job carries with the plan-level query id. */
export const QUERY_ID_LABEL = 'dqgate_query';

/** Polling pauses after jobComplete=false (BigQuery itself already holds each poll up to 10 s). */
const POLL_DELAYS_MS = [25, 50, 100, 200, 400, 800, 1000];
/** How long a rejected call waits for its jobs.cancel request to be answered. */
const CANCEL_WAIT_MS = 5_000;

interface CurrentJob {
  jobId: string;
  location?: string;
  job?: Job;
}

/** One execute() or dryRun() call: its retry budget, timers, cancellation and running job. */
class Call {
  private failures = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopError?: QueryError;
  /** Rejecters of the steps in progress (see race). */
  private readonly pending = new Set<(error: QueryError) => void>();
  private cancelling?: Promise<void>;
  /** Inserts in flight when the call stopped: each cancels its job once it exists (see insert). */
  private readonly lateCancels: Promise<void>[] = [];
  private readonly abortListener?: () => void;
  private watchdog?: NodeJS.Timeout;
  current?: CurrentJob;

  constructor(
    private readonly engine: BigQueryEngine,
    readonly request: QueryRequest,
  ) {
    const signal = request.signal;
    if (signal?.aborted) {
      this.stop(this.cancelledError(signal));
    } else if (signal) {
      this.abortListener = () => this.stop(this.cancelledError(signal));
      signal.addEventListener('abort', this.abortListener, { once: true });
    }
  }

  private cancelledError(signal: AbortSignal): QueryError {
    const why = signal.reason instanceof Error ? signal.reason.message : signal.reason !== undefined ? String(signal.reason) : 'aborted';
    const job = this.current ? ` (BigQuery job ${this.current.jobId} cancelled)` : '';
    return new QueryError(`Query ${this.request.id} was cancelled: ${why}${job}`, { reason: 'cancelled', transient: false, cause: signal.reason });
  }

  get isStopped(): boolean {
    return this.stopError !== undefined;
  }

  get stopReason(): QueryError | undefined {
    return this.stopError;
  }

  /** Stops the call: the running job is cancelled and every pending step rejects with `error`. */
  stop(error: QueryError): void {
    if (this.stopError) return;
    this.stopError = error;
    this.cancelling = this.cancelCurrent();
    for (const reject of this.pending) reject(error);
    this.pending.clear();
  }

  /** jobs.cancel for the current job (best effort: it may not exist yet, or be finished). */
  async cancelCurrent(): Promise<void> {
    const current = this.current;
    if (!current) return;
    const job = current.job ?? this.engine.client.job(current.jobId, { location: current.location });
    try {
      await job.cancel();
    } catch {
      // Not created yet (the insert will be followed by a cancel) or already done.
    }
  }

  /** Waits (in finish) for the cancellation of a job whose insert was still in flight. */
  trackLateCancel(cancel: Promise<void>): void {
    this.lateCancels.push(cancel);
  }

  /** Starts `step` unless the call is stopped; resolves with it, or rejects as soon as the call is stopped. */
  race<T>(step: () => Promise<T>): Promise<T> {
    if (this.stopError) return Promise.reject(this.stopError);
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      let started: Promise<T>;
      try {
        started = step();
      } catch (error) {
        started = Promise.reject(error); // the client validates some options synchronously
      }
      started.then(
        (value) => {
          this.pending.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          this.pending.delete(reject);
          reject(error);
        },
      );
    });
  }

  /** A pause on a real timer that close()/finish() clear; rejects when the call is stopped. */
  pause(ms: number): Promise<void> {
    return this.race(
      () =>
        new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            this.timers.delete(t);
            resolve();
          }, ms);
          this.timers.add(t);
        }),
    );
  }

  /** Counts a transient failure; waits the backoff delay, or throws when attempts are used up. */
  async backoff(error: ClassifiedError): Promise<void> {
    this.failures++;
    const { maxAttempts, baseDelayMs, maxDelayMs } = this.engine.retry;
    if (this.failures >= maxAttempts) throw toQueryError(error);
    const delay = backoffDelay(this.failures, baseDelayMs, maxDelayMs, this.engine.random);
    const sleep = this.engine.sleep;
    await (sleep ? this.race(() => sleep(delay)) : this.pause(delay));
  }

  /** The client-side jobTimeoutMs watchdog for the job about to be inserted. */
  startWatchdog(jobId: string, timeoutMs: number | undefined): void {
    this.stopWatchdog();
    if (timeoutMs === undefined) return;
    this.watchdog = setTimeout(() => {
      this.stop(
        new QueryError(`BigQuery job ${jobId} did not finish within jobTimeoutMs (${timeoutMs} ms) and was cancelled`, {
          reason: 'timeout',
          transient: false,
        }),
      );
    }, timeoutMs);
  }

  stopWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  /** Releases timers and listeners; waits (bounded) for a pending jobs.cancel. */
  async finish(): Promise<void> {
    this.stopWatchdog();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.abortListener) this.request.signal?.removeEventListener('abort', this.abortListener);
    if (this.cancelling || this.lateCancels.length > 0) {
      let t: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([this.cancelling, ...this.lateCancels]),
        new Promise<void>((r) => (t = setTimeout(r, CANCEL_WAIT_MS))),
      ]);
      clearTimeout(t);
    }
  }
}

function toNumber(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

class BigQueryEngine implements Engine {
  readonly name = 'bigquery' as const;
  readonly client: BigQuery;
  readonly retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random: () => number;
  private readonly active = new Set<Call>();
  private closed = false;

  constructor(private readonly options: BigQueryEngineOptions) {
    if (!options.project) throw new TypeError('BigQuery engine: `project` is required');
    const { maximumBytesBilled, jobTimeoutMs } = options;
    if (maximumBytesBilled !== undefined && !(Number.isSafeInteger(maximumBytesBilled) && maximumBytesBilled >= 0)) {
      throw new TypeError(`BigQuery engine: maximumBytesBilled must be a whole number of bytes, got ${maximumBytesBilled}`);
    }
    if (jobTimeoutMs !== undefined && !(Number.isSafeInteger(jobTimeoutMs) && jobTimeoutMs > 0)) {
      throw new TypeError(`BigQuery engine: jobTimeoutMs must be a positive whole number, got ${jobTimeoutMs}`);
    }
    // Every answer is checked before the client reads it: a JSON object, rows that fit the schema
    // (bigquery-answers.ts).
    const client =
      options.client ??
      new BigQuery({
        projectId: options.project,
        keyFilename: options.keyFilename,
        location: options.location,
        // The engine retries (with 403 rateLimitExceeded and job-level errors, which the client
        // does not know about); two layers of retries would multiply the attempts.
        retryOptions: { autoRetry: false },
      });
    this.client = guardAnswers(client);
    const retry = options.retry ?? DEFAULT_RETRY;
    this.retry = { ...retry, maxAttempts: Math.max(1, Math.floor(retry.maxAttempts)) };
    this.sleep = options.sleep;
    this.random = options.random ?? Math.random;
  }

  private begin(request: QueryRequest): Call {
    if (this.closed) throw new QueryError('The BigQuery engine is closed', { reason: 'closed' });
    const call = new Call(this, request);
    this.active.add(call);
    return call;
  }

  private async end(call: Call): Promise<void> {
    await call.finish();
    this.active.delete(call);
  }

  /** The configured labels, sanitised, plus dqgate_query=<query id> unless configured. */
  private labels(request: QueryRequest): Record<string, string> {
    const labels = sanitiseLabels(this.options.labels ?? {});
    if (!(QUERY_ID_LABEL in labels) && Object.keys(labels).length < 64) labels[QUERY_ID_LABEL] = sanitiseLabelPart(request.id);
    return labels;
  }

  /** createQueryJob options shared by execute and dryRun. */
  private queryOptions(request: QueryRequest, dryRun: boolean): Query {
    const params = toClientParams(request.params, this.client);
    const { location, maximumBytesBilled, jobTimeoutMs } = this.options;
    return {
      query: request.sql,
      useLegacySql: false,
      labels: this.labels(request),
      ...(location ? { location } : {}),
      ...(maximumBytesBilled !== undefined ? { maximumBytesBilled: String(maximumBytesBilled) } : {}),
      ...(jobTimeoutMs !== undefined ? { jobTimeoutMs } : {}),
      ...(params ? { params: params.params, types: params.types } : {}),
      ...(dryRun ? { dryRun: true } : {}),
    };
  }

  /** Runs `op`, repeating it after transient request failures; other errors are thrown as they are. */
  private async withRetries<T>(call: Call, op: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await call.race(op);
      } catch (error) {
        if (call.isStopped) throw call.stopReason;
        const c = classify(error);
        if (!c.transient || c.jobLevel) throw error;
        await call.backoff(c);
      }
    }
  }

  /** jobs.insert with our own job id, so a retried insert whose first answer was lost finds its job (409). */
  private async insert(call: Call, query: Query, jobId: string): Promise<Job> {
    let attempts = 0;
    return this.withRetries(call, async () => {
      attempts++;
      const pending = this.client.createQueryJob({ ...query, jobId });
      // A call stopped while the insert was in flight cancels the job once it exists (and the
      // call waits for that cancel before it ends).
      call.trackLateCancel(
        pending.then(
          async ([job]) => {
            if (call.isStopped) await job.cancel().catch(() => undefined);
          },
          () => undefined,
        ),
      );
      try {
        const [job] = await pending;
        return job;
      } catch (error) {
        if (attempts > 1 && (error as { code?: unknown }).code === 409) {
          return this.client.job(jobId, { location: this.options.location });
        }
        throw error;
      }
    });
  }

  /** Waits for the job and reads every page of its result; a short or malformed answer is an error. */
  private async readAll(call: Call, job: Job): Promise<{ rows: Row[]; bytesProcessed?: number }> {
    const rows: Row[] = [];
    const pages = new ResultPages(job.id ?? 'unknown');
    let fields: ResultField[] | undefined;
    let pageToken: string | undefined;
    let polls = 0;
    let bytesProcessed: number | undefined;
    for (;;) {
      let pageRows: Record<string, unknown>[];
      let response: Record<string, any>;
      try {
        const answer = await call.race(() => job.getQueryResults({ autoPaginate: false, wrapIntegers: true, pageToken }));
        pageRows = answer[0] as Record<string, unknown>[];
        response = answer[2] as Record<string, any>; // an object: guardAnswers refuses anything else
      } catch (error) {
        if (call.isStopped) throw call.stopReason;
        const c = classify(error);
        if (!c.transient) throw error;
        // A transient status can be the job's own failure (getQueryResults reports it) or a
        // failed request: the job's status tells which.
        const [metadata] = await this.withRetries(call, () => job.getMetadata());
        const errorResult = metadata?.status?.errorResult;
        if (metadata?.status?.state === 'DONE' && errorResult) throw new JobFailure(classifyJobError(errorResult, error));
        await call.backoff(c);
        continue;
      }
      if (ResultPages.running(response, job.id ?? 'unknown')) {
        await call.pause(POLL_DELAYS_MS[Math.min(polls++, POLL_DELAYS_MS.length - 1)]!);
        continue;
      }
      const next = pages.accept(response, pageRows.length);
      fields ??= response.schema.fields as ResultField[];
      bytesProcessed ??= toNumber(response.totalBytesProcessed);
      try {
        rows.push(...normaliseRows(pageRows, fields));
      } catch (error) {
        throw new QueryError(`Could not read the result of BigQuery job ${job.id}: ${(error as Error).message}`, {
          reason: 'invalidResult',
          cause: error,
        });
      }
      if (next === undefined) return { rows, bytesProcessed };
      pageToken = next;
    }
  }

  /** One job attempt: insert, wait, read, stats. */
  private async runJob(call: Call, request: QueryRequest, query: Query): Promise<QueryResult> {
    const jobId = newJobId(request.id);
    call.current = { jobId, location: this.options.location };
    call.startWatchdog(jobId, this.options.jobTimeoutMs);
    try {
      const job = await this.insert(call, query, jobId);
      call.current.job = job;
      const { rows, bytesProcessed } = await this.readAll(call, job);
      // The stats are a bonus once the rows are in: a failing jobs.get does not fail the query.
      let statistics: Record<string, any> | undefined;
      try {
        const [metadata] = await this.withRetries(call, () => job.getMetadata());
        statistics = metadata?.statistics;
      } catch {
        if (call.isStopped) throw call.stopReason;
      }
      call.current = undefined;
      return {
        rows,
        stats: {
          bytesProcessed: toNumber(statistics?.query?.totalBytesProcessed ?? statistics?.totalBytesProcessed) ?? bytesProcessed,
          bytesBilled: toNumber(statistics?.query?.totalBytesBilled),
          jobId: job.id ?? jobId,
        },
      };
    } finally {
      call.stopWatchdog();
    }
  }

  async execute(request: QueryRequest): Promise<QueryResult> {
    const call = this.begin(request);
    try {
      const query = this.queryOptions(request, false);
      for (;;) {
        try {
          return await this.runJob(call, request, query);
        } catch (error) {
          if (call.isStopped) throw call.stopReason;
          const c = error instanceof JobFailure ? error.classified : classify(error);
          if (c.jobLevel && c.transient) {
            await call.backoff(c); // a failed job cannot be resumed: the next attempt is a new job
            continue;
          }
          // BigQuery stopped the job for exceeding jobTimeoutMs: make sure it is cancelled.
          if (c.reason === 'timeout') await call.cancelCurrent();
          throw toQueryError(c);
        }
      }
    } catch (error) {
      if (call.isStopped) throw call.stopReason;
      throw error instanceof QueryError ? error : toQueryError(classify(error));
    } finally {
      await this.end(call);
    }
  }

  async dryRun(request: QueryRequest): Promise<DryRunResult> {
    const call = this.begin(request);
    try {
      const query = this.queryOptions(request, true);
      const job = await this.withRetries(call, async () => {
        const [job] = await this.client.createQueryJob({ ...query, jobId: newJobId(request.id) });
        return job;
      });
      const statistics = job.metadata?.statistics;
      const statementType: unknown = statistics?.query?.statementType;
      const bytesProcessed = toNumber(statistics?.totalBytesProcessed ?? statistics?.query?.totalBytesProcessed);
      if (bytesProcessed === undefined && this.options.requireByteEstimates) {
        throw new QueryError(
          `refused: BigQuery's dry run of ${request.id} reported no byte estimate (totalBytesProcessed), so the target's ` +
            `budget cannot be enforced; the query was not run`,
          { reason: 'refused', transient: false },
        );
      }
      return {
        ...(bytesProcessed !== undefined ? { bytesProcessed } : {}),
        statementType: typeof statementType === 'string' && statementType !== '' ? statementType : UNKNOWN_STATEMENT_TYPE,
      };
    } catch (error) {
      if (call.isStopped) throw call.stopReason;
      throw error instanceof QueryError ? error : toQueryError(classify(error));
    } finally {
      await this.end(call);
    }
  }

  /** tables.get: the table resource (free: no job, no bytes), retried like any request. */
  async describeTable(table: string, options: { signal?: AbortSignal } = {}): Promise<TableInfo> {
    const call = this.begin({ id: 'describe', sql: '', params: [], signal: options.signal });
    try {
      const parts = splitTableName(table);
      if (parts.length < 2 || parts.length > 3) throw new QueryError(`${table} is not [project.]dataset.table`, { reason: 'invalid' });
      const [projectId, datasetId, tableId] = parts.length === 3 ? parts : [this.options.project, ...parts];
      const [metadata] = await this.withRetries(call, () => this.client.dataset(datasetId!, { projectId }).table(tableId!).getMetadata());
      return tableInfoFromResource(table, metadata);
    } catch (error) {
      if (call.isStopped) throw call.stopReason;
      throw error instanceof QueryError ? error : toQueryError(classify(error));
    } finally {
      await this.end(call);
    }
  }

  /** Stops calls still running (their jobs are cancelled) and clears every pending timer. */
  async close(): Promise<void> {
    this.closed = true;
    const calls = [...this.active];
    for (const call of calls) {
      call.stop(new QueryError(`Query ${call.request.id} was cancelled: the BigQuery engine was closed`, { reason: 'cancelled' }));
    }
    await Promise.all(calls.map((call) => this.end(call)));
  }
}

export function createBigQueryEngine(options: BigQueryEngineOptions): Engine {
  // The client's credential lookup may probe the GCE metadata server (bigquery-warnings.ts).
  silenceMetadataLookupWarnings();
  return new BigQueryEngine(options);
}
