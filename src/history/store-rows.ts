// Rows a results store reads back (the BigQuery dataset's, the DuckDB file's), decoded as the
// schema promises them or an error: a cell of another type (or a missing column) is never read
// as a default, so a damaged store cannot hand change:/anomaly: a made-up value.
import type { Row, Value } from '../engines/engine.js';
import type { CheckRecord, PartitionRecord } from './records.js';
import type { ListedMetric, RunSummary } from './store.js';

function cell(row: Row, column: string): Value {
  if (!Object.hasOwn(row, column)) throw new Error(`the history store's answer has no column ${column}`);
  return row[column]!;
}

function wrongType(column: string, v: Value, expected: string): Error {
  return new Error(`the history store's ${column} is ${JSON.stringify(v)}, not ${expected}`);
}

export function textOrNull(row: Row, column: string): string | null {
  const v = cell(row, column);
  if (v === null || typeof v === 'string') return v;
  throw wrongType(column, v, 'text');
}

export function text(row: Row, column: string): string {
  const v = textOrNull(row, column);
  if (v === null) throw wrongType(column, v, 'text');
  return v;
}

export function numberOrNull(row: Row, column: string): number | null {
  const v = cell(row, column);
  if (v === null || (typeof v === 'number' && Number.isFinite(v))) return v;
  throw wrongType(column, v, 'a number');
}

export function integer(row: Row, column: string): number {
  const v = numberOrNull(row, column);
  if (v === null || !Number.isSafeInteger(v)) throw wrongType(column, v, 'a whole number');
  return v;
}

export function boolean(row: Row, column: string): boolean {
  const v = cell(row, column);
  if (typeof v !== 'boolean') throw wrongType(column, v, 'true or false');
  return v;
}

function stringList(row: Row, column: string): string[] {
  const parsed: unknown = JSON.parse(text(row, column));
  if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === 'string')) throw wrongType(column, text(row, column), 'a JSON list of text');
  return parsed;
}

export function runSummary(row: Row): RunSummary {
  return {
    run_id: text(row, 'run_id'),
    started_at: text(row, 'started_at'),
    finished_at: text(row, 'finished_at'),
    suite: textOrNull(row, 'suite'),
    select: stringList(row, 'select_json'),
    exclude: stringList(row, 'exclude_json'),
    target: text(row, 'target'),
    engine: text(row, 'engine'),
    as_of: text(row, 'as_of'),
    from: textOrNull(row, 'from_date'),
    to: textOrNull(row, 'to_date'),
    exit_code: integer(row, 'exit_code'),
    status: text(row, 'status'),
    selection: text(row, 'selection'),
  };
}

/** A partition_results row. */
function partitionRecord(row: Row): PartitionRecord {
  return {
    key: text(row, 'partition_key'),
    value: numberOrNull(row, 'value'),
    rows: numberOrNull(row, 'rows_evaluated'),
    status: text(row, 'status') as PartitionRecord['status'],
    reason: textOrNull(row, 'reason'),
  };
}

/** A run's check_results rows with their partition_results rows (any order within a check is kept). */
export function checkRecords(checkRows: readonly Row[], partitionRows: readonly Row[]): CheckRecord[] {
  const partitions = new Map<string, PartitionRecord[]>();
  for (const p of partitionRows) {
    const list = partitions.get(text(p, 'check_id')) ?? [];
    list.push(partitionRecord(p));
    partitions.set(text(p, 'check_id'), list);
  }
  return checkRows.map((r) => ({
    check_id: text(r, 'check_id'),
    table: text(r, 'table_name'),
    type: text(r, 'type'),
    status: text(r, 'status') as CheckRecord['status'],
    metric_name: text(r, 'metric_name'),
    metric_value: numberOrNull(r, 'metric_value'),
    metric_text: textOrNull(r, 'metric_text'),
    metric_unit: text(r, 'metric_unit'),
    rows_evaluated: numberOrNull(r, 'rows_evaluated'),
    failing_group_count: integer(r, 'failing_group_count'),
    partition_unit: textOrNull(r, 'partition_unit'),
    partitions_complete: boolean(r, 'partitions_complete'),
    partitions: partitions.get(text(r, 'check_id')) ?? [],
  }));
}

/**
 * A row of a metricHistory() answer: check_id, run_id, started_at, and `recorded` (whether the
 * check's row was found in the run) with its status and metric_value (read only when recorded).
 */
export function listedMetric(row: Row): ListedMetric {
  return {
    check_id: text(row, 'check_id'),
    run_id: text(row, 'run_id'),
    started_at: text(row, 'started_at'),
    metric: boolean(row, 'recorded') ? checkMetric(row) : null,
  };
}

/** A check_results row's status and metric_value, what change:/anomaly: compare with. */
export function checkMetric(row: Row): NonNullable<ListedMetric['metric']> {
  return { status: text(row, 'status'), value: numberOrNull(row, 'metric_value') };
}
