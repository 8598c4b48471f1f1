// equality on data built for it: the differing rows DuckDB counts are the multiset difference
// recomputed here in plain TypeScript. The cases follow dbt-utils' equality tests: compare
// columns, exclude columns, floats equal at a precision; plus repeats, NULLs and empty sides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../src/config/types.js';
import type { TableInfo } from '../../src/engines/engine.js';
import { evaluate } from '../../src/run/evaluate.js';
import { spec } from '../support/checks.js';
import { buildWarehouse, type Warehouse } from '../support/nba.js';

const A = 'nba_analytics.eq_a';
const B = 'nba_analytics.eq_b';
const EMPTY = 'nba_analytics.eq_empty';

interface Row {
  id: number;
  name: string | null;
  amount: number;
  loaded_at: string;
}

const ROWS_A: Row[] = [
  { id: 1, name: 'ann', amount: 1.004, loaded_at: 'a1' },
  { id: 2, name: 'bob', amount: 2.5, loaded_at: 'a2' },
  { id: 2, name: 'bob', amount: 2.5, loaded_at: 'a2' },
  { id: 3, name: null, amount: 3.25, loaded_at: 'a3' },
  { id: 4, name: 'dan', amount: 4.0, loaded_at: 'a4' },
  { id: 6, name: 'fay', amount: 6.011, loaded_at: 'a6' },
];
const ROWS_B: Row[] = [
  { id: 1, name: 'ann', amount: 1.0, loaded_at: 'b1' },
  { id: 2, name: 'bob', amount: 2.5, loaded_at: 'b2' },
  { id: 3, name: null, amount: 3.25, loaded_at: 'b3' },
  { id: 5, name: 'eve', amount: 5.0, loaded_at: 'b5' },
  { id: 6, name: 'fay', amount: 6.009, loaded_at: 'b6' },
];

const sql = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v}'`);
const insert = (table: string, rows: Row[]) =>
  `INSERT INTO ${table} (id, name, amount, loaded_at) VALUES ${rows.map((r) => `(${r.id}, ${sql(r.name)}, ${r.amount}, ${sql(r.loaded_at)})`).join(', ')}`;

/** Rows held a different number of times on each side, over `columns`, amounts rounded to `precision`. */
function differingRows(a: Row[], b: Row[], columns: (keyof Row)[], precision?: number): number {
  const text = (r: Row) =>
    JSON.stringify(columns.map((c) => (c === 'amount' && precision !== undefined ? Math.round(r.amount * 10 ** precision) / 10 ** precision : r[c])));
  const counts = new Map<string, number>();
  for (const r of a) counts.set(text(r), (counts.get(text(r)) ?? 0) + 1);
  for (const r of b) counts.set(text(r), (counts.get(text(r)) ?? 0) - 1);
  return [...counts.values()].reduce((sum, n) => sum + Math.abs(n), 0);
}

// The schemas a run learns before compiling (DuckDB type names), for `exclude` and `precision`.
const info = (extra = false): TableInfo => ({
  columns: [
    ...(extra ? [{ name: 'loaded_at', type: 'VARCHAR' }] : []),
    { name: 'id', type: 'INTEGER' },
    { name: 'name', type: 'VARCHAR' },
    { name: 'amount', type: 'DOUBLE' },
    ...(extra ? [] : [{ name: 'loaded_at', type: 'VARCHAR' }]),
  ],
});
const tables = new Map([
  [A, info()],
  [B, info(true)],
  [EMPTY, info()],
]);

let wh: Warehouse;
beforeAll(async () => {
  wh = await buildWarehouse([
    `CREATE TABLE ${A} (id INTEGER, name VARCHAR, amount DOUBLE, loaded_at VARCHAR)`,
    // The same columns in another order: compared by name.
    `CREATE TABLE ${B} (loaded_at VARCHAR, id INTEGER, name VARCHAR, amount DOUBLE)`,
    `CREATE TABLE ${EMPTY} (id INTEGER, name VARCHAR, amount DOUBLE, loaded_at VARCHAR)`,
    insert(A, ROWS_A),
    insert(B, ROWS_B),
  ]);
});
afterAll(async () => {
  await wh?.close();
});

