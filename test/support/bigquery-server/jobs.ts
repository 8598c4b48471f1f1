// Query jobs of the test server: creation (jobs.insert / jobs.query), dry runs, the RUNNING →
// DONE lifecycle with injected delays and errors, server-side jobTimeoutMs, cancellation, and
// the REST resources (Job, GetQueryResultsResponse) with paging.
import { randomUUID } from 'node:crypto';
import { analyzeStatement } from './analyzer.js';
import { billedRead } from './billing.js';
import { HttpError, statusForReason, type ErrorProto } from './bq-errors.js';
import { restRow, schemaField, type DuckDbWarehouse, type ResultSet, type RunningQuery } from './duckdb.js';
import { defaultJobMessage, type Faults } from './faults.js';
import { tableScanReadsOnce, translateOnce } from './memo.js';
import type { TableMetaStore } from './table-meta.js';
import { TranslationError, type RestQueryParameter, type TableRef, type Translation } from './translate.js';

export interface JobRecord {
  projectId: string;
  jobId: string;
  location: string;
  /** The BigQuery SQL as sent. */
  sql: string;
  /** The DuckDB SQL it was translated to (undefined when translation failed). */
  duckdbSql?: string;
  /** Tables the query references (dataset.table). */
  tables: TableRef[];
  /** configuration as sent (labels, jobTimeoutMs, query.maximumBytesBilled, ...). */
  configuration: Record<string, unknown>;
  statementType: string;
  state: 'RUNNING' | 'DONE';
  errorResult?: ErrorProto;
  result?: ResultSet;
  bytesProcessed: number;
  bytesBilled: number;
  creationTime: number;
  endTime?: number;
  /** jobs.cancel was called while the job was running. */
  cancelled: boolean;
  /** The server-side jobTimeoutMs stopped the job. */
  timedOut: boolean;
}

interface LiveJob extends JobRecord {
  done: Promise<void>;
  resolveDone: () => void;
  timers: NodeJS.Timeout[];
  running?: RunningQuery;
}

export interface ResultsRequest {
  maxResults?: number;
  pageToken?: string;
  startIndex?: number;
  /** formatOptions.useInt64Timestamp */
  int64Timestamp: boolean;
}

export interface JobStoreOptions {
  defaultLocation: string;
  pageSize: number;
  baseUrl: () => string;
  /** Partitioning of served tables: pruning and require_partition_filter. */
  tableMeta: TableMetaStore;
}

const MIB = 1024 * 1024;

/** On-demand billing: bytes rounded up to a MiB, at least 10 MiB for any query that reads data. */
export function billedBytes(processed: number): number {
  if (processed <= 0) return 0;
  return Math.max(10 * MIB, Math.ceil(processed / MIB) * MIB);
}

function invalidQuery(message: string): ErrorProto {
  return { reason: 'invalidQuery', location: 'query', message };
}

/** DuckDB's error text → BigQuery's errorResult. */
function duckdbError(error: unknown, projectId: string, location: string, tables: TableRef[] = []): ErrorProto {
  const message = error instanceof Error ? error.message : String(error);
  const table = /Table with name ([^\s!]+) does not exist/.exec(message);
  if (table) {
    const name = table[1]!;
    const ref = tables.find((t) => t.table.toLowerCase() === name.toLowerCase());
    const full = ref ? `${ref.schema}.${ref.table}` : name;
    return { reason: 'notFound', message: `Not found: Table ${projectId}:${full} was not found in location ${location}` };
  }
  return invalidQuery(message.replace(/\n+/g, ' ').trim());
}

export class JobStore {
  private readonly jobs = new Map<string, LiveJob>();
  private closed = false;

  constructor(
    private readonly warehouse: DuckDbWarehouse,
    private readonly faults: Faults,
    private readonly options: JobStoreOptions,
  ) {}

  all(): JobRecord[] {
    return [...this.jobs.values()];
  }

