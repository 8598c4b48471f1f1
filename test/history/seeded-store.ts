// Shared by the history tests: a project's embedded store (.dq/history.duckdb) holding runs
// recorded earlier, appended oldest first as dq would have recorded them.
import { DuckDbHistoryStore } from '../../src/history/duckdb-store.js';
import type { RunRecord } from '../../src/history/records.js';
import { historyFile } from '../../src/history/store.js';

/** Creates the project's store and appends these runs to it, in this order. */
export async function seedHistory(cwd: string, runs: RunRecord[]): Promise<void> {
  const store = await DuckDbHistoryStore.open(historyFile(cwd), { create: true });
  try {
    for (const run of runs) await store.append(run);
  } finally {
    store.close();
  }
}
