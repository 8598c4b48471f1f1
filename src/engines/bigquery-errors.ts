// Which BigQuery failures are worth another attempt, and how errors become QueryError.
import { QueryError } from './engine.js';

/** HTTP statuses retried for any API call. */
export const TRANSIENT_HTTP_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Error reasons retried at the request level whatever the status: 403 `rateLimitExceeded` is
 * BigQuery's usual answer to too many API calls, and the client does not retry it (it only
 * looks at status codes).
 */
export const TRANSIENT_REQUEST_REASONS: ReadonlySet<string> = new Set(['rateLimitExceeded', 'backendError']);

/**
 * Reasons for which a failed *job* is re-run (a new job: a failed job cannot be resumed).
 * https://cloud.google.com/bigquery/docs/error-messages
 */
export const TRANSIENT_JOB_REASONS: ReadonlySet<string> = new Set([
  'backendError',
  'rateLimitExceeded',
  'internalError',
  'jobBackendError',
  'jobInternalError',
]);

/** Socket-level failures (no HTTP answer at all). */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

export interface ClassifiedError {
  message: string;
  reason?: string;
  /** HTTP status, when the error came from an HTTP answer. */
  status?: number;
  transient: boolean;
  /** The error describes the job's own failure (its errorResult), not a failed request. */
  jobLevel: boolean;
  cause: unknown;
}

interface ErrorItem {
  reason?: string;
  message?: string;
}

interface ApiErrorLike {
  message?: string;
  code?: unknown;
  errors?: ErrorItem[];
  response?: { status?: { state?: string; errorResult?: ErrorItem } };
}

/** Classifies anything the client throws (ApiError, socket errors, plain errors). */
export function classify(error: unknown): ClassifiedError {
  if (error instanceof QueryError) {
    return { message: error.message, reason: error.reason, transient: error.transient, jobLevel: false, cause: error };
  }
  const e = (error ?? {}) as ApiErrorLike;
  const first = Array.isArray(e.errors) ? e.errors.find((x) => x && (x.reason || x.message)) : undefined;
  const message = first?.message || e.message || String(error);

  // A job resource whose status carries errors (createQueryJob answers that way when the job
  // failed at once): the ApiError has no HTTP status and its response is the job.
  const jobStatus = e.response?.status;
  if (typeof e.code !== 'number' && jobStatus && typeof jobStatus === 'object' && 'state' in jobStatus) {
    const reason = jobStatus.errorResult?.reason ?? first?.reason;
    return {
      message: jobStatus.errorResult?.message ?? message,
      reason,
      transient: reason !== undefined && TRANSIENT_JOB_REASONS.has(reason),
      jobLevel: true,
      cause: error,
    };
  }

  if (typeof e.code === 'number') {
    const reason = first?.reason;
    const transient = TRANSIENT_HTTP_STATUSES.has(e.code) || (reason !== undefined && TRANSIENT_REQUEST_REASONS.has(reason));
    return { message, reason, status: e.code, transient, jobLevel: false, cause: error };
  }
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) {
    return { message, reason: e.code, transient: true, jobLevel: false, cause: error };
  }
  if (/socket hang up|ECONNRESET|network error/i.test(message)) {
    return { message, reason: 'connectionError', transient: true, jobLevel: false, cause: error };
  }
  return { message, reason: first?.reason, transient: false, jobLevel: false, cause: error };
}

/** A job's errorResult as a classified error. */
export function classifyJobError(errorResult: ErrorItem, cause?: unknown): ClassifiedError {
  const reason = errorResult.reason ?? undefined;
  return {
    message: errorResult.message ?? `BigQuery job failed${reason ? `: ${reason}` : ''}`,
    reason,
    transient: reason !== undefined && TRANSIENT_JOB_REASONS.has(reason),
    jobLevel: true,
    cause: cause ?? errorResult,
  };
}

export function toQueryError(c: ClassifiedError): QueryError {
  if (c.cause instanceof QueryError) return c.cause;
  return new QueryError(c.message, { reason: c.reason, transient: c.transient, cause: c.cause });
}

/** Thrown inside the engine for a job that finished with an error; carries the classification. */
export class JobFailure extends Error {
  constructor(readonly classified: ClassifiedError) {
    super(classified.message);
    this.name = 'JobFailure';
  }
}

/**
 * Exponential backoff with full jitter: a uniformly random delay in
 * [0, min(maxDelayMs, baseDelayMs · 2^(retry−1))) for the retry-th retry (1-based).
 */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(Math.min(Math.max(random(), 0), 1) * ceiling);
}
