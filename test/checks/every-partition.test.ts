// everyPartition (set-rows.ts): a listing of every partition is read whole or not at all, and the
// report still lists at most LISTED_GROUPS failing partitions, worst first.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LISTED_GROUPS, everyPartition, lowestFirst } from '../../src/checks/set-rows.js';
import type { SetRow } from '../../src/checks/types.js';

const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

function listing(partitions: { failing: boolean; value: number | null }[]): SetRow[] {
  return partitions.map((p, i) => ({
    check_key: 'c1',
    row_type: p.failing ? 'group' : 'partition',
    key_json: JSON.stringify({ d: day(i) }),
    value: p.value,
    rows_evaluated: 10,
    detail_json: null,
  }));
}

const partitionsArb = fc.array(fc.record({ failing: fc.boolean(), value: fc.option(fc.double({ min: 0, max: 2, noNaN: true })) }), { maxLength: 60 });

describe('everyPartition', () => {
  it('with the counts the summary gives, every partition is kept with its status', () => {
    fc.assert(
      fc.property(partitionsArb, (parts) => {
        const failing = parts.filter((p) => p.failing).length;
        const read = everyPartition(listing(parts), { partitions: parts.length, failing }, lowestFirst);
        expect(read.partitions.map((p) => [p.key.d, p.status, p.value]).sort()).toEqual(
          parts.map((p, i) => [day(i), p.failing ? 'fail' : 'pass', p.value]).sort(),
        );
        expect(read.failing).toHaveLength(failing);
      }),
    );
  });

  it('any other count (a partition lost, repeated or miscounted) is an incomplete answer', () => {
    fc.assert(
      fc.property(partitionsArb, fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }), (parts, dp, df) => {
        fc.pre(dp !== 0 || df !== 0);
        const failing = parts.filter((p) => p.failing).length;
        expect(() => everyPartition(listing(parts), { partitions: parts.length + dp, failing: failing + df }, lowestFirst)).toThrow(
          /^incomplete answer: /,
        );
      }),
    );
  });

  it('the report gets the LISTED_GROUPS worst failing partitions, lowest value first, the store all of them', () => {
    const n = LISTED_GROUPS + 500;
    // Values fall with the date, so the worst are the newest; every fifth partition passes.
    const parts = Array.from({ length: n }, (_, i) => ({ failing: i % 5 !== 0, value: (n - i) / n }));
    const failing = parts.filter((p) => p.failing).length;
    const read = everyPartition(listing(parts), { partitions: n, failing }, lowestFirst);
    expect(read.partitions).toHaveLength(n);
    const worst = parts.map((p, i) => ({ ...p, d: day(i) })).filter((p) => p.failing).reverse().slice(0, LISTED_GROUPS);
    expect(read.failing.map((g) => g.key.d)).toEqual(worst.map((p) => p.d));
  });
});
