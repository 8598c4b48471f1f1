// Which reads of a check cover every partition of a table (refused on require_partition_filter
// tables), and which options bound them.
import { describe, expect, it } from 'vitest';
import { unboundedReads } from '../../src/plan/full-scan.js';
import { spec } from '../support/checks.js';

const tables = (reads: { table: string }[]) => reads.map((r) => r.table);

describe('unboundedReads', () => {
  it('a check on its partitions is bounded by a window or a range, not without one', () => {
    const check = spec('not_null', { column: 'x' }, { partition: 'day' });
    expect(tables(unboundedReads(check, {}))).toEqual(['main.t']);
    expect(unboundedReads(check, { from: '2026-01-01' })).toEqual([]);
    expect(unboundedReads({ ...check, window: { days: 3 } }, {})).toEqual([]);
    expect(unboundedReads({ ...check, window: { last: 3 } }, {})).toEqual([]);
    expect(unboundedReads(spec('not_null', { column: 'x' }), { from: '2026-01-01' })[0]!.fix).toMatch(/^declare `partition:`/);
  });

  it('volume by the partition column needs an end: --from alone leaves its history open', () => {
    const check = spec('volume', { by: 'day', lookback: 14, min_ratio: 0.5 }, { partition: 'day' });
    expect(tables(unboundedReads(check, { from: '2026-01-01' }))).toEqual(['main.t']);
    expect(unboundedReads(check, { to: '2026-01-05' })).toEqual([]);
    expect(unboundedReads({ ...check, window: { last: 3 } }, {})).toEqual([]);
  });

  it('a calendar of expected partitions without --from or window: N days reads the first partition of the table', () => {
    const check = spec('row_count', { min: 1 }, { partition: 'day', expectedPartitions: { calendar: 'daily' }, window: { last: 3 } });
    expect(unboundedReads(check, {}).map((r) => r.fix)).toEqual([expect.stringMatching(/calendar .* `window: N days` or --from/)]);
    expect(unboundedReads({ ...check, window: { days: 3 } }, {})).toEqual([]);
  });

  it('relationships reads the whole referenced table whatever bounds the check; reconcile bounds its expected table with expected.partition', () => {
    const related = spec('relationships', { column: 'g', to: 'main.games', field: 'g' }, { partition: 'day', window: { days: 3 } });
    expect(tables(unboundedReads(related, {}))).toEqual(['main.games']);
    const expected = { table: 'main.schedule', value: 'count(*)' };
    const reconcile = spec('reconcile', { by: ['day'], actual: 'count(*)', expected }, { partition: 'day', window: { days: 3 } });
    expect(unboundedReads(reconcile, {})).toEqual([]);
    const otherKey = spec('reconcile', { by: ['team'], actual: 'count(*)', expected }, { partition: 'day', window: { days: 3 } });
    expect(unboundedReads(otherKey, {})).toEqual([{ table: 'main.schedule', fix: expect.stringMatching(/^give `expected.partition`/) }]);
  });

  it('schema and sql checks are left to their own queries', () => {
    expect(unboundedReads(spec('schema', { columns: {} }), {})).toEqual([]);
    expect(unboundedReads(spec('sql', { query: 'SELECT 1' }), {})).toEqual([]);
  });
});
