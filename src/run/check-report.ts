// One check's entry in the report: measured from its query's rows and evaluated, or an error
// when the query failed or its rows could not be read.
import type { EvalContext } from '../checks/types.js';
import type { CheckSpec } from '../config/types.js';
import { checkTypeOf } from '../plan/compile.js';
import { describeError } from './errors.js';
import { evaluate } from './evaluate.js';
import type { QueryOutcome } from './execute.js';
import { evaluateGroups, measureGroups } from './groups.js';
import { measureCheck } from './measure.js';
import { keepPartitionValues } from './partition-values.js';
import type { CheckReport, MetricUnit } from './report.js';

function baseReport(check: CheckSpec) {
  const type = checkTypeOf(check);
  const fail = type.bounds(check.args);
  const warn = check.warn ? type.bounds({ ...check.args, ...check.warn }) : undefined;
  return {
    id: check.id,
    name: check.name,
    file: check.file,
    table: check.table,
    type: check.type,
    severity: check.severity,
    ...(check.description ? { description: check.description } : {}),
    tags: check.tags,
    thresholds: { fail, ...(warn ? { warn } : {}) },
    ...(check.groupBy?.length ? { group_by: check.groupBy } : {}),
  };
}

/**
 * The unit of a check's thresholds when it has no measurement to say so (skipped, error): the
 * kind its threshold arguments are written in, so a skipped coverage check reads "≥ 45%".
 */
function thresholdUnit(check: CheckSpec): MetricUnit {
  // warnKeys are exactly a type's own threshold arguments (volume's min_ratio is not one).
  const type = checkTypeOf(check);
  const kinds = type.warnKeys.map((key) => type.argKinds[key]);
  if (kinds.includes('share')) return 'share';
  if (kinds.includes('duration')) return 'seconds';
  // An age written in calendar months is measured in months (a number), else in seconds.
  if (kinds.includes('age')) return type.warnKeys.some((k) => type.argKinds[k] === 'age' && typeof check.args[k] === 'object') ? 'number' : 'seconds';
  return kinds.includes('number') ? 'number' : 'count';
}

/** The check's own fields where its type can say them; bare ones when even that throws. */
function safeBaseReport(check: CheckSpec): ReturnType<typeof baseReport> {
  try {
    return baseReport(check);
  } catch {
    const { id, name, file, table, type, severity, tags } = check;
    return { id, name, file, table, type, severity, tags, thresholds: { fail: {} } };
  }
}

function unmeasured(check: CheckSpec, status: 'error' | 'skipped', message: string): CheckReport {
  let unit: MetricUnit = 'count';
  try {
    unit = thresholdUnit(check);
  } catch {
    // The report of a check dq could not evaluate must not fail in turn.
  }
  return {
    ...safeBaseReport(check),
    status,
    message,
    metric: { name: 'none', value: null, unit },
    rows_evaluated: null,
    failing_groups: [],
    failing_group_count: 0,
    query_id: null,
    duration_ms: 0,
  };
}

export function skippedReport(check: CheckSpec, reason: string): CheckReport {
  return { ...unmeasured(check, 'skipped', reason), skipped_reason: reason };
}

/** A check that was not evaluated: refused, rejected by its dry run, or interrupted. */
export function errorReport(check: CheckSpec, error: Error): CheckReport {
  return unmeasured(check, 'error', describeError(error));
}

export function checkReport(check: CheckSpec, outcome: QueryOutcome, key: string, ctx: EvalContext): CheckReport {
  const timing = { query_id: outcome.query.id, duration_ms: Math.round(outcome.durationMs) };
  if (outcome.error) return { ...unmeasured(check, 'error', describeError(outcome.error)), ...timing };
  const base = baseReport(check);
  try {
    if (outcome.query.groupBy.length > 0) {
      const grouped = evaluateGroups(check, measureGroups(check, outcome, key, ctx), base.thresholds.fail, base.thresholds.warn);
      return keepPartitionValues({
        ...base,
        ...timing,
        status: grouped.verdict.status,
        message: grouped.verdict.message,
        metric: grouped.metric,
        rows_evaluated: grouped.rowsEvaluated,
        failing_groups: grouped.failingGroups,
        group_metric: { name: grouped.metric.name, unit: grouped.metric.unit },
        failing_group_count: grouped.failingGroupCount,
      }, grouped.partitions);
    }
    const m = measureCheck(check, key, outcome.rows, ctx);
    const detailUnits = checkTypeOf(check).detailUnits;
    const groupMetric = detailUnits
      ? { ...(m.groupMetric ?? { name: m.metric.name, unit: m.metric.unit }), detail_units: detailUnits }
      : m.groupMetric;
    const verdict = evaluate(check, m, base.thresholds.fail, base.thresholds.warn);
    const report: CheckReport = {
      ...base,
      ...timing,
      status: verdict.status,
      message: verdict.message,
      metric: m.metric,
      rows_evaluated: m.rowsEvaluated,
      failing_groups: m.failingGroups ?? [],
      ...(groupMetric ? { group_metric: groupMetric } : {}),
      failing_group_count: m.failingGroupCount ?? m.failingGroups?.length ?? 0,
    };
    // A set check whose groups are the table's partitions measured every one (for the store).
    return m.partitions ? keepPartitionValues(report, m.partitions) : report;
  } catch (error) {
    return { ...unmeasured(check, 'error', (error as Error).message), ...timing };
  }
}
