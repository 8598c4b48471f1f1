// The results store's interface: append a run, read runs back. The embedded DuckDB file
// (duckdb-store.ts) and a BigQuery dataset (bigquery-store.ts) implement it; open-store.ts picks one.
import path from 'node:path';
import type { HistoryScope } from './check-history.js';
import type { RunRecord } from './records.js';

/** A run as listed, without its checks. */
export type RunSummary = Omit<RunRecord, 'checks'>;

/**
 * A comparable run that holds one of the checks asked for, as metricHistory() lists it. `metric`
 * is the check's status and metric in that run, read from where the run's checks are (the run's
 * run_date partition in BigQuery); null when the run is listed with the check but no such row
 * reads back there (a broken store, which readers refuse).
 */
export interface ListedMetric {
  check_id: string;
  run_id: string;
  started_at: string;
  metric: { status: string; value: number | null } | null;
}

export interface HistoryStore {
  /**
   * Appends the run. `pruneBefore` (an ISO timestamp, from `history: { keep_days }`): in the same
   * transaction, the runs that started before it are removed with their checks and partitions.
   * The embedded store does; the BigQuery store ignores it (its tables' partitions expire instead).
   */
  append(run: RunRecord, options?: { pruneBefore?: string }): Promise<void>;
  /** Runs newest first (by the order they were recorded), optionally of one selection, or that include one check. */
  runs(options?: { selection?: string; checkId?: string; limit?: number }): Promise<RunSummary[]>;
  /**
   * A run with its checks and partitions; undefined when the store has no such run. With
   * `partitions: false` a store may leave the partitions out (empty lists): `change:` and
   * `anomaly:` need only the checks' metrics, and a run can hold thousands of partitions.
   */
  read(runId: string, options?: { partitions?: boolean }): Promise<RunRecord | undefined>;
  /**
   * For each check, the newest runs of `scope` (by recording order) that hold it, with its metric
   * there: ordered by check id, then newest first; at least the check's `depth` of them when there
   * are that many (a store may list up to the largest depth asked for every check; readers keep
   * each check's own). One query per store, or a fixed number however many checks are asked for
   * (`change:` / `anomaly:` read them all before a run starts).
   */
  metricHistory(checks: readonly { id: string; depth: number }[], scope: HistoryScope): Promise<ListedMetric[]>;
  close(): void;
}

/** Reading a store where no run was recorded: a usage problem, not a failure of dq. */
export class NoHistoryStore extends Error {}

/**
 * A run the store itself listed (runs()), read whole. One that reads back missing is a broken
 * store (a partial write, a listing and a read that disagree): dq failing, never a usage problem.
 */
export async function readListedRun(store: HistoryStore, runId: string): Promise<RunRecord> {
  const run = await store.read(runId);
  if (!run) throw new Error(`run ${runId} is listed in the history store but cannot be read back`);
  return run;
}

/** The embedded store's file: .dq/history.duckdb next to the project's config. */
export function historyFile(projectRoot: string): string {
  return path.join(projectRoot, '.dq', 'history.duckdb');
}
