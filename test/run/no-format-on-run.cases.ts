// SQL is laid out only for reading (dq compile, HTML and JUnit reports): a run sends it
// compact and never calls the layout. (Run by test/wrapped-modules.test.ts, which spies on dialects/layout-sql.)
import { describe, expect, it, vi } from 'vitest';
import * as layout from '../../src/dialects/layout-sql.js';
import { dq } from '../e2e/cli.js';
import { makeProject } from '../e2e/fixture.js';
import { runProject } from '../e2e/run-project.js';

const CHECKS = `table: shop.orders
partition: created_at
checks:
  - row_count: { min: 1 }
  - coverage: { column: amount, min: 90% }
  - unique: [order_no]
  - { name: per_day, row_count: { min: 1 }, group_by: [created_at] }
`;

describe('formatting SQL', () => {
  it('a run (dry runs, batches, drill-down) never formats; dq compile does', async () => {
    const dir = await makeProject({ 'checks/orders.yaml': CHECKS });
    const format = vi.mocked(layout.layoutSql);
    format.mockClear();
    const report = await runProject(dir);
    // coverage fails and is drilled into; unique finds the duplicated order_no.
    expect(report.queries.some((q) => q.purpose === 'drill_down')).toBe(true);
    expect(report.summary.fail).toBe(2);
    expect(format).not.toHaveBeenCalled();
    expect(report.queries.every((q) => !q.sql.includes('\n'))).toBe(true);

    const compiled = await dq(dir, ['compile']);
    expect(compiled.code).toBe(0);
    expect(format).toHaveBeenCalled();
    expect(compiled.stdout).toMatch(/\nFROM\n\s+"shop"\."orders"/);
  });
});
