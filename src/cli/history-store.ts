// The history store `dq diff` and `dq history` read: the project's (.dq/history.duckdb beside the
// --config file, or its `history: { target, dataset }`), or with --target the history dataset on
// that bigquery target. A store that is missing is a usage problem (exit 3), said the same way by
// both; a store of either kind that cannot be read for another reason is dq failing (exit 2).
// `dq run` reads the history its change:/anomaly: thresholds compare with through projectHistoryReader.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, commandLineIssue } from '../config/errors.js';
import { IssueList } from '../config/issues.js';
import { loadConfig } from '../config/load-config.js';
import type { ProjectConfig } from '../config/types.js';
import { readCheckHistories, type HistoryReader } from '../history/check-history.js';
import { openHistoryStore, storeLocation, type StoreLocation } from '../history/open-store.js';
import { NoHistoryStore, type HistoryStore } from '../history/store.js';

/** checks.config.yaml, when there is one; its problems are the user's to fix (exit 3). */
async function readConfig(configFile: string): Promise<ProjectConfig | undefined> {
  if (!existsSync(configFile)) return undefined;
  const issues = new IssueList();
  const { config } = await loadConfig(configFile, path.dirname(configFile), {}, issues);
  issues.throwIfAny();
  return config;
}

export async function openRecordedHistory(config: string, target?: string): Promise<HistoryStore> {
  const configFile = path.resolve(config);
  const location = storeLocation(path.dirname(configFile), await readConfig(configFile), target);
  const usage = (message: string) => new ConfigError([commandLineIssue(`cannot read the history store: ${message}`)]);
  if (typeof location === 'string') throw usage(location);
  try {
    return await openHistoryStore(location, { create: false });
  } catch (error) {
    // Only a store that is not there is the user's to fix; one that cannot be read is dq failing.
    if (error instanceof NoHistoryStore) throw usage(error.message);
    throw error;
  }
}

/**
 * What `change:` / `anomaly:` read before a run: the project's store at `location`, through the
 * store interface (a location that is text says why there is none: those checks are errors).
 * No store yet is no history (those checks warn); a store that cannot be read throws (errors).
 */
export function projectHistoryReader(location: StoreLocation | string): HistoryReader {
  return async (checks, scope) => {
    if (typeof location === 'string') throw new Error(location);
    let store: HistoryStore;
    try {
      store = await openHistoryStore(location, { create: false });
    } catch (error) {
      if (error instanceof NoHistoryStore) return new Map();
      throw error;
    }
    try {
      return await readCheckHistories(store, checks, scope);
    } finally {
      store.close();
    }
  };
}
