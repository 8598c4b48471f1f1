// Fault injection for the test server. Five kinds:
//   - HTTP faults: a request is answered with an error status and BigQuery's error body
//     (before it is handled, or after it was handled: "the response got lost");
//   - job faults: a job finishes with an errorResult (backendError, rateLimitExceeded, ...);
//   - job delays: a job stays RUNNING (jobComplete=false) for some time, or forever;
//   - response edits: a successful answer is changed before it is sent (fields left out, ...);
//   - raw bodies: a successful answer is sent as other text with status 200 (cut short, not
//     JSON, empty), as a broken proxy or connection would deliver it.
// Each rule matches requests (or jobs) by kind and/or predicate and fires `times` times.

/** What the router knows about a request, for matching and recording. */
export interface RecordedRequest {
  /** Sequence number, from 1. */
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query-string parameters. */
  query: Record<string, string>;
  /** Parsed JSON body (undefined for GET). */
  body: unknown;
  /** The API method (jobs.insert, jobs.upload, tables.insert, ...), or unknown. */
  kind: RequestKind;
  /** The job the request is about, when there is one. */
  jobId?: string;
  /** HTTP status sent back (set once answered). */
  status?: number;
  /** Error reason sent back, if any. */
  reason?: string;
  /** True when the answer came from an injected fault. */
  injected?: boolean;
}

export type RequestKind =
  | 'jobs.insert'
  | 'jobs.query'
  | 'jobs.getQueryResults'
  | 'jobs.get'
  | 'jobs.cancel'
  | 'jobs.upload'
  | 'tables.get'
  | 'tables.insert'
  | 'tables.patch'
  | 'datasets.get'
  | 'datasets.insert'
  | 'unknown';

export interface HttpFaultSpec {
  /** 500, 503, 429, 408, 403, ... */
  status: number;
  /** Error reason; defaults by status (403 → rateLimitExceeded, 500/503 → backendError, ...). */
  reason?: string;
  message?: string;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Only requests of this kind (e.g. 'jobs.insert'). */
  kind?: RequestKind;
  match?: (request: RecordedRequest) => boolean;
  /** Handle the request first, then answer with the error (a lost response). */
  afterHandling?: boolean;
}

export interface JobFaultSpec {
  /** errorResult.reason, e.g. backendError, rateLimitExceeded, invalidQuery, timeout. */
  reason: string;
  message?: string;
  times?: number;
  /** Matches the query text; a load job matches as `LOAD dataset.table`. */
  match?: (sql: string) => boolean;
}

export interface DelaySpec {
  /** Milliseconds the job stays RUNNING after its query finished; Infinity = never finishes. */
  ms: number;
  times?: number;
  match?: (sql: string) => boolean;
  /** The server does not enforce configuration.jobTimeoutMs for this job. */
  ignoreJobTimeout?: boolean;
}

export interface ResponseEditSpec {
  /** Changes the JSON body of a successful answer in place. */
  edit: (body: any) => void;
  /** How many matching answers are edited; default 1. */
  times?: number;
  kind?: RequestKind;
  match?: (request: RecordedRequest) => boolean;
}

export interface RawBodySpec {
  /** The text sent instead, or a function of the JSON text the answer would have had. */
  body: string | ((json: string) => string);
  /** How many matching answers are replaced; default 1. */
  times?: number;
  kind?: RequestKind;
  match?: (request: RecordedRequest) => boolean;
}

interface Rule<S> {
  spec: S;
  remaining: number;
  hits: number;
}

export interface FaultHandle {
  /** How many times the rule fired. */
  readonly hits: number;
  remove(): void;
}

/** BigQuery's default reason and message for an HTTP status. */
export function defaultError(status: number): { reason: string; message: string } {
  switch (status) {
    case 400:
      return { reason: 'invalid', message: 'Invalid request.' };
    case 403:
      return {
        reason: 'rateLimitExceeded',
        message: 'Exceeded rate limits: too many api requests per user per method for this user_method. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
      };
    case 404:
      return { reason: 'notFound', message: 'Not found.' };
    case 408:
      return { reason: 'timeout', message: 'Request timed out.' };
    case 429:
      return { reason: 'rateLimitExceeded', message: 'Quota exceeded: Your project exceeded quota for concurrent api requests.' };
    case 500:
      return { reason: 'backendError', message: 'An internal error occurred and the request could not be completed.' };
    case 502:
      return { reason: 'backendError', message: 'Bad gateway.' };
    case 503:
      return { reason: 'backendError', message: 'The service is currently unavailable.' };
    case 504:
      return { reason: 'backendError', message: 'Deadline exceeded.' };
    default:
      return { reason: 'internalError', message: `HTTP ${status}` };
  }
}

