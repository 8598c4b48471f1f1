// BigQuery result values → the engine-neutral `Value` (engine.ts), exactly.
//
// Rows come from the client's getQueryResults with `wrapIntegers: true`: INT64 arrives as a
// BigQueryInt holding the decimal text, NUMERIC/BIGNUMERIC as Big.js, DATE/DATETIME/TIME/
// TIMESTAMP/GEOGRAPHY as wrapper objects with a `.value` string, BYTES as a Buffer. The schema of
// the result drives the conversion; the value's own shape is only used to read it.
import type { Row, Value } from './engine.js';

/** A result schema field, as in the REST API (TableFieldSchema). */
export interface ResultField {
  name?: string | null;
  type?: string | null;
  mode?: string | null;
  fields?: ResultField[] | null;
}

/** Decimal text of an integer → number when it is a safe integer (|n| ≤ 2^53 − 1), else canonical text. */
export function integerValue(text: string): number | string {
  const trimmed = text.trim();
  if (!/^[-+]?\d+$/.test(trimmed)) throw new TypeError(`Not an integer: ${text}`);
  const big = BigInt(trimmed);
  const n = Number(big);
  return Number.isSafeInteger(n) ? n : big.toString();
}

/**
 * Any decimal text (optionally with an exponent) → canonical plain decimal: no exponent, no
 * leading zeros in the integer part, no trailing zeros in the fraction, `0` for zero.
 */
export function canonicalDecimal(text: string): string {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new TypeError(`Not a decimal: ${text}`);
  const negative = m[1] === '-';
  let digits = (m[2] ?? '') + (m[3] ?? '');
  // Position of the decimal point within `digits`.
  let point = (m[2] ?? '').length + Number(m[4] ?? 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  } else if (point > digits.length) {
    digits = digits + '0'.repeat(point - digits.length);
  }
  const intPart = digits.slice(0, point).replace(/^0+/, '') || '0';
  const fracPart = digits.slice(point).replace(/0+$/, '');
  const body = fracPart ? `${intPart}.${fracPart}` : intPart;
  return negative && body !== '0' ? `-${body}` : body;
}

/**
 * An exact decimal (NUMERIC/BIGNUMERIC) → number when the double reads back as the same decimal
 * (its shortest representation equals the value), else the canonical decimal string.
 */
export function decimalValue(text: string): number | string {
  const canonical = canonicalDecimal(text);
  const n = Number(canonical);
  if (Number.isFinite(n) && canonicalDecimal(String(n)) === canonical) return n === 0 ? 0 : n;
  return canonical;
}

/**
 * TIMESTAMP text → ISO-8601 UTC with millisecond digits, or microsecond digits when the value
 * has sub-millisecond precision: 2024-01-02T03:04:05.000Z, 2024-01-02T03:04:05.123456Z.
 */
export function timestampValue(text: string): string {
  const m = /^(\d{4,}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]00(?::?00)?)?$/.exec(text.trim());
  if (!m) {
    const date = new Date(text);
    if (Number.isNaN(date.getTime())) throw new TypeError(`Not a timestamp: ${text}`);
    return date.toISOString();
  }
  const micros = (m[3] ?? '').padEnd(6, '0').slice(0, 6);
  const fraction = micros.endsWith('000') ? micros.slice(0, 3) : micros;
  return `${m[1]}T${m[2]}.${fraction}Z`;
}

/** DATETIME text → ISO-8601 civil time `YYYY-MM-DDTHH:MM:SS[.ffffff]` (no zone). */
export function datetimeValue(text: string): string {
  const m = /^(\d{4,}-\d{1,2}-\d{1,2})(?:[T ](\d{1,2}:\d{2}:\d{2})(?:\.(\d+))?)?$/.exec(text.trim());
  if (!m) throw new TypeError(`Not a datetime: ${text}`);
  const [y, mo, d] = m[1]!.split('-');
  const date = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const time = (m[2] ?? '00:00:00').padStart(8, '0');
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  return `${date}T${time}${fraction ? `.${fraction}` : ''}`;
}

