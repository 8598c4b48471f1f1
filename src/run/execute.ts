// Sends planned queries to an engine, at most `concurrency` at a time, timing each one.
import type { Engine, QueryStats, Row } from '../engines/engine.js';
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
}

export async function executeQueries(
  queries: PlannedQuery[],
  engine: Engine,
  options: ExecuteOptions,
): Promise<QueryOutcome[]> {
  const now = options.now ?? (() => performance.now());
  const outcomes: QueryOutcome[] = new Array(queries.length);
  let next = 0;

  async function worker(): Promise<void> {
    while (next < queries.length) {
      const index = next++;
      const query = queries[index];
      options.onEvent?.({ type: 'query-start', query });
      const start = now();
      let outcome: QueryOutcome;
      try {
        const result = await engine.execute({ id: query.id, sql: query.sql, params: query.params, signal: options.signal });
        outcome = { query, rows: result.rows, durationMs: now() - start, stats: result.stats };
      } catch (error) {
        outcome = { query, rows: [], error: error as Error, durationMs: now() - start, stats: {} };
      }
      outcomes[index] = outcome;
      options.onEvent?.({ type: 'query-end', outcome });
    }
  }

  const workers = Math.max(1, Math.min(options.concurrency, queries.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}
