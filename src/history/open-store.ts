// Which results store a project uses, and opening it: .dq/history.duckdb beside the config, or
// the BigQuery dataset of `history: { target, dataset }`. Generic code (dq run, diff, history)
// goes through here and the HistoryStore interface, never a store class.
import type { ProjectConfig, TargetConfig } from '../config/types.js';
import { historyFile, type HistoryStore } from './store.js';

export type StoreLocation = { kind: 'duckdb'; file: string } | { kind: 'bigquery'; target: TargetConfig; dataset: string };

/**
 * The store of a project rooted at `root`; `target` (dq diff/history --target) names the bigquery
 * target whose project holds the configured history dataset instead. A string says why there is none.
 */
export function storeLocation(root: string, config: ProjectConfig | undefined, target?: string): StoreLocation | string {
  const setting = config?.history === false ? undefined : config?.history;
  const name = target ?? setting?.target;
  if (name === undefined) return { kind: 'duckdb', file: historyFile(root) };
  const found = config?.targets[name];
  if (!found) return `--target ${name} is not a defined target`;
  if (found.engine !== 'bigquery') return `--target ${name} is a ${found.engine} target; a history store on a target is a BigQuery dataset`;
  if (setting?.dataset === undefined) return `no history dataset is configured (history: { target: ${name}, dataset: NAME } in checks.config.yaml)`;
  return { kind: 'bigquery', target: found, dataset: setting.dataset };
}

/**
 * Opens the store; `create` (recording) creates what is missing, otherwise a missing store is an
 * error. `keepDays` (recording): the BigQuery store sets its tables' partition expiration from it;
 * the embedded store prunes as it appends instead (append's pruneBefore).
 */
export async function openHistoryStore(location: StoreLocation, options: { create: boolean; keepDays?: number }): Promise<HistoryStore> {
  if (location.kind === 'duckdb') {
    const { DuckDbHistoryStore } = await import('./duckdb-store.js');
    return DuckDbHistoryStore.open(location.file, { create: options.create });
  }
  const { BigQueryHistoryStore } = await import('./bigquery-store.js');
  return BigQueryHistoryStore.open(location, options);
}
