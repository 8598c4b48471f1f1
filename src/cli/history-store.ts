// The history store `dq diff` and `dq history` read: .dq/history.duckdb beside the --config file.
// A store that is missing or cannot be opened is a usage problem (exit 3), said the same way by both.
import path from 'node:path';
import { ConfigError, commandLineIssue } from '../config/errors.js';
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
