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
