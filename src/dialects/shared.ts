// Helpers both dialects share; anything that differs between engines stays in the dialect files.

/** `a.b.c` → ['a', 'b', 'c']; table names are plain dotted identifiers in check files. */
export function splitTableName(table: string): string[] {
  return table.split('.').map((part) => part.trim());
}

export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL number`);
  return String(value);
}

/** A window lookback as SQL text; only whole numbers ≥ 1 reach a frame clause. */
export function lookbackLiteral(lookback: number): string {
  if (!Number.isInteger(lookback) || lookback < 1) throw new Error(`lookback must be a whole number >= 1, got ${lookback}`);
  return String(lookback);
}

// Type names differ between engines (INT64 vs BIGINT); a family compares them, so one check file
// works on both. Families are named by BigQuery's names. A plain TIMESTAMP is the one name whose
// meaning differs: an instant on BigQuery (DuckDB TIMESTAMP WITH TIME ZONE), a civil date and
// time on DuckDB (BigQuery DATETIME); each dialect says which.
const FAMILIES: [RegExp, string][] = [
  [/^(INT64|INTEGER|INT|BIGINT|SMALLINT|TINYINT|BYTEINT|HUGEINT|UHUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|INT1|INT2|INT4|INT8|LONG|SHORT|SIGNED)$/, 'INT64'],
  [/^(FLOAT64|FLOAT|DOUBLE|DOUBLE PRECISION|REAL|FLOAT4|FLOAT8)$/, 'FLOAT64'],
  [/^(NUMERIC|BIGNUMERIC|DECIMAL|BIGDECIMAL)( ?\(.*\))?$/, 'NUMERIC'],
  [/^(STRING|VARCHAR|TEXT|CHAR|BPCHAR|CHARACTER|CHARACTER VARYING)( ?\(.*\))?$/, 'STRING'],
  [/^(BOOL|BOOLEAN|LOGICAL)$/, 'BOOL'],
  [/^DATE$/, 'DATE'],
  [/^(TIMESTAMPTZ|TIMESTAMP WITH TIME ZONE)$/, 'TIMESTAMP'],
  [/^(DATETIME|TIMESTAMP WITHOUT TIME ZONE|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_US|TIMESTAMP_NS)$/, 'DATETIME'],
  [/^(BYTES|BLOB|BYTEA|BINARY|VARBINARY)( ?\(.*\))?$/, 'BYTES'],
];

/** The family of a type name; `plainTimestamp` is what TIMESTAMP alone means. */
export function typeFamily(type: string, plainTimestamp: 'TIMESTAMP' | 'DATETIME'): string {
  const normal = type.trim().toUpperCase().replace(/\s+/g, ' ');
  if (normal === 'TIMESTAMP') return plainTimestamp;
  return FAMILIES.find(([pattern]) => pattern.test(normal))?.[1] ?? normal;
}

/**
 * The family of a type a user wrote (a schema check's expected type), in BigQuery's names or
 * DuckDB's; TIMESTAMP is BigQuery's, an instant (DuckDB's civil TIMESTAMP is DATETIME).
 */
export function writtenTypeFamily(type: string): string {
  return typeFamily(type, 'TIMESTAMP');
}
