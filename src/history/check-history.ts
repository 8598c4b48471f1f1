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

/**
 * The histories of these checks, read with one metricHistory() of the store (a fixed number of
 * queries, whatever the number of checks). A run listed with a check whose metric does not read
 * back, or listed twice for one check, is a broken store: an error, never fewer points.
 */
export async function readCheckHistories(store: HistoryStore, checks: readonly { id: string; depth: number }[], scope: HistoryScope): Promise<CheckHistories> {
  const histories = new Map<string, HistoryPoint[]>(checks.map((c) => [c.id, []]));
  if (checks.length === 0) return histories;
  const depths = new Map(checks.map((c) => [c.id, c.depth]));
  for (const listed of await store.metricHistory(checks, scope)) {
    const points = histories.get(listed.check_id);
    if (!points) throw new Error(`the history store answered with check ${listed.check_id}, which was not asked for`);
    if (!listed.metric) throw new Error(`run ${listed.run_id} is listed with ${listed.check_id} but reads back without it`);
    if (points.some((p) => p.run_id === listed.run_id)) throw new Error(`the history store lists run ${listed.run_id} twice for ${listed.check_id}`);
    // A store may list more than a check's depth (one depth for all checks): the newest `depth` are kept.
    if (points.length < depths.get(listed.check_id)!) {
      points.push({ run_id: listed.run_id, started_at: listed.started_at, status: listed.metric.status, value: listed.metric.value });
    }
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
