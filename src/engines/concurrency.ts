// How many queries an engine runs at once when neither --concurrency nor the target says.
// Embedded DuckDB already spreads one query over every core: queries sent side by side only
// compete for them (and for memory), so it runs them one at a time. BigQuery runs each job on
// its own slots: several jobs in flight hide the round trips.
import type { Engine } from './engine.js';

export const DEFAULT_CONCURRENCY: Record<Engine['name'], number> = {
  duckdb: 1,
  bigquery: 4,
};
