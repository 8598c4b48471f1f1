// The earlier runs of a run's selection, for the HTML report's trends: read from the store before
// the run is recorded. Never throws: trends are decoration, so a store that cannot be read is
// said in the report (TrendHistory.error) and changes nothing else; no store yet is no runs.
import type { TrendHistory } from '../reports/trends.js';
import { openHistoryStore, type StoreLocation } from './open-store.js';
import type { RunRecord } from './records.js';
import { NoHistoryStore, readListedRun, type HistoryStore } from './store.js';

/** How many earlier runs the trends show. */
export const TREND_RUNS = 10;

/** The runs `store.runs(options)` lists, read whole, newest first; a listed run that reads back missing is a broken store. */
export async function listedRuns(store: HistoryStore, options: Parameters<HistoryStore['runs']>[0]): Promise<RunRecord[]> {
  const runs: RunRecord[] = [];
  for (const summary of await store.runs(options)) runs.push(await readListedRun(store, summary.run_id));
  return runs;
}

export async function recentRuns(location: StoreLocation, selection: string): Promise<TrendHistory> {
  try {
    const store = await openHistoryStore(location, { create: false });
    try {
      return { runs: await listedRuns(store, { selection, limit: TREND_RUNS }) };
    } finally {
      store.close();
    }
  } catch (error) {
    if (error instanceof NoHistoryStore) return { runs: [] };
    return { error: String((error as Error)?.message ?? error) };
  }
}