async function measure(check: CheckSpec) {
  return (await wh.run([check], { tables })).measurements.get(check.id)!;
}
const equality = (args: Record<string, unknown>, extra: Partial<CheckSpec> = {}) => spec('equality', { max: 0, ...args }, { table: A, name: 'eq', ...extra });

describe('equality', () => {
  it('counts the multiset difference over the compared columns, at a precision', async () => {
    for (const precision of [undefined, 1, 2]) {
      const m = await measure(equality({ to: B, compare: ['id', 'name', 'amount'], ...(precision === undefined ? {} : { precision }) }));
      expect(m.value, `precision ${precision}`).toBe(differingRows(ROWS_A, ROWS_B, ['id', 'name', 'amount'], precision));
      expect(m.rowsEvaluated).toBe(ROWS_A.length);
    }
    // Rounding matters: at precision 2, 1.004 ~ 1.0 and 6.011 ~ 6.009; unrounded they differ.
    expect(differingRows(ROWS_A, ROWS_B, ['id', 'name', 'amount'], 2)).toBeLessThan(differingRows(ROWS_A, ROWS_B, ['id', 'name', 'amount']));
  });

  it('compares all columns but the excluded ones, by name', async () => {
    const m = await measure(equality({ to: B, exclude: ['loaded_at'], precision: 2 }));
    expect(m.value).toBe(differingRows(ROWS_A, ROWS_B, ['id', 'name', 'amount'], 2));
    const all = await measure(equality({ to: B, precision: 2 }));
    expect(all.value).toBe(differingRows(ROWS_A, ROWS_B, ['id', 'name', 'amount', 'loaded_at'], 2));
  });

  it('lists each differing row with how often each side holds it', async () => {
    const m = await measure(equality({ to: B, compare: ['id', 'name'] }));
    const listed = m.failingGroups!.map((g) => `${String(g.key.id)}:${String(g.details!.here)}/${String(g.details!.there)}`).sort();
    // bob twice here, once there; dan only here; eve only there. ann, fay and NULL-named 3 match.
    expect(listed).toEqual(['2:2/1', '4:1/0', '5:0/1']);
    expect(m.failingGroupCount).toBe(3);
  });

  it('a table equal to itself passes; an empty other side fails', async () => {
    const same = equality({ to: A });
    expect(evaluate(same, await measure(same), { max: 0 }, undefined).status).toBe('pass');
    const empty = equality({ to: EMPTY });
    const m = await measure(empty);
    expect(m.value).toBe(ROWS_A.length);
    expect(m.detail).toContain(`0 in ${EMPTY}`);
    expect(evaluate(empty, m, { max: 0 }, undefined).status).toBe('fail');
  });

  it('two empty tables never pass', async () => {
    const c = equality({ to: EMPTY }, { table: EMPTY });
    const m = await measure(c);
    expect(m.value).toBe(0);
    expect(evaluate(c, m, { max: 0 }, undefined).status).toBe('fail');
  });

  it('cannot be limited to partitions: a --from/--to range is refused rather than a flood of differences', async () => {
    const c = equality({ to: B, compare: ['id'] }, { partition: 'day' });
    await expect(wh.run([c], { range: { from: '2026-01-01', to: '2026-01-02' } })).rejects.toThrow(/equality compares with every row of nba_analytics.eq_b/);
  });

  it('without the table schema, only compare can name the columns', async () => {
    const c = equality({ to: B, exclude: ['loaded_at'] });
    await expect(wh.run([c])).rejects.toThrow(/equality needs the columns of nba_analytics.eq_a/);
  });
});
