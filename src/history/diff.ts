// Two recorded runs compared: checks whose status changed, metric deltas, and per partition
// fixed / regressed / still failing / new / gone. Pure: the store reads the runs, this compares.
import type { CheckRecord, PartitionRecord, PartitionStatus, RunRecord } from './records.js';
import type { RunSummary } from './store.js';

export type PartitionChangeKind = 'regressed' | 'still_failing' | 'new' | 'gone' | 'fixed';

/** Worst first: what broke, what is still broken, what appeared or vanished, what was fixed. */
export const CHANGE_ORDER: readonly PartitionChangeKind[] = ['regressed', 'still_failing', 'new', 'gone', 'fixed'];

export interface PartitionChange {
  change: PartitionChangeKind;
  check_id: string;
  table: string;
  /** The group key as JSON object text. */
  key: string;
  before: { status: PartitionStatus; value: number | null } | null;
  after: { status: PartitionStatus; value: number | null } | null;
}

export interface StatusChange {
  check_id: string;
  before: string | null;
  after: string | null;
  /** The check got worse: passing (or absent) → warn/fail/error/skipped, or warn → fail/error/skipped. */
  worse: boolean;
}

export interface MetricDelta {
  check_id: string;
  metric: string;
  unit: string;
  before: number;
  after: number;
  delta: number;
}

/**
 * A check whose partitions cannot all be compared: a set check lists at most its worst failing
 * partitions (LISTED_GROUPS), so in a run that listed fewer than it counted, a partition it does
 * not list may be failing or passing: neither fixed nor regressed can be said of it, and a
 * regression may hide among the failing partitions it did not list.
 */
export interface IncompleteCheck {
  check_id: string;
  reason: string;
}

export interface RunDiff {
  before: RunSummary;
  after: RunSummary;
  status_changes: StatusChange[];
  metric_deltas: MetricDelta[];
  partitions: PartitionChange[];
  counts: Record<PartitionChangeKind, number>;
  /** Something got worse: a partition regressed or a check's status did. `dq diff` exits 1. */
  regressed: boolean;
  /** Checks with partitions that could not be compared: "nothing regressed" cannot be said (exit 2 unless something did). */
  incomplete: IncompleteCheck[];
}

const RANK: Record<string, number> = { pass: 0, warn: 1, skipped: 2, fail: 3, error: 4 };

/** Checks that were evaluated: their partitions mean something. */
const evaluated = (c: CheckRecord | undefined): c is CheckRecord => c !== undefined && (c.status === 'pass' || c.status === 'warn' || c.status === 'fail');

type State = { status: PartitionStatus; value: number | null } | null;

/** A check recording only its failing partitions listed fewer than it counted. */
function truncated(check: CheckRecord): boolean {
  return !check.partitions_complete && check.partitions.filter((p) => p.status === 'fail').length < check.failing_group_count;
}

/**
 * The partition's state in a run: recorded, or for a check recording only its failing partitions,
 * passing when not listed (it was evaluated and did not fail), unknown (undefined) when its list
 * was cut short; null when absent.
 */
function stateOf(check: CheckRecord, byKey: ReadonlyMap<string, PartitionRecord>, key: string): State | undefined {
  const found = byKey.get(key);
  if (found) return { status: found.status, value: found.value };
  if (check.partitions_complete) return null;
  return truncated(check) ? undefined : { status: 'pass', value: null };
}

function classify(before: State, after: State): PartitionChangeKind | null {
  const failingBefore = before?.status === 'fail';
  const failingAfter = after?.status === 'fail';
  if (before === null) return after === null ? null : 'new';
  if (after === null) return 'gone';
  if (failingBefore && failingAfter) return 'still_failing';
  if (failingBefore) return 'fixed';
  if (failingAfter) return 'regressed';
  return null;
}

/** The partitions whose state is known in both runs, classified; the others are left out. */
function partitionChanges(before: CheckRecord, after: CheckRecord): PartitionChange[] {
  // By key (the first of a key, as a search would find): a run can hold thousands of partitions of a check.
  const byKey = (check: CheckRecord) => new Map([...check.partitions].reverse().map((p) => [p.key, p]));
  const beforeByKey = byKey(before);
  const afterByKey = byKey(after);
  const changes: PartitionChange[] = [];
  for (const key of new Set([...beforeByKey.keys(), ...afterByKey.keys()])) {
    const a = stateOf(before, beforeByKey, key);
    const b = stateOf(after, afterByKey, key);
    if (a === undefined || b === undefined) continue;
    const change = classify(a, b);
    if (change) changes.push({ change, check_id: after.check_id, table: after.table, key, before: a, after: b });
  }
  return changes;
}

/** Why some partitions of the check cannot be compared, or undefined when all can. */
function incompleteReason(before: CheckRecord, after: CheckRecord, runs: [string, string]): string | undefined {
  const cut = ([[before, runs[0]], [after, runs[1]]] as const).filter(([c]) => truncated(c));
  if (cut.length === 0) return undefined;
  return cut.map(([c, run]) => `run ${run} listed ${c.partitions.filter((p) => p.status === 'fail').length} of its ${c.failing_group_count} failing partitions`).join('; ');
}

export function diffRuns(before: RunRecord, after: RunRecord): RunDiff {
  const beforeChecks = new Map(before.checks.map((c) => [c.check_id, c]));
  const afterChecks = new Map(after.checks.map((c) => [c.check_id, c]));
  const ids = [...new Set([...beforeChecks.keys(), ...afterChecks.keys()])].sort();
  const status_changes: StatusChange[] = [];
  const metric_deltas: MetricDelta[] = [];
  const partitions: PartitionChange[] = [];
  const incomplete: IncompleteCheck[] = [];
  for (const id of ids) {
    const a = beforeChecks.get(id);
    const b = afterChecks.get(id);
    if (a?.status !== b?.status) {
      const worse = b !== undefined && (RANK[b.status] ?? 4) > (a === undefined ? 0 : (RANK[a.status] ?? 4));
      status_changes.push({ check_id: id, before: a?.status ?? null, after: b?.status ?? null, worse });
    }
    if (a && b && a.metric_value !== null && b.metric_value !== null && a.metric_value !== b.metric_value && a.metric_name === b.metric_name) {
      metric_deltas.push({ check_id: id, metric: b.metric_name, unit: b.metric_unit, before: a.metric_value, after: b.metric_value, delta: b.metric_value - a.metric_value });
    }
    // A check not evaluated in either run says nothing about its partitions.
    if (evaluated(a) && evaluated(b)) {
      partitions.push(...partitionChanges(a, b));
      const reason = incompleteReason(a, b, [before.run_id, after.run_id]);
      if (reason) incomplete.push({ check_id: id, reason });
    }
  }
  partitions.sort((x, y) => CHANGE_ORDER.indexOf(x.change) - CHANGE_ORDER.indexOf(y.change) || x.check_id.localeCompare(y.check_id) || x.key.localeCompare(y.key));
  const counts = Object.fromEntries(CHANGE_ORDER.map((k) => [k, partitions.filter((p) => p.change === k).length])) as Record<PartitionChangeKind, number>;
  return {
    before: summaryOf(before),
    after: summaryOf(after),
    status_changes,
    metric_deltas,
    partitions,
    counts,
    regressed: counts.regressed > 0 || status_changes.some((s) => s.worse),
    incomplete,
  };
}

function summaryOf(run: RunRecord): RunSummary {
  const summary: Partial<RunRecord> = { ...run };
  delete summary.checks;
  return summary as RunSummary;
}
