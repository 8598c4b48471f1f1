// The recorded history of checks, as `change:` and `anomaly:` compare with it: per check, its
// metric in the latest comparable runs, newest first. Read only through the HistoryStore
// interface, so every store (the embedded file, a warehouse dataset) serves these thresholds.
import type { HistoryStore } from './store.js';

export interface HistoryPoint {
  run_id: string;
  started_at: string;
  /** The check's status in that run. */
  status: string;
  /** Its metric, null when that run had none (an error, a value that is not a number). */
  value: number | null;
}

/**
 * Which runs are comparable with this one: the same target (another warehouse is another
 * history) and the same --from/--to (a run over a few dates measures something else).
 */
export interface HistoryScope {
  target: string;
  from: string | null;
  to: string | null;
}

/** Per check id, the points of the `depth` latest comparable runs that recorded it, newest first. */
export type CheckHistories = ReadonlyMap<string, readonly HistoryPoint[]>;

/**
 * What run() asks its caller for: the history of these checks before this run. Throws when the
 * store cannot be read; returns no points for a check (or none at all) when nothing is recorded.
 */
export type HistoryReader = (checks: readonly { id: string; depth: number }[], scope: HistoryScope) => Promise<CheckHistories>;

export async function readCheckHistories(store: HistoryStore, checks: readonly { id: string; depth: number }[], scope: HistoryScope): Promise<CheckHistories> {
  const runs = new Map<string, Awaited<ReturnType<HistoryStore['read']>>>();
  const histories = new Map<string, HistoryPoint[]>();
  for (const { id, depth } of checks) {
    const summaries = await store.runs({ checkId: id });
    const comparable = summaries.filter((r) => r.target === scope.target && r.from === scope.from && r.to === scope.to).slice(0, depth);
    const points: HistoryPoint[] = [];
    for (const summary of comparable) {
      if (!runs.has(summary.run_id)) runs.set(summary.run_id, await store.read(summary.run_id, { partitions: false }));
      const check = runs.get(summary.run_id)?.checks.find((c) => c.check_id === id);
      // The store listed this run as holding the check: a run or check that reads back missing is a broken store.
      if (!check) throw new Error(`run ${summary.run_id} is listed with ${id} but reads back without it`);
      points.push({ run_id: summary.run_id, started_at: summary.started_at, status: check.status, value: check.metric_value });
    }
    histories.set(id, points);
  }
  return histories;
}

/**
 * The history of the checks that compare with it, read through `reader`; an Error (never a
 * rejection) when there is no reader (history off) or it fails: those checks are then errors.
 */
export async function historiesFor(
  checks: readonly { id: string; depth: number }[],
  reader: HistoryReader | undefined,
  scope: HistoryScope,
): Promise<CheckHistories | Error> {
  if (!reader) return new Error('no history store to read (history is off for this run)');
  try {
    return await reader(checks, scope);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
