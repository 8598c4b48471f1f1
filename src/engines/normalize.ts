// Driver values → the engine-neutral `Value` (see engine.ts). Exactness first: a number is
// used only where a double holds the value exactly, otherwise the decimal text is kept.

/** An integer as a number when a double holds it exactly, else as its decimal text. */
export function exactInteger(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

/** A decimal's text as a number when it round-trips, else the text itself. */
export function exactDecimal(text: string): number | string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  const canonical = (s: string) => s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '').replace(/^-0$/, '0');
  return canonical(String(n)) === canonical(text) ? n : text;
}
