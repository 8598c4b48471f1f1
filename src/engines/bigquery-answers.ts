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
      // getQueryResults: the client converts cells with Number() and the like, which reads `""`
      // or `[]` as 0; the text must be checked before it is converted.
      const fields = isObject(body.schema) ? body.schema.fields : undefined;
      const problem = String(reqOpts.uri).startsWith('/queries/') && Array.isArray(fields) ? rowsProblem(body.rows, fields) : undefined;
      if (problem) return callback(incompleteAnswer(`${what}: ${problem}`), null, response);
      callback(null, body, response);
    });
  return guarded;
}

const DECIMAL_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const FLOAT_TEXT = /^(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|NaN|[-+]?Infinity)$/;
const INTEGER_TEXT = /^[-+]?\d+$/;
const BOOL_TEXT = /^(?:true|false)$/i;

/** The text a cell of these types must hold (the REST API sends every scalar as text). */
const CELL_TEXT: Record<string, RegExp> = {
  INTEGER: INTEGER_TEXT,
  INT64: INTEGER_TEXT,
  FLOAT: FLOAT_TEXT,
  FLOAT64: FLOAT_TEXT,
  NUMERIC: DECIMAL_TEXT,
  BIGNUMERIC: DECIMAL_TEXT,
  BOOLEAN: BOOL_TEXT,
  BOOL: BOOL_TEXT,
};

interface RestField {
  name?: unknown;
  type?: unknown;
  mode?: unknown;
  fields?: unknown;
}

function cellProblem(v: unknown, field: RestField): string | undefined {
  const type = String(field.type ?? 'STRING').toUpperCase();
  if (v === null) return undefined;
  if (field.mode === 'REPEATED') {
    if (!Array.isArray(v)) return `${String(field.name)} is not a list`;
    for (const item of v) {
      const problem = isObject(item) ? cellProblem(item.v, { ...field, mode: 'NULLABLE' }) : `${String(field.name)} holds a malformed item`;
      if (problem) return problem;
    }
    return undefined;
  }
  if (type === 'RECORD' || type === 'STRUCT') {
    return Array.isArray(field.fields) ? rowsProblem([v], field.fields as RestField[]) : undefined;
  }
  if (typeof v !== 'string') return `${String(field.name)} is ${JSON.stringify(v)}, not text`;
  const pattern = CELL_TEXT[type];
  return pattern && !pattern.test(v) ? `${String(field.name)} is ${JSON.stringify(v)}, not a ${type}` : undefined;
}

/** Why REST rows (`{ f: [{ v }] }`) do not fit the schema's fields, or undefined when they do. */
export function rowsProblem(rows: unknown, fields: readonly RestField[]): string | undefined {
  if (rows === undefined) return undefined;
  if (!Array.isArray(rows)) return 'rows is not a list';
  for (const [i, row] of rows.entries()) {
    const cells = isObject(row) ? row.f : undefined;
    if (!Array.isArray(cells) || cells.length !== fields.length) return `row ${i} does not have the schema's ${fields.length} cells`;
    for (const [j, cell] of cells.entries()) {
      const problem = isObject(cell) ? cellProblem(cell.v, fields[j]!) : `row ${i} has a malformed cell`;
      if (problem) return `row ${i}: ${problem}`;
    }
  }
  return undefined;
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
