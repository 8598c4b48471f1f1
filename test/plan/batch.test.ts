import { describe, expect, it } from 'vitest';
import { duckdb } from '../../src/dialects/duckdb.js';
import { compile } from '../../src/plan/compile.js';
import { spec } from '../support/checks.js';

const options = { dialect: duckdb, asOf: '2026-01-04', vars: { season_start: '2021-10-01' } };

describe('one scan per table', () => {
  it('puts N aggregate checks on one table into one query', () => {
    const checks = [
      spec('row_count', {}, { name: 'a' }),
      spec('not_null', { column: 'x', mostly: 1 }, { name: 'b' }),
      spec('coverage', { column: 'u', min: 0.45 }, { name: 'c', where: "d >= '{{ var.season_start }}'" }),
      spec('accepted_values', { column: 's', values: [1, 3], mostly: 1 }, { name: 'd' }),
      spec('between', { column: 'u', min_value: 0, max_value: 100, mostly: 1 }, { name: 'e' }),
      spec('regex', { column: 'g', pattern: '^00', mostly: 1 }, { name: 'f' }),
      spec('condition', { expression: 'u < 50', mostly: 1 }, { name: 'g' }),
      spec('metric', { expression: 'avg(u)', min: 1 }, { name: 'h' }),
      spec('freshness', { column: 'd', max_age: 172800 }, { name: 'i' }),
    ];
    const plan = compile(checks, options);
    expect(plan.queries).toHaveLength(1);
    expect(plan.queries[0].checks.map((c) => c.id)).toEqual(checks.map((c) => c.id));
    // Check-level filters became conditional aggregates, not WHERE clauses.
    expect(plan.queries[0].sql).not.toMatch(/\bWHERE\b/);
    expect(plan.queries[0].sql).toMatch(/CASE\s+WHEN d >= '2021-10-01'/);
  });

  it('gives each table and each file-level filter its own scan', () => {
    const plan = compile(
      [
        spec('row_count', {}, { name: 'a' }),
        spec('row_count', {}, { name: 'b', table: 'main.other' }),
        spec('row_count', {}, { name: 'c', fileWhere: 'x > 0' }),
        spec('row_count', {}, { name: 'd' }),
      ],
      options,
    );
    expect(plan.queries.map((q) => q.checks.map((c) => c.id))).toEqual([['t.a', 't.d'], ['t.c'], ['t.b']]);
  });

  it('scans separately for a metric with its own filter, since its aggregate cannot be made conditional', () => {
    const plan = compile(
      [spec('metric', { expression: 'avg(u)', min: 1 }, { name: 'a', where: 's = 3' }), spec('row_count', {}, { name: 'b' })],
      options,
    );
    expect(plan.queries).toHaveLength(2);
    expect(plan.queries.find((q) => q.checks[0].id === 't.a')!.sql).toMatch(/WHERE\s+s = 3/);
  });

  it('shares one query among set checks of the same shape on a table', () => {
    const plan = compile(
      [
        spec('unique', { columns: ['g'] }, { name: 'a' }),
        spec('rows_per_group', { by: 'd', equals: 2 }, { name: 'b' }),
        spec('unique', { columns: ['g', 'd'] }, { name: 'c' }),
        spec('relationships', { column: 'g', to: 'main.p', field: 'g', mostly: 1 }, { name: 'd' }),
      ],
      options,
    );
    expect(plan.queries.map((q) => [q.kind, q.checks.length])).toEqual([
      ['group_counts', 3],
      ['relationships', 1],
    ]);
  });

  it('renders the same SQL for the same plan', () => {
    const checks = [spec('unique', { columns: ['g'] }), spec('coverage', { column: 'u', min: 0.4 })];
    expect(compile(checks, options)).toEqual(compile(checks, options));
  });
});
