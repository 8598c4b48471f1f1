// Shared by the metricHistory tests of both stores: random recorded runs (targets, --from/--to,
// checks present or absent, null metrics), the histories they should give recomputed in plain
// TypeScript, and the per-check algorithm readCheckHistories used before metricHistory (a listing
// per check, a read per run), which the one read must agree with.
import fc from 'fast-check';
import type { HistoryPoint, HistoryScope } from '../../src/history/check-history.js';
import type { CheckRecord, RunRecord } from '../../src/history/records.js';
import type { HistoryStore } from '../../src/history/store.js';

export const CHECK_IDS = ['a.rows', 'b.nulls', 'c.sum', 'd.max'] as const;
export const SCOPES: readonly HistoryScope[] = [
  { target: 'local', from: null, to: null },
  { target: 'prod', from: null, to: null },
  { target: 'local', from: '2026-01-01', to: '2026-01-07' },
  { target: 'local', from: '2026-01-01', to: null },
  { target: 'local', from: null, to: '2026-01-07' },
];

const metric = fc.record({
  status: fc.constantFrom('pass', 'fail', 'warn', 'error'),
  // -0 is stored as 0 (v === 0 maps it).
  value: fc.oneof(fc.constant(null), fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => (v === 0 ? 0 : v))),
});

/** A run to record: its scope, its day (2026-01-01 + day), and the checks it holds. */
// Most runs in the first scope, so that a history holds several runs of one scope.
const scope = fc.oneof({ arbitrary: fc.constant(SCOPES[0]!), weight: 3 }, { arbitrary: fc.constantFrom(...SCOPES), weight: 2 });

const recordedRun = fc.record({
  scope,
  day: fc.integer({ min: 0, max: 3 }),
  checks: fc.record(Object.fromEntries(CHECK_IDS.map((id) => [id, metric])) as Record<(typeof CHECK_IDS)[number], typeof metric>, { requiredKeys: [] }),
});

/** What change:/anomaly: ask for: some checks (one the store never saw too), each with its depth, and the scope of this run. */
const asked = fc.record({
  scope,
  checks: fc.uniqueArray(fc.record({ id: fc.constantFrom(...CHECK_IDS, 'e.never'), depth: fc.integer({ min: 1, max: 6 }) }), { selector: (c) => c.id, minLength: 1 }),
});

/**
 * Case `n` of a property that records every case in one store: its runs and the scope it asks
 * for, on targets (and run ids) of its own, so the runs of the cases before it are other
 * targets' runs, holding the same check ids, which no history of this case may take.
 */
export function ownCase(n: number, runs: readonly RunRecord[], scope: HistoryScope): { runs: RunRecord[]; scope: HistoryScope } {
  const own = (target: string) => `${target}-${n}`;
  return { runs: runs.map((r) => ({ ...r, run_id: `case-${n}-${r.run_id}`, target: own(r.target) })), scope: { ...scope, target: own(scope.target) } };
}

export const historyCase = (maxRuns: number) => fc.record({ runs: fc.array(recordedRun, { minLength: 2, maxLength: maxRuns }).map(toRecords), asked });

type DrawnRun = { scope: HistoryScope; day: number; checks: Partial<Record<string, { status: string; value: number | null }>> };

function toRecords(runs: DrawnRun[]): RunRecord[] {
  return runs.map((r, i) => {
    // Seconds apart within the day: recording order (seq) and time order differ across days.
    const at = new Date(Date.UTC(2026, 0, 1 + r.day, 8, 0, i)).toISOString();
    const checks: CheckRecord[] = Object.entries(r.checks).map(([id, m]) => ({
      check_id: id, table: 'shop.orders', type: 'row_count', status: m!.status as CheckRecord['status'], metric_name: 'rows',
      metric_value: m!.value, metric_text: m!.value === null ? null : String(m!.value), metric_unit: 'count', rows_evaluated: 10,
      failing_group_count: 0, partition_unit: null, partitions_complete: false, partitions: [],
    }));
    return {
      run_id: `run-${String(i).padStart(2, '0')}`, started_at: at, finished_at: at, suite: null, select: [], exclude: [],
      target: r.scope.target, engine: 'duckdb', as_of: at.slice(0, 10), from: r.scope.from, to: r.scope.to, exit_code: 0,
      status: 'pass', selection: '{}', checks,
    };
  });
}

/** The oracle: per check, the newest `depth` runs (recorded last first) of the same target and range that hold it. */
export function expectedHistories(recorded: readonly RunRecord[], checks: readonly { id: string; depth: number }[], scope: HistoryScope): Map<string, HistoryPoint[]> {
  const newestFirst = [...recorded].reverse().filter((r) => r.target === scope.target && r.from === scope.from && r.to === scope.to);
  return new Map(
    checks.map(({ id, depth }) => {
      const points = newestFirst.flatMap((r) => {
        const check = r.checks.find((c) => c.check_id === id);
        return check ? [{ run_id: r.run_id, started_at: r.started_at, status: check.status, value: check.metric_value }] : [];
      });
      return [id, points.slice(0, depth)];
    }),
  );
}

/** readCheckHistories as it was before metricHistory: runs({ checkId }) per check, read() per listed run. */
export async function perCheckHistories(store: HistoryStore, checks: readonly { id: string; depth: number }[], scope: HistoryScope): Promise<Map<string, HistoryPoint[]>> {
  const histories = new Map<string, HistoryPoint[]>();
  const read = new Map<string, Promise<RunRecord | undefined>>(); // each run read once, as it was
  for (const { id, depth } of checks) {
    const listed = (await store.runs({ checkId: id })).filter((r) => r.target === scope.target && r.from === scope.from && r.to === scope.to).slice(0, depth);
    const points: HistoryPoint[] = [];
    for (const summary of listed) {
      if (!read.has(summary.run_id)) read.set(summary.run_id, store.read(summary.run_id, { partitions: false }));
      const check = (await read.get(summary.run_id))?.checks.find((c) => c.check_id === id);
      if (!check) throw new Error(`run ${summary.run_id} is listed with ${id} but reads back without it`);
      points.push({ run_id: summary.run_id, started_at: summary.started_at, status: check.status, value: check.metric_value });
    }
    histories.set(id, points);
  }
  return histories;
}
