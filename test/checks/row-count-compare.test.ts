// row_count against another table (dbt-utils equal_rowcount / fewer_rows_than) on tables built
// for it: each verdict is the relation recomputed here in plain TypeScript from the row counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowCount } from '../../src/checks/row-count.js';
import type { CheckSpec } from '../../src/config/types.js';
import { evaluate } from '../../src/run/evaluate.js';
import { spec } from '../support/checks.js';
import { buildWarehouse, type Warehouse } from '../support/nba.js';

const COUNTS = { 'nba_analytics.rc_ten': 10, 'nba_analytics.rc_ten_too': 10, 'nba_analytics.rc_twelve': 12, 'nba_analytics.rc_empty': 0 } as const;
type Table = keyof typeof COUNTS;
const OPS = { '=': (a: number, b: number) => a === b, '<': (a: number, b: number) => a < b, '<=': (a: number, b: number) => a <= b, '>': (a: number, b: number) => a > b, '>=': (a: number, b: number) => a >= b, '!=': (a: number, b: number) => a !== b };

let wh: Warehouse;
beforeAll(async () => {
  wh = await buildWarehouse(Object.entries(COUNTS).map(([table, n]) => `CREATE TABLE ${table} AS SELECT i FROM range(${n}) AS r(i)`));
});
afterAll(async () => {
  await wh?.close();
});

async function verdict(check: CheckSpec) {
  const m = (await wh.run([check])).measurements.get(check.id)!;
  return { m, status: evaluate(check, m, rowCount.bounds(check.args), undefined).status };
}
const compare = (table: Table, other: Table, op: keyof typeof OPS, extra: Record<string, unknown> = {}) =>
  spec('row_count', { compare: { table: other, op, ...extra } }, { table, name: 'rc' });

describe('row_count: { compare }', () => {
  const pairs: [Table, Table][] = [
    ['nba_analytics.rc_ten', 'nba_analytics.rc_ten_too'],
    ['nba_analytics.rc_ten', 'nba_analytics.rc_twelve'],
    ['nba_analytics.rc_twelve', 'nba_analytics.rc_ten'],
  ];
  for (const [table, other] of pairs) {
    for (const op of Object.keys(OPS) as (keyof typeof OPS)[]) {
      it(`${table} ${op} ${other}`, async () => {
        const { m, status } = await verdict(compare(table, other, op));
        const difference = COUNTS[table] - COUNTS[other];
        expect(m.value).toBe(op === '!=' ? Math.abs(difference) : difference);
        expect(status).toBe(OPS[op](COUNTS[table], COUNTS[other]) ? 'pass' : 'fail');
      });
    }
  }

  it('scales the other count by factor and filters it with where', async () => {
    // 10 >= 0.8 × 12 = 9.6 holds; 10 >= 0.9 × 12 = 10.8 does not; where i < 5 leaves 5 rows there.
    expect((await verdict(compare('nba_analytics.rc_ten', 'nba_analytics.rc_twelve', '>=', { factor: 0.8 }))).status).toBe('pass');
    expect((await verdict(compare('nba_analytics.rc_ten', 'nba_analytics.rc_twelve', '>=', { factor: 0.9 }))).status).toBe('fail');
    const filtered = await verdict(compare('nba_analytics.rc_ten', 'nba_analytics.rc_twelve', '=', { factor: 2, where: 'i < 5' }));
    expect(filtered.m.value).toBe(10 - 2 * 5);
    expect(filtered.status).toBe('pass');
  });

  it('cannot be limited to partitions: a --from/--to range is refused', async () => {
    const check = spec('row_count', { compare: { table: 'nba_analytics.rc_ten', op: '=' } }, { table: 'nba_analytics.rc_twelve', name: 'rc', partition: 'd' });
    await expect(wh.run([check], { range: { from: '2026-01-01', to: '2026-01-02' } })).rejects.toThrow(/row_count compares with every row of nba_analytics.rc_ten/);
  });

  it('an empty compared table never passes, and says so', async () => {
    const { m, status } = await verdict(compare('nba_analytics.rc_ten', 'nba_analytics.rc_empty', '>'));
    expect(m.value).toBeNull();
    expect(m.detail).toBe('10 rows here, 0 in nba_analytics.rc_empty: the compared table is empty');
    expect(status).toBe('fail');
  });

  it('an empty table never passes, even fewer than a full one', async () => {
    const { status } = await verdict(compare('nba_analytics.rc_empty', 'nba_analytics.rc_ten', '<'));
    expect(status).toBe('fail');
  });
});