  find(jobId: string): JobRecord | undefined {
    return this.jobs.get(jobId);
  }

  /** jobs.insert: returns the Job resource. Dry runs are answered without being stored or run. */
  async insert(projectId: string, body: Record<string, any>): Promise<unknown> {
    const reference = body.jobReference ?? {};
    const jobId: string = reference.jobId ?? `job_${randomUUID().replace(/-/g, '_')}`;
    const location: string = reference.location ?? this.options.defaultLocation;
    if (!/^[A-Za-z0-9_-]{1,1024}$/.test(jobId)) throw new HttpError(400, 'invalid', `Invalid job ID "${jobId}".`);
    if (this.jobs.has(jobId)) {
      throw new HttpError(409, 'duplicate', `Already Exists: Job ${projectId}:${location}.${jobId}`);
    }
    const configuration: Record<string, any> = body.configuration ?? {};
    const query: Record<string, any> | undefined = configuration.query;
    if (!query || typeof query.query !== 'string' || query.query.trim() === '') {
      throw new HttpError(400, 'invalid', 'Required parameter is missing: query');
    }
    const dryRun = configuration.dryRun === true;

    // Validation problems: a dry run answers with HTTP 400; a real job is created and fails.
    let translation: Translation | undefined;
    let problem: ErrorProto | undefined;
    let bytesProcessed = 0;
    if (query.useLegacySql !== false) {
      problem = invalidQuery('The test server only runs GoogleSQL: set useLegacySql to false.');
    } else {
      const parameters = (query.queryParameters ?? []) as RestQueryParameter[];
      // What BigQuery would reject is rejected first, whatever the translator or DuckDB would make of it.
      const verdict = await analyzeStatement(this.warehouse, {
        sql: query.query,
        projectId,
        location,
        parameterMode: query.parameterMode,
        queryParameters: parameters,
      });
      problem = verdict.problem;
      try {
        translation = translateOnce(query.query, { parameterMode: query.parameterMode, queryParameters: parameters });
      } catch (e) {
        if (!(e instanceof TranslationError)) throw e;
        problem ??= invalidQuery(e.message);
      }
      if (!verdict.problem && verdict.checked) {
        // Billed as BigQuery bills: used columns of the partitions left after pruning.
        const read = await billedRead(this.warehouse, this.options.tableMeta, tableScanReadsOnce(verdict.statements, parameters));
        if ('problem' in read) problem ??= read.problem;
        else bytesProcessed = read.bytes;
      } else if (!verdict.problem && translation) {
        // No analyzer (and none required): whole tables, an overestimate.
        bytesProcessed = await this.warehouse.tableBytes(translation.tables);
      }
    }
    const statementType = translation?.statementType ?? 'SELECT';

    if (dryRun) {
      // A dry run never executes anything. A SELECT is planned (EXPLAIN) to validate it; other
      // statements are only parsed by the translator.
      if (!problem && translation && statementType === 'SELECT') {
        try {
          await this.warehouse.explain(translation.sql);
        } catch (e) {
          problem = duckdbError(e, projectId, location, translation.tables);
        }
      }
      if (problem) throw new HttpError(statusForReason(problem.reason), problem.reason, problem.message);
      const now = Date.now();
      return {
        kind: 'bigquery#job',
        etag: randomUUID(),
        jobReference: { projectId, jobId, location },
        configuration: { ...configuration, jobType: 'QUERY' },
        statistics: {
          creationTime: String(now),
          totalBytesProcessed: String(bytesProcessed),
          query: { totalBytesProcessed: String(bytesProcessed), statementType, cacheHit: false },
        },
        status: { state: 'DONE' },
      };
    }

    let resolveDone!: () => void;
    const job: LiveJob = {
      projectId,
      jobId,
      location,
      sql: query.query,
      duckdbSql: translation?.sql,
      tables: translation?.tables ?? [],
      configuration,
      statementType,
      state: 'RUNNING',
      bytesProcessed,
      bytesBilled: billedBytes(bytesProcessed),
      creationTime: Date.now(),
      cancelled: false,
      timedOut: false,
      done: new Promise<void>((r) => (resolveDone = r)),
      resolveDone: () => resolveDone(),
      timers: [],
    };
    this.jobs.set(jobId, job);

    const maxBilled = query.maximumBytesBilled === undefined ? undefined : Number(query.maximumBytesBilled);
    if (!problem && maxBilled !== undefined && job.bytesBilled > maxBilled) {
      problem = {
        reason: 'bytesBilledLimitExceeded',
        message: `Query exceeded limit for bytes billed: ${maxBilled}. ${job.bytesBilled} or higher required.`,
      };
    }
    if (problem) this.finish(job, problem);
    else this.start(job);
    return this.resource(job);
  }

