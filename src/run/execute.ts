// Sends planned queries to an engine, at most `concurrency` at a time, timing each one.
// After the signal is aborted no query is started, and a query the abort stopped is an error
// "interrupted" (the engine cancels it: BigQuery sends jobs.cancel, DuckDB interrupts).
import { QueryError, type Engine, type QueryStats, type Row } from '../engines/engine.js';
import type { PlannedQuery } from '../plan/compile.js';

export interface QueryOutcome {
  query: PlannedQuery;
  rows: Row[];
  error?: Error;
  durationMs: number;
  stats: QueryStats;
}

export type RunEvent =
  | { type: 'query-start'; query: PlannedQuery }
  | { type: 'query-end'; outcome: QueryOutcome };

export interface ExecuteOptions {
  concurrency: number;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  now?: () => number;
  /** Engine calls still running when the signal stopped waiting for them (see unlessAborted). */
  abandoned?: Set<Promise<unknown>>;
}

/** The error of work the run's signal stopped or never started (Ctrl-C, SIGTERM). */
export function interrupted(): QueryError {
  return new QueryError('interrupted', { reason: 'interrupted' });
}

/** One rejection per signal, when it aborts: one listener however many calls wait on it. */
const aborts = new WeakMap<AbortSignal, Promise<never>>();

function whenAborted(signal: AbortSignal): Promise<never> {
  let aborted = aborts.get(signal);
  if (!aborted) {
    aborted = signal.aborted
      ? Promise.reject(interrupted())
      : new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(interrupted()), { once: true }));
    aborted.catch(() => undefined); // rejections are read by the races below
    aborts.set(signal, aborted);
  }
  return aborted;
}

/**
 * `call`'s result, or an "interrupted" rejection as soon as `signal` aborts. The engine gets the
 * signal too and cancels its job, but a run must not wait on it: an engine that is slow to stop
 * (or never looks at the signal while a job is being created) would hold a SIGTERM for minutes.
 * A call still running at the abort is added to `abandoned`, for the run to settle before closing.
 */
export async function unlessAborted<T>(call: () => Promise<T>, signal?: AbortSignal, abandoned?: Set<Promise<unknown>>): Promise<T> {
  if (signal?.aborted) throw interrupted();
  let running: Promise<T>;
  try {
    running = call();
  } catch (error) {
    running = Promise.reject(error);
  }
  if (!signal) return running;
  try {
    return await Promise.race([running, whenAborted(signal)]);
  } catch (error) {
    if (!signal.aborted) throw error;
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    abandoned?.add(settled);
    void settled.then(() => abandoned?.delete(settled));
    throw interrupted();
  }
}

/** `work` over `items`, at most `limit` at a time; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

export async function executeQueries(
  queries: PlannedQuery[],
  engine: Engine,
  options: ExecuteOptions,
): Promise<QueryOutcome[]> {
  const now = options.now ?? (() => performance.now());
  const { signal } = options;
  return mapLimit(queries, options.concurrency, async (query) => {
    if (signal?.aborted) return { query, rows: [], error: interrupted(), durationMs: 0, stats: {} };
    options.onEvent?.({ type: 'query-start', query });
    const start = now();
    let outcome: QueryOutcome;
    try {
      const request = { id: query.id, sql: query.sql, params: query.params, signal };
      const result = await unlessAborted(() => engine.execute(request), signal, options.abandoned);
      // An engine answer without a rows array cannot be measured: an error, never an empty result.
      if (!Array.isArray(result?.rows)) throw new QueryError(`the ${engine.name} engine answered ${query.id} without rows`);
      outcome = { query, rows: result.rows, durationMs: now() - start, stats: result.stats };
    } catch (error) {
      outcome = { query, rows: [], error: signal?.aborted ? interrupted() : (error as Error), durationMs: now() - start, stats: {} };
    }
    options.onEvent?.({ type: 'query-end', outcome });
    return outcome;
  });
}