/** DATE text → YYYY-MM-DD (BigQuery may send 2024-1-2 only for values built client-side). */
export function dateValue(text: string): string {
  const m = /^(\d{4,})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (!m) throw new TypeError(`Not a date: ${text}`);
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** The text inside a client wrapper (BigQueryInt, BigQueryDate, ...), or the value itself as text. */
function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object') {
    const inner = (v as { value?: unknown }).value;
    if (typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'bigint') return String(inner);
    // Big.js: toFixed() without arguments never uses exponent notation.
    const toFixed = (v as { toFixed?: unknown }).toFixed;
    if (typeof toFixed === 'function' && 'c' in v && 'e' in v) return (toFixed as () => string).call(v);
  }
  return String(v);
}

function scalar(v: unknown, type: string, field: ResultField): Value {
  switch (type) {
    case 'INTEGER':
    case 'INT64':
      if (typeof v === 'number') {
        // A plain number only arrives from a client without wrapIntegers; it is exact only when safe.
        if (!Number.isSafeInteger(v)) throw new TypeError(`INT64 value ${v} of ${field.name} lost precision`);
        return v;
      }
      return integerValue(textOf(v));
    case 'NUMERIC':
    case 'BIGNUMERIC':
    case 'DECIMAL':
    case 'BIGDECIMAL':
      return decimalValue(textOf(v));
    case 'FLOAT':
    case 'FLOAT64':
      return typeof v === 'number' ? v : Number(textOf(v));
    case 'BOOLEAN':
    case 'BOOL':
      return typeof v === 'boolean' ? v : textOf(v).toLowerCase() === 'true';
    case 'DATE':
      return dateValue(textOf(v));
    case 'DATETIME':
      return datetimeValue(textOf(v));
    case 'TIMESTAMP':
      return v instanceof Date ? v.toISOString() : timestampValue(textOf(v));
    case 'BYTES':
      return Buffer.isBuffer(v) ? v.toString('base64') : textOf(v);
    case 'RECORD':
    case 'STRUCT':
      return record(v, field.fields ?? []);
    case 'RANGE': {
      const r = (v ?? {}) as { start?: unknown; end?: unknown; value?: { start?: unknown; end?: unknown } };
      const start = r.value?.start ?? r.start ?? null;
      const end = r.value?.end ?? r.end ?? null;
      return { start: start === null ? null : textOf(start), end: end === null ? null : textOf(end) };
    }
    // STRING, JSON (kept as its text: parsing would round wide numbers), TIME, GEOGRAPHY, INTERVAL.
    default:
      return textOf(v);
  }
}

function record(v: unknown, fields: ResultField[]): Value {
  const source = (v ?? {}) as Record<string, unknown>;
  const out: { [key: string]: Value } = {};
  for (const f of fields) {
    const name = f.name ?? '';
    out[name] = normaliseValue(source[name], f);
  }
  return out;
}

/** One value of a result column, by the column's schema field. */
export function normaliseValue(v: unknown, field: ResultField): Value {
  if (v === null || v === undefined) return field.mode === 'REPEATED' ? [] : null;
  const type = (field.type ?? 'STRING').toUpperCase();
  if (field.mode === 'REPEATED') {
    if (!Array.isArray(v)) throw new TypeError(`REPEATED field ${field.name} is not an array`);
    return v.map((item) => (item === null || item === undefined ? null : scalar(item, type, field)));
  }
  return scalar(v, type, field);
}

/** Client rows (objects keyed by column name) → engine rows, by the result schema. */
export function normaliseRows(rows: readonly Record<string, unknown>[], fields: readonly ResultField[]): Row[] {
  return rows.map((row) => {
    const out: Row = {};
    for (const f of fields) {
      const name = f.name ?? '';
      out[name] = normaliseValue(row[name], f);
    }
    return out;
  });
}