  private start(job: LiveJob): void {
    const fault = this.faults.takeJobFault(job.sql);
    const delay = this.faults.takeDelay(job.sql);
    const timeoutMs = job.configuration.jobTimeoutMs === undefined ? undefined : Number(job.configuration.jobTimeoutMs);
    if (timeoutMs !== undefined && timeoutMs > 0 && !delay?.ignoreJobTimeout) {
      job.timers.push(
        setTimeout(() => {
          if (job.state === 'DONE') return;
          job.timedOut = true;
          job.running?.interrupt();
          this.finish(job, {
            reason: 'timeout',
            message: `Job execution was cancelled: Job timed out after ${timeoutMs / 1000} sec`,
          });
        }, timeoutMs),
      );
    }
    const complete = (error?: ErrorProto) => {
      if (delay && delay.ms === Infinity) return; // never finishes on its own
      if (delay) job.timers.push(setTimeout(() => this.finish(job, error), delay.ms));
      else this.finish(job, error);
    };
    if (fault) {
      // An injected job failure: nothing is executed.
      setImmediate(() => complete({ reason: fault.reason, message: fault.message ?? defaultJobMessage(fault.reason) }));
      return;
    }
    job.running = this.warehouse.run(job.duckdbSql!, { query: job.statementType === 'SELECT' });
    job.running.result.then(
      (result) => {
        job.result = result;
        complete();
      },
      (error) => {
        if (job.state !== 'DONE') complete(duckdbError(error, job.projectId, job.location, job.tables));
      },
    );
  }

  private finish(job: LiveJob, error?: ErrorProto): void {
    if (job.state === 'DONE') return;
    job.state = 'DONE';
    job.endTime = Date.now();
    if (error) job.errorResult = error;
    for (const t of job.timers) clearTimeout(t);
    job.timers = [];
    job.resolveDone();
  }

  /** The job, or 404 as BigQuery answers for an unknown id or a wrong location. */
  get(projectId: string, jobId: string, location?: string): LiveJob {
    const job = this.jobs.get(jobId);
    if (!job || job.projectId !== projectId || (location !== undefined && location.toUpperCase() !== job.location.toUpperCase())) {
      throw new HttpError(404, 'notFound', `Not found: Job ${projectId}:${location ?? this.options.defaultLocation}.${jobId}`);
    }
    return job;
  }

  /** jobs.cancel: stops a running job (errorResult `stopped`); a finished job is left alone. */
  cancel(job: LiveJob): unknown {
    if (job.state !== 'DONE') {
      job.cancelled = true;
      job.running?.interrupt();
      this.finish(job, { reason: 'stopped', message: 'Job execution was cancelled: User requested cancellation' });
    }
    return { kind: 'bigquery#jobCancelResponse', job: this.resource(job) };
  }

