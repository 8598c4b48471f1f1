// The history store `dq diff` and `dq history` read: .dq/history.duckdb beside the --config file.
// A store that is missing or cannot be opened is a usage problem (exit 3), said the same way by both.
// `dq run` reads the history its change:/anomaly: thresholds compare with through projectHistoryReader.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, commandLineIssue } from '../config/errors.js';
import { readCheckHistories, type HistoryReader } from '../history/check-history.js';
import { DuckDbHistoryStore } from '../history/duckdb-store.js';
import { historyFile } from '../history/store.js';

export async function openRecordedHistory(config: string): Promise<DuckDbHistoryStore> {
  const file = historyFile(path.dirname(path.resolve(config)));
  try {
    return await DuckDbHistoryStore.open(file, { create: false });
  } catch (error) {
    throw new ConfigError([commandLineIssue(`cannot read the history store: ${(error as Error).message}`)]);
  }
}

/**
 * What `change:` / `anomaly:` read before a run: the project's store, through the store
 * interface. No store file yet is no history (those checks warn); a store that cannot be read
 * throws (those checks are errors).
 */
export function projectHistoryReader(projectRoot: string): HistoryReader {
  return async (checks, scope) => {
    const file = historyFile(projectRoot);
    if (!existsSync(file)) return new Map();
    const { DuckDbHistoryStore } = await import('../history/duckdb-store.js');
    const store = await DuckDbHistoryStore.open(file, { create: false });
    try {
      return await readCheckHistories(store, checks, scope);
    } finally {
      store.close();
    }
  };
}
