// Comparing an exact decimal answer with a threshold. A metric of INT64 beyond 2^53 or of NUMERIC
// reaches dq as decimal text; its nearest double may sit on the other side of a bound than the
// true value (9007199254740993 reads as 9007199254740992, which `max: 9007199254740992` admits).

const MAX_SCALE = 1000;
const DECIMAL = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;

/** `text` as an exact fraction numerator / 10^scale (scale may be negative: a power of ten). */
function decimalFraction(text: string): { numerator: bigint; scale: number } | undefined {
  const m = DECIMAL.exec(text);
  if (!m || `${m[2]}${m[3] ?? ''}` === '') return undefined;
  const scale = (m[3]?.length ?? 0) - Number(m[4] ?? 0);
  // Engines send exact numbers without exponents; text like 1e-99999999 is left to doubles.
  if (Math.abs(scale) > MAX_SCALE) return undefined;
  const digits = BigInt(`${m[2]}${m[3] ?? ''}`);
  return { numerator: m[1] === '-' ? -digits : digits, scale };
}

/**
 * The sign of (text − bound) compared exactly, or undefined when `text` is not decimal text
 * (the caller then compares doubles). The bound is read as the shortest decimal that names it,
 * as the check file wrote it (`max: 0.1` is 0.1, not the double nearest to it).
 */
export function compareExact(text: string, bound: number): -1 | 0 | 1 | undefined {
  const a = decimalFraction(text);
  const b = Number.isFinite(bound) ? decimalFraction(String(bound)) : undefined;
  if (!a || !b) return undefined;
  // a.numerator / 10^a.scale  vs  b.numerator / 10^b.scale, brought to one scale.
  const scale = Math.max(a.scale, b.scale);
  const left = a.numerator * 10n ** BigInt(scale - a.scale);
  const right = b.numerator * 10n ** BigInt(scale - b.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}
