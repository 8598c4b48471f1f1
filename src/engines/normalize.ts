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

/**
 * JSON.parse, but a number a double cannot hold exactly (an integer beyond 2^53, a wide
 * decimal) is read as its decimal text, as every other Value is. Group keys and details travel
 * as JSON text (TO_JSON_STRING / to_json), which JSON.parse would round.
 */
export function parseJsonExact(text: string): unknown {
  let out = '';
  let changed = false;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i));
      const token = m ? m[0] : c;
      const inexact = m && !m[2] && (m[1] ? typeof exactDecimal(token) === 'string' : typeof exactInteger(BigInt(token)) === 'string');
      if (inexact) changed = true;
      out += inexact ? `"${token}"` : token;
      i += token.length;
      continue;
    }
    out += c;
    i++;
  }
  return JSON.parse(changed ? out : text);
}
