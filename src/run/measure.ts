// Query rows → one Measurement per check, through the check type's own `measure`.
import { IncompleteAnswerError } from '../checks/shared.js';
import type { EvalContext, Measurement, SetRow } from '../checks/types.js';
import type { CheckSpec } from '../config/types.js';
import type { Row, Value } from '../engines/engine.js';
import { checkTypeOf } from '../plan/compile.js';
import { aggregateColumn } from '../plan/render.js';

function setRows(rows: Row[], key: string): SetRow[] {
  const num = (v: Value | undefined) => (v === null || v === undefined ? null : Number(v));
  return rows
    .filter((row) => row.check_key === key)
    .map((row) => ({
      check_key: key,
      row_type: row.row_type === 'summary' ? 'summary' : 'group',
      key_json: typeof row.key_json === 'string' ? row.key_json : null,
      value: num(row.value),
      rows_evaluated: num(row.rows_evaluated),
      detail_json: typeof row.detail_json === 'string' ? row.detail_json : null,
    }));
}

/** The `<key>__<name>` columns of one aggregate row, by name. */
export function aggregateValues(row: Row, key: string): Record<string, Value> {
  const prefix = aggregateColumn(key, '');
  return Object.fromEntries(
    Object.entries(row)
      .filter(([column]) => column.startsWith(prefix))
      .map(([column, value]) => [column.slice(prefix.length), value]),
  );
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
