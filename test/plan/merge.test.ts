// One statement per table (plan/merge.ts), counted from the plan: on BigQuery a table's batches
// are one statement, a sql check keeps its own, other tables their own; a statement never grows
// past the dialect's maxStatementLength (it is cut into several, in order).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/dialects/dialect.js';
import { bigquery } from '../../src/dialects/bigquery.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import { compile } from '../../src/plan/compile.js';
import { mergeByTable, type RenderedQuery } from '../../src/plan/merge.js';
import { spec } from '../support/checks.js';

const checks = [
  spec('not_null', { column: 'x', mostly: 1 }, { name: 'a' }),
  spec('metric', { expression: 'avg(u)', min: 1 }, { name: 'b', where: 'u > 0' }),
  spec('row_count', { min: 1 }, { name: 'c', groupBy: ['g'] }),
  spec('unique', { columns: ['x'] }, { name: 'd' }),
  spec('relationships', { column: 'x', to: 'main.other', field: 'x', mostly: 1 }, { name: 'e' }),
  spec('sql', { query: 'SELECT x FROM main.t WHERE x < 0' }, { name: 'f' }),
  spec('row_count', { min: 1 }, { name: 'g', table: 'main.other' }),
];
const ids = checks.map((c) => c.id);
const options = (dialect: Dialect) => ({ dialect, asOf: '2026-01-04', vars: {} });
const limited = (maxStatementLength: number): Dialect => ({ ...bigquery, capabilities: { ...bigquery.capabilities, maxStatementLength } });

describe('one statement per table', () => {
  it('on BigQuery: the five batches of main.t in one statement; the sql check and main.other apart', () => {
    const separate = compile(checks, options(duckdb)).queries;
    expect(separate.map((q) => [q.kind, q.table])).toEqual([
      ['aggregate', 'main.t'],
      ['aggregate', 'main.t'],
      ['aggregate', 'main.t'],
      ['group_counts', 'main.t'],
      ['relationships', 'main.t'],
      ['sql', 'main.t'],
      ['aggregate', 'main.other'],
    ]);
    const merged = compile(checks, options(bigquery)).queries;
    expect(merged.map((q) => [q.id, q.kind, q.table])).toEqual([
      ['q1', 'table', 'main.t'],
      ['q2', 'sql', 'main.t'],
      ['q3', 'aggregate', 'main.other'],
    ]);
    // The statement's parts are the batches DuckDB sends, under the statement's id.
    expect(merged[0]!.parts!.map((p) => [p.id, p.kind, p.checks.map((c) => c.id)])).toEqual(
      separate.slice(0, 5).map((q) => ['q1', q.kind, q.checks.map((c) => c.id)]),
    );
    expect(merged[0]!.checks.map((c) => c.id)).toEqual(ids.slice(0, 5));
    expect(merged[0]!.parts!.map((p) => p.columns)).toEqual([
      ['c1__rows', 'c1__pass'],
      ['c1__rows', 'c1__value'],
      ['g', 'c1__rows'],
      ['check_key', 'row_type', 'key_json', 'value', 'rows_evaluated', 'detail_json'],
      ['check_key', 'row_type', 'key_json', 'value', 'rows_evaluated', 'detail_json'],
    ]);
  });

  it('cuts a statement that would pass maxStatementLength into several, in order, each under it', () => {
    const whole = compile(checks, options(bigquery)).queries[0]!;
    for (const limit of [whole.sql.length, Math.floor(whole.sql.length / 2), Math.floor(whole.sql.length / 4), 10]) {
      const queries = compile(checks, options(limited(limit))).queries;
      const onT = queries.filter((q) => q.table === 'main.t' && q.kind !== 'sql');
      // Every check once, in order; a merged statement never over the limit.
      expect(onT.flatMap((q) => q.checks.map((c) => c.id))).toEqual(ids.slice(0, 5));
      for (const q of onT) if (q.parts) expect(q.sql.length).toBeLessThanOrEqual(limit);
      if (limit === 10) expect(onT.map((q) => q.kind)).toEqual(['aggregate', 'aggregate', 'aggregate', 'group_counts', 'relationships']);
      if (limit === Math.floor(whole.sql.length / 2)) expect(onT.length).toBeGreaterThan(1);
    }
  });

  it('never renders a merged statement over the limit, whatever the batches (property)', () => {
    const batch = fc.record({
      sql: fc.string({ minLength: 1, maxLength: 400 }),
      columns: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 20_000 }), (batches, limit) => {
        const rendered: RenderedQuery[] = batches.map((b, i) => ({
          query: { id: '', kind: `k${i}`, table: 'main.t', sql: b.sql, params: [], checks: [{ id: `c${i}`, key: 'c1' }], groupBy: [] },
          columns: b.columns,
          alone: false,
        }));
        const statements = mergeByTable(rendered, limited(limit));
        expect(statements.flatMap((q) => q.checks.map((c) => c.id))).toEqual(batches.map((_, i) => `c${i}`));
        for (const q of statements) if (q.parts) expect(q.sql.length).toBeLessThanOrEqual(limit);
      }),
    );
  });
});
