// Rows the BigQuery store reads back, decoded as the schema promises them or an error: a cell
// of another type (or a missing column) is never read as a default.
import type { Row, Value } from '../engines/engine.js';
import type { RunSummary } from './store.js';

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
