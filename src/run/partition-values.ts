// Every per-partition value a run computed, passing partitions too: the results store records
// them (issue 13) so that `dq diff` can tell a fixed partition from one that is gone. The report
// lists only failing groups; these travel beside it, attached to the report run() returns.
import type { Value } from '../engines/engine.js';
import type { CheckReport, RunReport } from './report.js';

export interface PartitionValue {
  /** Column → value of the group (a date partition, a game_id, ...). */
  key: Record<string, Value>;
  /** The group's value in the check's group metric; null for a missing partition. */
  value: number | null;
  rows: number | null;
  status: 'pass' | 'warn' | 'fail';
  reason?: string;
}

/** Grouped (and partition-keyed set) checks' values by check report, as checkReport() made them. */
const byCheck = new WeakMap<CheckReport, PartitionValue[]>();
/** The same, by check id, for the report run() returned (redaction copies check reports). */
const byRun = new WeakMap<RunReport, Map<string, PartitionValue[]>>();

export function keepPartitionValues(check: CheckReport, values: PartitionValue[]): CheckReport {
  byCheck.set(check, values);
  return check;
}

/**
 * Attaches the values of `checks` (the reports as checkReport() made them) to `report`, their
 * keys passed through `redactKey` as the report's failing group keys are (a secret variable's
 * value returned as a group key must not reach the store either).
 */
export function attachPartitionValues(
  report: RunReport,
  checks: readonly CheckReport[],
  redactKey: (key: Record<string, Value>) => Record<string, Value>,
): RunReport {
  const map = new Map<string, PartitionValue[]>();
  for (const check of checks) {
    const values = byCheck.get(check);
    if (values) map.set(check.id, values.map((v) => ({ ...v, key: redactKey(v.key) })));
  }
  byRun.set(report, map);
  return report;
}

/**
 * Every partition value of a check of the run: all groups for a grouped check, all partitions for
 * a set check whose groups are the table's partitions (reconcile, volume by the partition
 * column); undefined when the run computed only the failing ones (set checks grouped by keys).
 */
export function partitionValuesOf(report: RunReport, checkId: string): PartitionValue[] | undefined {
  return byRun.get(report)?.get(checkId);
}
