// Literals of check arguments (accepted_values, between) rendered in their column's type.
// BigQuery has no implicit string↔number coercion (`status IN ('1', '2')` on an INT64 is an
// error, `code >= 0` on a STRING too), so a value is converted where its meaning is plain —
// '1' → 1 on a number column, 1 → '1' on a STRING (accepted values only: a number bound on a
// STRING would order as text), 'true' → TRUE on a BOOL, '2026-01-03' → DATE '2026-01-03' on a
// DATE — and anything else is a configuration error at the check, before anything is sent. Without the column's type (`dq compile`) values are rendered as written.
import { ConfigError } from '../config/errors.js';
import type { CheckSpec } from '../config/types.js';
import { isIsoDate } from '../iso-date.js';
import { literal, toNumber } from './shared.js';
import type { RenderContext } from './types.js';

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
const TIME_TEXT = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?(?:[zZ]|[+-]\d{2}(?::?\d{2})?)?$/;
const NUMERIC = new Set(['INT64', 'FLOAT64', 'NUMERIC', 'BIGNUMERIC']);

/** A date, or a time whose date part exists in the calendar. */
const validDate = (text: string): boolean => isIsoDate(text.slice(0, 10));

/** The value as a literal comparable with `column` of the check's table, or a ConfigError. */
export function columnLiteral(
  ctx: RenderContext,
  check: CheckSpec,
  column: string,
  value: unknown,
  what: string,
  use: 'equality' | 'order' = 'equality',
): string {
  const family = ctx.columnType(check.table, column);
  const d = ctx.dialect;
  const refuse = (hint: string) =>
    new ConfigError([
      {
        ...check.pos,
        message: `${check.id}: ${what} ${JSON.stringify(value)} cannot be compared with ${column}, a ${family} column of ${check.table}: ${hint}`,
      },
    ]);
  if (family === undefined) return literal(ctx, value);
  if (NUMERIC.has(family)) {
    if (typeof value === 'number') return d.numberLiteral(value);
    // Decimal text of a finite number (toNumber: '', 'NaN', '0x10' are no numbers).
    const number = typeof value === 'string' ? toNumber(value.trim()) : null;
    if (number !== null) return d.numberLiteral(number);
    throw refuse('write a number');
  }
  if (family === 'STRING') {
    // A number or boolean written for a STRING column means its text (1 → '1') where values are
    // matched; as a bound it would order as text ('5' > '100'), so a bound must be text.
    if (typeof value === 'string') return d.stringLiteral(value);
    if (use === 'equality' && (typeof value === 'number' || typeof value === 'boolean')) return d.stringLiteral(String(value));
    throw refuse(use === 'order' ? "a STRING orders as text ('5' > '100'): write text bounds, or cast the column in a condition check" : 'write a text value');
  }
  if (family === 'BOOL') {
    if (typeof value === 'boolean') return d.booleanLiteral(value);
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return d.booleanLiteral(value.toLowerCase() === 'true');
    throw refuse('write true or false');
  }
  if (family === 'DATE') {
    if (typeof value === 'string' && DATE_TEXT.test(value) && validDate(value)) return d.dateLiteral(value);
    throw refuse('write a date as YYYY-MM-DD');
  }
  if (family === 'TIMESTAMP' || family === 'DATETIME') {
    // A string literal: both engines read it as the column's type (BigQuery: TIMESTAMP text
    // without an offset is UTC).
    if (typeof value === 'string' && TIME_TEXT.test(value) && validDate(value)) return d.stringLiteral(value);
    throw refuse('write a date or a time as YYYY-MM-DD[ HH:MM[:SS]]');
  }
  // Other types (BYTES, ARRAY, STRUCT, ...): as written; the warehouse says whether it compares.
  return literal(ctx, value);
}
