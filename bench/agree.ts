// The three answers to a suite must agree before any timing means something: dq's report metrics,
// the hand-written statement's columns and the per-check SELECTs' values, check by check.
import type { BenchCheck } from './suites.js';

export type Values = Map<string, number | null>;

/** A DuckDB JSON value (BIGINT and HUGEINT come as strings) as a number; anything else is an error. */
export function toNumber(value: unknown, what: string): number | null {
  if (value === null || typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value)) return Number(value);
  throw new Error(`${what}: expected a number or null, got ${JSON.stringify(value)}`);
}

/** dq's metric value per check name, from report.json (check ids are `<file>.<name>`). */
export function dqValues(report: { checks: { id: string; status: string; message: string; metric: { value: unknown } }[] }): Values {
  const values: Values = new Map();
  for (const check of report.checks) {
    if (check.status === 'error') throw new Error(`dq could not evaluate ${check.id}: ${check.message}`);
    const name = check.id.slice(check.id.indexOf('.') + 1);
    values.set(name, toNumber(check.metric.value, `dq ${check.id}`));
  }
  return values;
}

/** The hand-written statement's one row: a column per check. */
export function handValues(row: Record<string, unknown>): Values {
  return new Map(Object.entries(row).map(([name, value]) => [name, toNumber(value, `hand ${name}`)]));
}

/** The per-check baseline: statement i answers check i in column v. */
export function perCheckValues(checks: BenchCheck[], rows: Record<string, unknown>[]): Values {
  return new Map(checks.map((c, i) => [c.name, toNumber(rows[i]?.v, `per-check ${c.name}`)]));
}

// Floating-point sums come out of a parallel aggregate in any order: equal to 1e-9 relative.
const same = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/** Every disagreement, as lines naming the check and each source's value; [] when all agree. */
export function disagreements(checks: BenchCheck[], sources: Record<string, Values>): string[] {
  const lines: string[] = [];
  for (const [source, values] of Object.entries(sources)) {
    if (values.size !== checks.length) lines.push(`${source}: ${values.size} values for ${checks.length} checks`);
  }
  for (const c of checks) {
    const found = Object.entries(sources).map(([source, values]) => [source, values.has(c.name) ? values.get(c.name)! : undefined] as const);
    const [, first] = found[0];
    if (found.some(([, v]) => v === undefined || !same(v, first!))) {
      lines.push(`${c.name}: ${found.map(([source, v]) => `${source} ${v === undefined ? 'missing' : v}`).join(', ')}`);
    }
  }
  return lines;
}
