// Every check type, passing and failing, on real data in DuckDB.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run/report.js';
import { makeProject } from './fixture.js';
import { byId, runProject } from './run-project.js';

const CHECKS = `table: shop.orders
checks:
  - name: rows_ok
    row_count: { min: 90 }
  - name: rows_bad
    row_count: { equals: 100 }
  - name: amount_mostly
    not_null: { column: amount, mostly: 75% }
  - name: amount_all
    not_null: amount
  - name: amount_coverage_ok
    coverage: { column: amount, min: 78%, max: 82% }
  - name: amount_coverage_bad
    coverage: { column: amount, min: 90% }
  - name: id_unique
    unique: id
  - name: order_no_unique_bad
    unique: order_no
  - name: status_values_ok
    accepted_values: { column: status, values: [new, paid, shipped, lost] }
  - name: status_values_bad
    accepted_values: { column: status, values: [new, paid, shipped] }
  - name: amount_range_ok
    between: { column: amount, min_value: 0, max_value: 150 }
  - name: amount_range_strict_bad
    between: { column: amount, min_value: 1.5, strict_min: true }
  - name: email_ok
    regex: { column: email, pattern: '^user[0-9]+@example\\.com$' }
  - name: email_bad
    regex: { column: email, pattern: '^user1' }
  - name: condition_ok
    condition: "amount > {{ var.min_amount }} OR amount IS NULL"
  - name: condition_bad
    condition: "status <> 'lost'"
  - name: customers_bad
    relationships: { column: customer_id, to: shop.customers, field: customer_id }
  - name: customers_mostly
    relationships: { column: customer_id, to: shop.customers, field: customer_id, mostly: 85% }
  - name: five_a_day_bad
    rows_per_group: { by: created_at, min: 5 }
  - name: fresh_ok
    freshness: { column: created_at, max_age: 1 day }
  - name: fresh_bad
    freshness: { column: created_at, max_age: 1 day }
    where: created_at < DATE '2026-01-05'
  - name: avg_ok
    metric: { expression: avg(amount), min: 70, max: 80 }
  - name: avg_bad
    metric: { expression: max(amount), max: 100 }
  - name: lost_orders_bad
    sql: "SELECT id, status FROM shop.orders WHERE status = 'lost'"
  - name: lost_orders_ok
    sql: { query: "SELECT id FROM shop.orders WHERE status = 'lost'", max_rows: 3 }
  - name: schema_ok
    schema: { columns: { id: INT64, status: STRING, created_at: DATE, amount: NUMERIC } }
  - name: schema_bad
    schema: { columns: { id: STRING, missing_col: INT64 }, allow_extra: false }
`;

describe('every check type on DuckDB', () => {
  let report: RunReport;
  beforeAll(async () => {
    report = await runProject(await makeProject({ 'checks/orders.yaml': CHECKS }), { drillDown: false });
  });

  it('passes and fails each type as its data says', () => {
    const statuses = Object.fromEntries(report.checks.map((c) => [c.name, c.status]));
    for (const [name, status] of Object.entries(statuses)) {
      expect([name, status]).toEqual([name, name.endsWith('_bad') || name === 'amount_all' ? 'fail' : 'pass']);
    }
    expect(report.exit_code).toBe(1);
  });

  it('measures the metrics exactly', () => {
    const metric = (id: string) => byId(report, `orders.${id}`).metric.value;
    expect(metric('rows_ok')).toBe(92);
    expect(metric('amount_coverage_ok')).toBeCloseTo(74 / 92);
    expect(metric('order_no_unique_bad')).toBe(1);
    expect(metric('status_values_bad')).toBeCloseTo(89 / 92);
    expect(metric('customers_bad')).toBeCloseTo(1 - 9 / 92, 5);
    expect(metric('fresh_ok')).toBe(0);
    expect(metric('fresh_bad')).toBe(6 * 86400);
    expect(metric('lost_orders_bad')).toBe(3);
    // id mistyped, missing_col missing, six columns not listed.
    expect(metric('schema_bad')).toBe(1 + 1 + 6);
  });

  it('lists the offending groups: duplicate keys, missing references, small days, offending rows', () => {
    expect(byId(report, 'orders.order_no_unique_bad').failing_groups).toEqual([{ key: { order_no: 99 }, value: 2, rows: 2 }]);
    expect(byId(report, 'orders.customers_bad').failing_groups).toEqual([{ key: { customer_id: 10 }, value: 9, rows: 9 }]);
    expect(byId(report, 'orders.five_a_day_bad').failing_groups).toEqual([{ key: { created_at: '2026-01-05' }, value: 2, rows: 2 }]);
    expect(byId(report, 'orders.lost_orders_bad').failing_groups.map((g) => g.key)).toEqual([
      { id: 7, status: 'lost' },
      { id: 17, status: 'lost' },
      { id: 27, status: 'lost' },
    ]);
    expect(byId(report, 'orders.schema_bad').message).toMatch(/id is INTEGER|id is BIGINT/);
  });

  it('runs all aggregate checks of the table in one scan', () => {
    const aggregate = report.queries.filter((q) => q.kind === 'aggregate');
    // Check-level where clauses became conditional aggregates: still one scan.
    expect(aggregate.map((q) => q.check_ids.length)).toEqual([18]);
    // Plus one query per set shape: group_counts, relationships, sql, schema.
    // Then one query for the samples of the failed row-level checks of the table.
    expect(report.queries.map((q) => q.kind)).toEqual(['aggregate', 'group_counts', 'relationships', 'sql', 'schema', 'samples']);
  });
});
