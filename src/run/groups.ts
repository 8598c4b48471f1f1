// Grouped aggregate checks (`group_by`): every group must meet the thresholds. A partition that
// must exist but has no rows is a failing group of its own ("missing"); a group with no rows in
// the check's scope is not invented.
import { requiredCount } from '../checks/shared.js';
import type { EvalContext, Measurement } from '../checks/types.js';
import type { CheckSpec } from '../config/types.js';
import type { Row, Value } from '../engines/engine.js';
import { checkTypeOf } from '../plan/compile.js';
import { EXPECTED_COLUMN } from '../plan/partitions.js';
import { evaluate, type Verdict } from './evaluate.js';
import type { QueryOutcome } from './execute.js';
import { formatValue } from './format.js';
import { aggregateValues } from './measure.js';
import type { PartitionValue } from './partition-values.js';
import type { Bounds, FailingGroup } from './report.js';

export interface GroupResult {
  key: Record<string, Value>;
  /** Null for an expected partition with no rows. */
  measurement: Measurement | null;
}

export interface GroupedOutcome {
  verdict: Verdict;
  metric: Measurement['metric'];
  failingGroups: FailingGroup[];
  failingGroupCount: number;
  rowsEvaluated: number;
  /** Every group's value and status, passing ones too (for the results store). */
  partitions: PartitionValue[];
}

/** Per-group measurements of a grouped aggregate query's rows, for one check. */
export function measureGroups(check: CheckSpec, outcome: QueryOutcome, key: string, ctx: EvalContext): GroupResult[] {
  const type = checkTypeOf(check);
  if (type.kind !== 'aggregate') throw new Error(`${check.id} cannot be grouped`);
  return splitGroups(outcome.rows, outcome.query.groupBy, check.partition, (row) => {
    const values = aggregateValues(row, key);
    return { measurement: type.measure(check, values, ctx), scopedRows: requiredCount(values.rows, 'rows') };
  });
}

function splitGroups(
  rows: Row[],
  groupBy: string[],
  partition: string | undefined,
  measure: (row: Row) => { measurement: Measurement; scopedRows: number },
): GroupResult[] {
  const results: GroupResult[] = [];
  for (const row of rows) {
    const expected = row[EXPECTED_COLUMN] ?? null;
    const absent = groupBy.every((c) => row[c] === null || row[c] === undefined);
    if (absent && expected !== null && partition) {
      results.push({ key: { [partition]: expected }, measurement: null });
      continue;
    }
    const { measurement, scopedRows } = measure(row);
    if (scopedRows === 0 && expected === null) continue;
    results.push({ key: Object.fromEntries(groupBy.map((c) => [c, row[c] ?? null])), measurement });
  }
  return results;
}

const keyText = (key: Record<string, Value>) =>
  Object.entries(key)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');

/** The worst end of the scale: low values when a minimum (or exact value) is required. */
const lowIsWorse = (bounds: Bounds) => bounds.min !== undefined || bounds.equals !== undefined;

/** Groups as report entries, worst first; missing partitions lead. */
export function rankGroups(groups: FailingGroup[], bounds: Bounds): FailingGroup[] {
  const ascending = lowIsWorse(bounds);
  // Ties in key order: engines return groups in no particular order, and a report must not
  // depend on it.
  const byKey = (a: FailingGroup, b: FailingGroup) => JSON.stringify(a.key).localeCompare(JSON.stringify(b.key));
  return [...groups].sort((a, b) => {
    if (a.value === null || b.value === null) return (a.value === null ? 0 : 1) - (b.value === null ? 0 : 1) || byKey(a, b);
    return (ascending ? a.value - b.value : b.value - a.value) || byKey(a, b);
  });
}

export function asFailingGroup(group: GroupResult): FailingGroup {
  const m = group.measurement;
  if (!m) return { key: group.key, value: null, rows: 0, reason: 'missing' };
  return { key: group.key, value: m.value, ...(m.rowsEvaluated !== null ? { rows: m.rowsEvaluated } : {}) };
}

export function evaluateGroups(check: CheckSpec, groups: GroupResult[], fail: Bounds, warn: Bounds | undefined): GroupedOutcome {
  const bad = check.severity === 'error' ? 'fail' : 'warn';
  const ascending = lowIsWorse(fail);
  let failing: FailingGroup[] = [];
  let warned = 0;
  let rowsEvaluated = 0;
  let metric: Measurement['metric'] | undefined;
  const partitions: PartitionValue[] = [];
  for (const group of groups) {
    const m = group.measurement;
    if (!m) {
      failing.push(asFailingGroup(group));
      partitions.push({ key: group.key, value: null, rows: 0, status: 'fail', reason: 'missing' });
      continue;
    }
    metric ??= { ...m.metric, value: null };
    rowsEvaluated += m.rowsEvaluated ?? 0;
    const rows = m.rowsEvaluated;
    if (evaluate(check, m, fail, undefined).status !== 'pass') {
      failing.push(asFailingGroup(group));
      partitions.push({ key: group.key, value: m.value, rows, status: 'fail' });
    } else if (warn && evaluate(check, m, fail, warn).status === 'warn') {
      warned++;
      partitions.push({ key: group.key, value: m.value, rows, status: 'warn' });
    } else {
      partitions.push({ key: group.key, value: m.value, rows, status: 'pass' });
    }
  }
  failing = rankGroups(failing, fail);
  metric ??= { name: 'groups', value: null, unit: 'count' };
  const unit = metric.unit;
  const by = (check.groupBy ?? []).join(', ');
  const worst = failing[0];
  const worstText = worst
    ? `; worst ${keyText(worst.key)}: ${worst.reason === 'missing' ? 'missing (no rows)' : formatValue(worst.value, unit)}`
    : '';
  let verdict: Verdict;
  if (groups.length === 0) {
    verdict = { status: bad, message: `no ${by} groups to evaluate: an empty table, filter or partition never passes` };
  } else if (failing.length > 0) {
    verdict = { status: bad, message: `${metric.name} out of bounds in ${failing.length} of ${groups.length} ${by} groups${worstText}` };
  } else if (warned > 0) {
    verdict = { status: 'warn', message: `${metric.name} breaks the warn threshold in ${warned} of ${groups.length} ${by} groups` };
  } else {
    verdict = { status: 'pass', message: `${metric.name} within bounds in all ${groups.length} ${by} groups` };
  }
  const values = groups.map((g) => g.measurement?.value).filter((v): v is number => typeof v === 'number');
  const worstValue = values.length ? (ascending ? Math.min(...values) : Math.max(...values)) : null;
  return {
    verdict,
    metric: { ...metric, value: worst && worst.value === null ? null : worstValue },
    failingGroups: failing,
    failingGroupCount: failing.length,
    rowsEvaluated,
    partitions,
  };
}
