// Appending a finished run to the results store. Never throws: a store that cannot be written
// must not change the gate's verdict, so the caller gets the problem as text and decides (a
// warning, or exit 2 under `history: { required: true }`).
import type { RunReport } from '../run/report.js';
import { openHistoryStore, type StoreLocation } from './open-store.js';
import { runRecord } from './records.js';

/**
 * Records the run; returns why it could not, or undefined when it was recorded. `keepDays`: in
 * the embedded store, runs that started more than that many days before this one are removed
 * with it, atomically; the BigQuery store's tables get it as their partition expiration (BigQuery
 * deletes the expired days itself).
 */
export async function recordRun(report: RunReport, exitCode: number, location: StoreLocation, keepDays?: number): Promise<string | undefined> {
  try {
    const store = await openHistoryStore(location, { create: true, keepDays });
    try {
      const pruneBefore = keepDays === undefined ? undefined : new Date(Date.parse(report.started_at) - keepDays * 86_400_000).toISOString();
      await store.append(runRecord(report, exitCode), pruneBefore === undefined ? {} : { pruneBefore });
    } finally {
      store.close();
    }
    return undefined;
  } catch (error) {
    return String((error as Error)?.message ?? error);
  }
}
