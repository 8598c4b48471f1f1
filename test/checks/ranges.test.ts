// ranges on data built for it, in every gaps / zero_length mode: the violating rows DuckDB finds
// are the ones recomputed here in plain TypeScript, and the cases dbt-utils'
// mutually_exclusive_ranges tests name (no gaps, gaps, zero-length ranges) read as they do there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../src/config/types.js';
import { evaluate } from '../../src/run/evaluate.js';
import { spec } from '../support/checks.js';
import { buildWarehouse, type Warehouse } from '../support/nba.js';

const TABLE = 'nba_analytics.ranges';

interface Range {
  part: string;
  lo: number | null;
  hi: number | null;
}

const ROWS: Range[] = [
  // Contiguous: [0,1] [1,2] [2,4].
  { part: 'contiguous', lo: 0, hi: 1 },
  { part: 'contiguous', lo: 1, hi: 2 },
  { part: 'contiguous', lo: 2, hi: 4 },
  // A gap after [0,1], then a zero-length range [3,3] between [2,3] and [3,5].
  { part: 'gappy', lo: 0, hi: 1 },
  { part: 'gappy', lo: 2, hi: 3 },
  { part: 'gappy', lo: 3, hi: 3 },
  { part: 'gappy', lo: 3, hi: 5 },
  // Apart: every range strictly before the next.
  { part: 'apart', lo: 0, hi: 1 },
  { part: 'apart', lo: 2, hi: 3 },
  { part: 'apart', lo: 5, hi: 6 },
  // Overlap, a reversed range, a missing bound.
  { part: 'broken', lo: 0, hi: 5 },
  { part: 'broken', lo: 3, hi: 8 },
  { part: 'broken', lo: 9, hi: 7 },
  { part: 'broken', lo: 10, hi: null },
];

type Gaps = 'allowed' | 'not_allowed' | 'required';
type ZeroLength = 'allowed' | 'not_allowed';

/** The rows that break the rules, recomputed: per part, ranges in (lo, hi) order meet the next one. */
function violations(rows: Range[], gaps: Gaps, zeroLength: ZeroLength): Range[] {
  const out: Range[] = rows.filter((r) => r.lo === null || r.hi === null);
  const parts = new Set(rows.map((r) => r.part));
  for (const part of parts) {
    const sorted = rows
      .filter((r) => r.part === part && r.lo !== null && r.hi !== null)
      .sort((a, b) => a.lo! - b.lo! || a.hi! - b.hi!);
    sorted.forEach((r, i) => {
      const validLength = zeroLength === 'allowed' ? r.lo! <= r.hi! : r.lo! < r.hi!;
      const next = sorted[i + 1];
      const meetsNext =
        next === undefined || (gaps === 'not_allowed' ? r.hi === next.lo : gaps === 'allowed' ? r.hi! <= next.lo! : r.hi! < next.lo!);
      if (!validLength || !meetsNext) out.push(r);
    });
  }
  return out;
}

const key = (r: { part: unknown; lo: unknown; hi: unknown }) => `${String(r.part)}:${String(r.lo)}..${String(r.hi)}`;
const sql = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v}'`);

let wh: Warehouse;
beforeAll(async () => {
  wh = await buildWarehouse([
    `CREATE TABLE ${TABLE} (part VARCHAR, lo INTEGER, hi INTEGER)`,
    `INSERT INTO ${TABLE} VALUES ${ROWS.map((r) => `(${sql(r.part)}, ${sql(r.lo)}, ${sql(r.hi)})`).join(', ')}`,
    `CREATE TABLE nba_analytics.ranges_empty (lo INTEGER, hi INTEGER)`,
  ]);
});
afterAll(async () => {
  await wh?.close();
});

const check = (gaps: Gaps, zero_length: ZeroLength, extra: Partial<CheckSpec> = {}) =>
  spec('ranges', { lower: 'lo', upper: 'hi', partition_by: 'part', gaps, zero_length, max: 0 }, { table: TABLE, name: `${gaps}_${zero_length}`, ...extra });

async function measure(c: CheckSpec) {
  return (await wh.run([c])).measurements.get(c.id)!;
}

describe('ranges', () => {
  for (const gaps of ['allowed', 'not_allowed', 'required'] as const) {
    for (const zero of ['allowed', 'not_allowed'] as const) {
      it(`gaps: ${gaps}, zero_length: ${zero} lists the rows recomputed in TypeScript`, async () => {
        const expected = violations(ROWS, gaps, zero);
        const m = await measure(check(gaps, zero));
        expect(m.value).toBe(expected.length);
        expect(m.rowsEvaluated).toBe(ROWS.length);
        expect(m.failingGroupCount).toBe(expected.length);
        expect(m.failingGroups!.map((g) => key({ part: g.key.part, lo: g.key.lo, hi: g.key.hi })).sort()).toEqual(expected.map(key).sort());
      });
    }
  }

  it('reads the dbt-utils cases: contiguous ranges pass not_allowed and fail required, apart ones the reverse', async () => {
    const only = (part: string) => ({ where: `part = '${part}'` });
    const status = async (c: CheckSpec) => evaluate(c, await measure(c), { max: 0 }, undefined).status;
    expect(await status(check('not_allowed', 'not_allowed', only('contiguous')))).toBe('pass');
    expect(await status(check('required', 'allowed', only('contiguous')))).toBe('fail');
    expect(await status(check('required', 'not_allowed', only('apart')))).toBe('pass');
    expect(await status(check('not_allowed', 'allowed', only('apart')))).toBe('fail');
    // A zero-length range [3,3] between [2,3] and [3,5]: fine only when zero length is allowed.
    expect(await status(check('allowed', 'allowed', only('gappy')))).toBe('pass');
    expect(await status(check('allowed', 'not_allowed', only('gappy')))).toBe('fail');
  });

  it('says why each row breaks the rules', async () => {
    const m = await measure(check('allowed', 'allowed', { where: "part = 'broken'" }));
    const reasons = Object.fromEntries(m.failingGroups!.map((g) => [key({ part: g.key.part, lo: g.key.lo, hi: g.key.hi }), g.details!.reason]));
    expect(reasons).toEqual({ 'broken:0..5': 'overlaps next', 'broken:9..7': 'upper before lower', 'broken:10..null': 'missing bound' });
  });

  it('a table with no rows never passes', async () => {
    const c = spec('ranges', { lower: 'lo', upper: 'hi', gaps: 'allowed', zero_length: 'allowed', max: 0 }, { table: 'nba_analytics.ranges_empty', name: 'empty' });
    const m = await measure(c);
    expect(m.rowsEvaluated).toBe(0);
    expect(evaluate(c, m, { max: 0 }, undefined).status).toBe('fail');
  });
});
