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

/**
 * An earlier run (earlier-NN, started 2026-01-01 + i days, target local) holding one check,
 * orders.row_count, with this metric value.
 */
export function recorded(i: number, value: number | null, options: { target?: string; status?: 'pass' | 'error' } = {}): RunRecord {
  const at = new Date(Date.UTC(2026, 0, 1 + i)).toISOString();
  return {
    run_id: `earlier-${String(i).padStart(2, '0')}`,
    started_at: at,
    finished_at: at,
    suite: null,
    select: [],
    exclude: [],
    target: options.target ?? 'local',
    engine: 'duckdb',
    as_of: at.slice(0, 10),
    from: null,
    to: null,
    exit_code: 0,
    status: 'pass',
    selection: '{}',
    checks: [
      {
        check_id: 'orders.row_count',
        table: 'shop.orders',
        type: 'row_count',
        status: options.status ?? 'pass',
        metric_name: 'row_count',
        metric_value: value,
        metric_text: value === null ? null : String(value),
        metric_unit: 'count',
        rows_evaluated: value,
        failing_group_count: 0,
        partition_unit: null,
        partitions_complete: false,
        partitions: [],
      },
    ],
  };
}
