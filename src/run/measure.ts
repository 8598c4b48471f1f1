// Query rows → one Measurement per check, through the check type's own `measure`.
//
// One batched query answers many checks: its single aggregate row holds every check's
// `<key>__<name>` columns, and a set query's rows carry each check's key. Each row (and each set
// of rows) is indexed by check key once, so reading N checks' answers costs O(rows + columns),
// not O(N × columns): 20,000 checks on one table must not take minutes.
import { IncompleteAnswerError, toNumber } from '../checks/shared.js';
import type { EvalContext, Measurement, SetRow } from '../checks/types.js';
import type { CheckSpec } from '../config/types.js';
import type { Row, Value } from '../engines/engine.js';
import { checkTypeOf } from '../plan/compile.js';
import { aggregateColumn } from '../plan/render.js';

/** Set-query rows by `check_key`, built once per result. */
const setRowsByKey = new WeakMap<Row[], Map<Value | undefined, Row[]>>();

function rowsOfKey(rows: Row[], key: string): Row[] {
  let index = setRowsByKey.get(rows);
  if (!index) {
    index = new Map();
    for (const row of rows) {
      const own = index.get(row.check_key);
      if (own) own.push(row);
      else index.set(row.check_key, [row]);
    }
    setRowsByKey.set(rows, index);
  }
  return index.get(key) ?? [];
}

const ROW_TYPES: readonly Value[] = ['summary', 'group', 'partition'] satisfies SetRow['row_type'][];

/** A row of no kind dq renders is not this query's answer. */
function rowType(v: Value | undefined): SetRow['row_type'] {
  if (!ROW_TYPES.includes(v ?? null)) throw new IncompleteAnswerError(`row_type is ${JSON.stringify(v)}`);
  return v as SetRow['row_type'];
}

function setRows(rows: Row[], key: string): SetRow[] {
  // NULL stays NULL (each type says what it means); a value that is no number is a malformed answer.
  const num = (v: Value | undefined, column: string) => {
    if (v === null || v === undefined) return null;
    const n = toNumber(v);
    if (n === null) throw new IncompleteAnswerError(`${column} is ${JSON.stringify(v)}, not a number`);
    return n;
  };
  return rowsOfKey(rows, key).map((row) => ({
    check_key: key,
    row_type: rowType(row.row_type),
    key_json: typeof row.key_json === 'string' ? row.key_json : null,
    value: num(row.value, 'value'),
    rows_evaluated: num(row.rows_evaluated, 'rows_evaluated'),
    detail_json: typeof row.detail_json === 'string' ? row.detail_json : null,
  }));
}

/** An aggregate row's `<key>__<name>` columns as [name, value] pairs per key, built once per row. */
const columnsByKey = new WeakMap<Row, Map<string, [string, Value][]>>();

/** The text between a column's key and its name; check keys (c1, c2, ...) never contain it. */
const SEPARATOR = aggregateColumn('', '');

function keyedColumns(row: Row): Map<string, [string, Value][]> {
  let index = columnsByKey.get(row);
  if (!index) {
    index = new Map();
    for (const [column, value] of Object.entries(row)) {
      const at = column.indexOf(SEPARATOR);
      if (at <= 0) continue;
      const key = column.slice(0, at);
      const entry: [string, Value] = [column.slice(at + SEPARATOR.length), value];
      const own = index.get(key);
      if (own) own.push(entry);
      else index.set(key, [entry]);
    }
    columnsByKey.set(row, index);
  }
  return index;
}

/** The `<key>__<name>` columns of one aggregate row, by name. */
export function aggregateValues(row: Row, key: string): Record<string, Value> {
  return Object.fromEntries(keyedColumns(row).get(key) ?? []);
}

/** An aggregate query without GROUP BY returns exactly one row; any other answer is incomplete. */
function onlyRow(rows: Row[]): Row {
  if (rows.length !== 1) throw new IncompleteAnswerError(rows.length === 0 ? 'no aggregate row' : `${rows.length} aggregate rows, not 1`);
  return rows[0]!;
}

/** Throws when the rows cannot be read as this check's result (the check then errors). */
export function measureCheck(check: CheckSpec, key: string, rows: Row[], ctx: EvalContext): Measurement {
  const type = checkTypeOf(check);
  return type.kind === 'aggregate'
    ? type.measure(check, aggregateValues(onlyRow(rows), key), ctx)
    : type.measure(check, setRows(rows, key), ctx);
}