  /** Waits until the job is DONE or `ms` passed. */
  async wait(job: LiveJob, ms: number): Promise<void> {
    if (job.state === 'DONE' || ms <= 0 || this.closed) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([job.done, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  resource(job: LiveJob): unknown {
    const done = job.state === 'DONE';
    const ok = done && !job.errorResult;
    const dml = ['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(job.statementType);
    return {
      kind: 'bigquery#job',
      etag: randomUUID(),
      id: `${job.projectId}:${job.location}.${job.jobId}`,
      selfLink: `${this.options.baseUrl()}/bigquery/v2/projects/${job.projectId}/jobs/${job.jobId}?location=${job.location}`,
      user_email: 'test@dqgate.local',
      configuration: { ...job.configuration, jobType: 'QUERY' },
      jobReference: { projectId: job.projectId, jobId: job.jobId, location: job.location },
      statistics: {
        creationTime: String(job.creationTime),
        startTime: String(job.creationTime),
        ...(done ? { endTime: String(job.endTime) } : {}),
        ...(ok ? { totalBytesProcessed: String(job.bytesProcessed) } : {}),
        query: {
          statementType: job.statementType,
          ...(ok
            ? {
                totalBytesProcessed: String(job.bytesProcessed),
                totalBytesBilled: String(job.bytesBilled),
                cacheHit: false,
                ...(dml ? { numDmlAffectedRows: String(job.result?.rowsChanged ?? 0) } : {}),
              }
            : {}),
        },
      },
      status: {
        state: job.state,
        ...(job.errorResult ? { errorResult: job.errorResult, errors: [job.errorResult] } : {}),
      },
    };
  }

  /** jobs.getQueryResults (and the first page of jobs.query). */
  results(job: LiveJob, request: ResultsRequest, kind = 'bigquery#getQueryResultsResponse'): unknown {
    const jobReference = { projectId: job.projectId, jobId: job.jobId, location: job.location };
    if (job.state !== 'DONE') return { kind, etag: randomUUID(), jobReference, jobComplete: false };
    if (job.errorResult) {
      const { reason, message } = job.errorResult;
      throw new HttpError(statusForReason(reason), reason, message);
    }
    const returnsRows = job.statementType === 'SELECT' || job.statementType === 'SCRIPT';
    const result = job.result;
    const rows = returnsRows && result ? result.rows : [];
    let offset = request.startIndex ?? 0;
    if (request.pageToken) offset = decodePageToken(request.pageToken, job.jobId);
    const size = Math.max(1, Math.min(request.maxResults ?? this.options.pageSize, this.options.pageSize));
    const page = rows.slice(offset, offset + size);
    const next = offset + page.length;
    const dml = ['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(job.statementType);
    return {
      kind,
      etag: randomUUID(),
      ...(returnsRows && result ? { schema: { fields: result.columns.map((c) => schemaField(c.name, c.type)) } } : {}),
      jobReference,
      totalRows: String(rows.length),
      ...(page.length > 0 && result ? { rows: page.map((r) => restRow(r, result.columns, { int64Timestamp: request.int64Timestamp })) } : {}),
      ...(next < rows.length ? { pageToken: encodePageToken(job.jobId, next) } : {}),
      totalBytesProcessed: String(job.bytesProcessed),
      ...(dml ? { numDmlAffectedRows: String(result?.rowsChanged ?? 0) } : {}),
      jobComplete: true,
      cacheHit: false,
    };
  }

  close(): void {
    this.closed = true;
    for (const job of this.jobs.values()) {
      for (const t of job.timers) clearTimeout(t);
      job.timers = [];
      job.running?.interrupt();
      job.resolveDone();
    }
  }
}

/**
 * A page token for the rows of `jobId` from `offset`. `salt` makes tokens for the same page
 * differ (faults that hand out a new token for every page).
 */
export function encodePageToken(jobId: string, offset: number, salt?: number): string {
  return Buffer.from(JSON.stringify({ j: jobId, o: offset, ...(salt !== undefined ? { s: salt } : {}) })).toString('base64url');
}

function decodePageToken(token: string, jobId: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { j: string; o: number };
    if (parsed.j === jobId && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'invalid', `Invalid page token: ${token}`);
}
