// Complete answers or an error: what the BigQuery engine accepts from the API before a result
// is measured. A short, malformed or endless answer is a QueryError (reason `incompleteAnswer`)
// for the query, so its checks end as `error` (exit 2) rather than pass on missing rows.
import type { BigQuery } from '@google-cloud/bigquery';
import { QueryError } from './engine.js';

/** The reason of every QueryError raised for an incomplete or malformed answer. */
export const INCOMPLETE_ANSWER = 'incompleteAnswer';

/** Pages in a row that bring no rows while rows are still owed, before the answer is refused. */
export const MAX_EMPTY_PAGES = 3;

export function incompleteAnswer(message: string): QueryError {
  return new QueryError(`incomplete answer from BigQuery: ${message}`, { reason: INCOMPLETE_ANSWER, transient: false });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describeBody(body: unknown): string {
  if (body === undefined || body === '') return 'an empty body';
  if (typeof body === 'string') return `a body that is not JSON (${JSON.stringify(body.slice(0, 60))}${body.length > 60 ? '…' : ''})`;
  return `${Array.isArray(body) ? 'an array' : typeof body === 'object' ? 'null' : `a ${typeof body}`} instead of a JSON object`;
}

type RequestOptions = Parameters<BigQuery['request']>[0];
type RequestCallback = Parameters<BigQuery['request']>[1];

/**
 * The client with every successful API answer checked before the client's own code reads it.
 * The client dereferences answers unchecked (createJob reads `resp.status.errors`,
 * getQueryResults `resp.schema`) inside callbacks and async functions, so an empty or non-JSON
 * body would be a TypeError outside any promise we hold: an uncaught exception instead of an
 * error for the query. Jobs made by the returned client (client.job, createQueryJob) send their
 * requests through it too (they call their parent's `request`).
 */
export function guardAnswers(client: BigQuery): BigQuery {
  const guarded = Object.create(client) as BigQuery;
  guarded.request = (reqOpts: RequestOptions, callback: RequestCallback) =>
    client.request(reqOpts, (err, body, response) => {
      if (err) return callback(err, body, response);
      const what = `${reqOpts.method ?? 'GET'} ${reqOpts.uri}`;
      if (!isObject(body)) return callback(incompleteAnswer(`${what} was answered with ${describeBody(body)}`), null, response);
      // jobs.insert: createJob reads status.errors and jobReference.location of the Job resource.
      if (reqOpts.method === 'POST' && reqOpts.uri === '/jobs' && !(isObject(body.status) && isObject(body.jobReference))) {
        return callback(incompleteAnswer(`${what} was answered without the job's status and jobReference`), null, response);
      }
      callback(null, body, response);
    });
  return guarded;
}

/** A count as the REST API sends it (decimal text, or a number), or undefined when it is not one. */
function countOf(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * The pages of one job's result, checked as they arrive: every page complete (jobComplete
 * exactly true) with a schema and the same totalRows; no page token twice; never more rows than
 * totalRows; at most MAX_EMPTY_PAGES pages in a row without rows while rows are owed; and at
 * the end exactly totalRows rows.
 */
export class ResultPages {
  private totalRows?: number;
  private received = 0;
  private emptyPages = 0;
  private readonly tokens = new Set<string>();

  constructor(private readonly jobId: string) {}

  /** Whether the response says the job is still running (poll again); throws when it does not say. */
  static running(response: Record<string, unknown>, jobId: string): boolean {
    if (response.jobComplete === false) return true;
    if (response.jobComplete !== true) {
      throw incompleteAnswer(`the result of job ${jobId} does not say the job is complete (jobComplete is ${JSON.stringify(response.jobComplete) ?? 'missing'})`);
    }
    return false;
  }

  /**
   * Takes a complete page (jobComplete true) that brought `pageRows` rows; returns the token of
   * the next page, or undefined when every row has arrived.
   */
  accept(response: Record<string, unknown>, pageRows: number): string | undefined {
    const fields = isObject(response.schema) ? response.schema.fields : undefined;
    if (!Array.isArray(fields) || fields.length === 0) throw incompleteAnswer(`the result of job ${this.jobId} has no schema`);
    const total = countOf(response.totalRows);
    if (total === undefined) throw incompleteAnswer(`the result of job ${this.jobId} does not say how many rows it has (totalRows)`);
    if (this.totalRows !== undefined && total !== this.totalRows) {
      throw incompleteAnswer(`the pages of job ${this.jobId} disagree on totalRows (${this.totalRows}, then ${total})`);
    }
    this.totalRows = total;
    this.received += pageRows;
    if (this.received > total) throw incompleteAnswer(`job ${this.jobId} sent ${this.received} rows, more than its totalRows ${total}`);
    if (this.received === total) return undefined;

    const token = response.pageToken;
    if (typeof token !== 'string' || token === '') {
      throw incompleteAnswer(`job ${this.jobId} sent ${this.received} of its ${total} rows and no page token for the rest`);
    }
    if (this.tokens.has(token)) throw incompleteAnswer(`job ${this.jobId} sent the same page token twice`);
    this.tokens.add(token);
    this.emptyPages = pageRows === 0 ? this.emptyPages + 1 : 0;
    if (this.emptyPages > MAX_EMPTY_PAGES) {
      throw incompleteAnswer(`job ${this.jobId} sent ${this.emptyPages} pages in a row without rows while ${total - this.received} were owed`);
    }
    return token;
  }
}
