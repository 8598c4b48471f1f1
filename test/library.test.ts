// The library API a TypeScript pipeline uses instead of a subprocess.
import { describe, expect, it } from 'vitest';
import { compile, loadProject, run, selectChecks } from '../src/index.js';
import { makeProject } from './e2e/fixture.js';

describe('library API', () => {
  it('loads, compiles and runs a selection, returning the report', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': 'table: shop.orders\nchecks:\n  - row_count: 90\n  - coverage: { column: amount, min: 90% }\n',
    });
    const project = await loadProject({ cwd });
    const { checks } = selectChecks(project, {});
    const plan = compile({ project, checks, asOf: '2026-01-10' });
    expect(plan.queries).toHaveLength(1);
    expect(plan.queries[0].sql).toContain('"shop"."orders"');
    const report = await run({ project, checks, asOf: '2026-01-10', drillDown: false });
    expect(report.exit_code).toBe(1);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['orders.row_count', 'pass'],
      ['orders.coverage_amount', 'fail'],
    ]);
    expect(report.queries[0].sql).toBe(plan.queries[0].sql);
  });
});

describe('library guards', () => {
  it('refuses to run an empty selection: a gate with nothing to check cannot pass', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': 'table: shop.orders\nchecks:\n  - row_count: 1\n' });
    const project = await loadProject({ cwd });
    await expect(run({ project, checks: [] })).rejects.toThrow(/no checks selected/);
  });

  it('types --var overrides like the config value they replace, also when passed to run()', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': 'table: shop.orders\nchecks:\n  - condition: "amount > {{ var.min_amount }} OR amount IS NULL"\n' });
    const project = await loadProject({ cwd });
    const plan = compile({ project, checks: project.checks, vars: { min_amount: '7' }, asOf: '2026-01-10' });
    expect(plan.queries[0].sql).toContain('amount > 7');
    expect(() => compile({ project, checks: project.checks, vars: { min_amount: 'seven' }, asOf: '2026-01-10' })).toThrow(/expected a number/);
    expect(() => compile({ project, checks: project.checks, vars: { min_amount: '0x10' }, asOf: '2026-01-10' })).toThrow(/expected a number/);
  });
});
