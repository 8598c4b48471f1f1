// BigQuery's error shapes: the HTTP error body and the errorResult of a job.

export interface ErrorProto {
  reason: string;
  message: string;
  location?: string;
  domain?: string;
}

/** An error the server answers with: HTTP status plus BigQuery's error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly extraErrors: ErrorProto[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }

  body(): unknown {
    return {
      error: {
        code: this.status,
        message: this.message,
        errors: [{ message: this.message, domain: 'global', reason: this.reason }, ...this.extraErrors],
        status: STATUS_NAMES[this.status] ?? 'UNKNOWN',
      },
    };
  }
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  408: 'DEADLINE_EXCEEDED',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** The HTTP status BigQuery uses when a failed job's error is returned by jobs.getQueryResults. */
export function statusForReason(reason: string): number {
  switch (reason) {
    case 'notFound':
      return 404;
    case 'accessDenied':
    case 'rateLimitExceeded':
    case 'quotaExceeded':
    case 'billingNotEnabled':
      return 403;
    case 'duplicate':
      return 409;
    case 'backendError':
    case 'internalError':
      return 500;
    default:
      return 400;
  }
}