/** Default messages of job-level errors. */
export function defaultJobMessage(reason: string): string {
  switch (reason) {
    case 'backendError':
      return 'Backend error. Job aborted.';
    case 'rateLimitExceeded':
      return 'Exceeded rate limits: too many concurrent queries for this project_and_region.';
    case 'internalError':
      return 'An internal error occurred and the request could not be completed.';
    default:
      return `Job failed: ${reason}`;
  }
}

function handle<S>(rules: Rule<S>[], rule: Rule<S>): FaultHandle {
  return {
    get hits() {
      return rule.hits;
    },
    remove() {
      const i = rules.indexOf(rule);
      if (i >= 0) rules.splice(i, 1);
    },
  };
}

function take<S>(rules: Rule<S>[], matches: (spec: S) => boolean): S | undefined {
  const rule = rules.find((r) => r.remaining > 0 && matches(r.spec));
  if (!rule) return undefined;
  rule.remaining--;
  rule.hits++;
  return rule.spec;
}

export class Faults {
  private readonly http: Rule<HttpFaultSpec>[] = [];
  private readonly jobs: Rule<JobFaultSpec>[] = [];
  private readonly delays: Rule<DelaySpec>[] = [];
  private readonly edits: Rule<ResponseEditSpec>[] = [];
  private readonly rawBodies: Rule<RawBodySpec>[] = [];

  /** Fails matching HTTP requests with `spec.status` (once unless `times`). */
  fail(spec: HttpFaultSpec): FaultHandle {
    const rule = { spec, remaining: spec.times ?? 1, hits: 0 };
    this.http.push(rule);
    return handle(this.http, rule);
  }

  /** Fails the next `n` requests (optionally of one kind) with `status` (and `reason`). */
  failNext(n: number, status: number, options: Omit<HttpFaultSpec, 'status' | 'times'> = {}): FaultHandle {
    return this.fail({ ...options, status, times: n });
  }

  /** Makes matching jobs finish with errorResult `spec.reason`. */
  failJobs(spec: JobFaultSpec): FaultHandle {
    const rule = { spec, remaining: spec.times ?? 1, hits: 0 };
    this.jobs.push(rule);
    return handle(this.jobs, rule);
  }

  /** Keeps matching jobs RUNNING for `spec.ms` (Infinity: until cancelled or timed out). */
  delayJobs(spec: DelaySpec): FaultHandle {
    const rule = { spec, remaining: spec.times ?? Infinity, hits: 0 };
    this.delays.push(rule);
    return handle(this.delays, rule);
  }

  /** Jobs never finish (until cancelled, or until the server-side jobTimeoutMs). */
  hangJobs(options: Omit<DelaySpec, 'ms'> = {}): FaultHandle {
    return this.delayJobs({ ...options, ms: Infinity });
  }

  /** Edits the body of matching successful answers (once unless `times`). */
  editResponses(spec: ResponseEditSpec): FaultHandle {
    const rule = { spec, remaining: spec.times ?? 1, hits: 0 };
    this.edits.push(rule);
    return handle(this.edits, rule);
  }

  /** Sends matching successful answers as `spec.body` with status 200 (once unless `times`). */
  replaceBodies(spec: RawBodySpec): FaultHandle {
    const rule = { spec, remaining: spec.times ?? 1, hits: 0 };
    this.rawBodies.push(rule);
    return handle(this.rawBodies, rule);
  }

  clear(): void {
    this.http.length = 0;
    this.jobs.length = 0;
    this.delays.length = 0;
    this.edits.length = 0;
    this.rawBodies.length = 0;
  }

  // Used by the server.
  takeHttp(request: RecordedRequest, phase: 'before' | 'after'): HttpFaultSpec | undefined {
    return take(
      this.http,
      (s) =>
        Boolean(s.afterHandling) === (phase === 'after') &&
        (s.kind === undefined || s.kind === request.kind) &&
        (s.match === undefined || s.match(request)),
    );
  }

  takeResponseEdit(request: RecordedRequest): ResponseEditSpec | undefined {
    return take(this.edits, (s) => (s.kind === undefined || s.kind === request.kind) && (s.match === undefined || s.match(request)));
  }

  takeRawBody(request: RecordedRequest): RawBodySpec | undefined {
    return take(this.rawBodies, (s) => (s.kind === undefined || s.kind === request.kind) && (s.match === undefined || s.match(request)));
  }

  takeJobFault(sql: string): JobFaultSpec | undefined {
    return take(this.jobs, (s) => s.match === undefined || s.match(sql));
  }

  takeDelay(sql: string): DelaySpec | undefined {
    return take(this.delays, (s) => s.match === undefined || s.match(sql));
  }
}
