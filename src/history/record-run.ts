// Appending a finished run to the results store. Never throws: a store that cannot be written
// must not change the gate's verdict, so the caller gets the problem as text and decides (a
// warning, or exit 2 under `history: { required: true }`).
import type { RunReport } from '../run/report.js';
import { openHistoryStore, type StoreLocation } from './open-store.js';
import { runRecord } from './records.js';

/** Records the run; returns why it could not, or undefined when it was recorded. */
export async function recordRun(report: RunReport, exitCode: number, location: StoreLocation): Promise<string | undefined> {
  try {
    const store = await openHistoryStore(location, { create: true });
    try {
      await store.append(runRecord(report, exitCode));
    } finally {
      store.close();
    }
    return undefined;
  } catch (error) {
    return String((error as Error)?.message ?? error);
  }
}
