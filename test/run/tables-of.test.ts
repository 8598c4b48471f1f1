// The tables whose metadata a run learns before compiling (src/run/tables.ts tablesOf): a check's
// own, and every other table it reads, as generic code or the check's type declares them.
import { describe, expect, it } from 'vitest';
import { tablesOf } from '../../src/run/tables.js';
import { spec } from '../support/checks.js';

const T = { table: 'shop.orders' };

describe('tablesOf', () => {
  it('names the table a check compares with, whichever type reads it', () => {
    const cases: [ReturnType<typeof spec>, string[]][] = [
      [spec('not_null', { column: 'id' }, T), ['shop.orders']],
      [spec('relationships', { column: 'customer_id', to: 'shop.customers', field: 'id' }, T), ['shop.orders', 'shop.customers']],
      [spec('equality', { to: 'shop.orders_copy' }, T), ['shop.orders', 'shop.orders_copy']],
      [spec('row_count', { compare: { table: 'shop.orders_raw', op: '==' } }, T), ['shop.orders', 'shop.orders_raw']],
      [spec('reconcile', { expected: { table: 'shop.daily_totals' } }, T), ['shop.orders', 'shop.daily_totals']],
      [spec('not_null', { column: 'id' }, { ...T, expectedPartitions: { table: 'shop.calendar', column: 'd' } as never }), ['shop.orders', 'shop.calendar']],
    ];
    for (const [check, tables] of cases) expect([check.type, tablesOf(check)]).toEqual([check.type, tables]);
  });
});
