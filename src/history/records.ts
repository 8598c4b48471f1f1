// What the results store holds of a run: the run record, each check's result and every
// partition value the run computed. Plain data, independent of the store that keeps it.
import type { CheckReport, RunReport } from '../run/report.js';
import { partitionValuesOf } from '../run/partition-values.js';

export type PartitionStatus = 'pass' | 'warn' | 'fail';

export interface PartitionRecord {
  /** JSON object text of the group key, keys sorted ({"game_date":"2026-01-03"}). */
  key: string;
  value: number | null;
  rows: number | null;
  status: PartitionStatus;
  reason: string | null;
}

export interface CheckRecord {
  check_id: string;
  table: string;
  type: string;
  status: CheckReport['status'];
  metric_name: string;
  /** The metric as a number where it is one; null otherwise (see metric_text). */
  metric_value: number | null;
  /** The metric as the report gave it (exact decimal text, a date), or null. */
  metric_text: string | null;
  metric_unit: string;
  rows_evaluated: number | null;
  failing_group_count: number;
  /** The unit of the partitions' values (reconcile: completeness, a share), when it is not metric_unit's. */
  partition_unit: string | null;
  /**
   * True when `partitions` holds every partition the check evaluated (grouped checks, reconcile
   * and volume by the partition column); false when it holds only the failing ones (set checks
   * grouped by keys report offenders only), so a group not listed was evaluated and passed.
   */
  partitions_complete: boolean;
  partitions: PartitionRecord[];
}

export interface RunRecord {
  run_id: string;
  started_at: string;
  finished_at: string;
  suite: string | null;
  select: string[];
  exclude: string[];
  target: string;
  engine: string;
  as_of: string;
  from: string | null;
  to: string | null;
  exit_code: number;
  status: string;
  /** Same suite, selectors and target: the runs `dq diff` compares by default. */
  selection: string;
  checks: CheckRecord[];
}

/** JSON text of a group key with its columns sorted, so equal keys compare equal as text. */
export function keyText(key: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.keys(key).sort().map((k) => [k, key[k]])));
}

export function selectionOf(suite: string | null, select: readonly string[], exclude: readonly string[], target: string): string {
  return JSON.stringify({ suite, select: [...select].sort(), exclude: [...exclude].sort(), target });
}

/** A report's metric as a finite number (exact decimal text read as its nearest double); null otherwise. */
export function metricNumber(raw: CheckReport['metric']['value']): number | null {
  const number = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : null;
  return number !== null && Number.isFinite(number) ? number : null;
}

/** The selection of a run's report (see RunRecord.selection). */
export function runSelection(report: RunReport): string {
  return selectionOf(report.suite, report.invocation?.select ?? [], report.invocation?.exclude ?? [], report.target.name);
}

function checkRecord(report: RunReport, check: CheckReport): CheckRecord {
  const all = partitionValuesOf(report, check.id);
  const raw = check.metric.value;
  const partitions: PartitionRecord[] = all
    ? all.map((p) => ({ key: keyText(p.key), value: p.value, rows: p.rows, status: p.status, reason: p.reason ?? null }))
    : check.failing_groups.map((g) => ({ key: keyText(g.key), value: g.value, rows: g.rows ?? null, status: 'fail', reason: g.reason ?? null }));
  return {
    check_id: check.id,
    table: check.table,
    type: check.type,
    status: check.status,
    metric_name: check.metric.name,
    metric_value: metricNumber(raw),
    metric_text: raw === null ? null : String(raw),
    metric_unit: check.metric.unit,
    rows_evaluated: check.rows_evaluated,
    failing_group_count: check.failing_group_count,
    partition_unit: check.group_metric?.unit ?? null,
    partitions_complete: all !== undefined,
    partitions,
  };
}

/**
 * The store's record of a run. `report` is the one run() returned (it carries the passing
 * partitions); `exitCode` the run's final verdict.
 */
export function runRecord(report: RunReport, exitCode: number): RunRecord {
  const inv = report.invocation;
  const select = inv?.select ?? [];
  const exclude = inv?.exclude ?? [];
  return {
    run_id: report.run_id,
    started_at: report.started_at,
    finished_at: report.finished_at,
    suite: report.suite,
    select,
    exclude,
    target: report.target.name,
    engine: report.target.engine,
    as_of: report.as_of,
    from: inv?.from ?? null,
    to: inv?.to ?? null,
    exit_code: exitCode,
    status: report.status,
    selection: runSelection(report),
    checks: report.checks.map((c) => checkRecord(report, c)),
  };
}
