// dqgate never changes a user's data: the warehouse is opened read-only, and a check whose SQL
// tries to write is an error, not a write.
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject } from './fixture.js';
import { byId, runProject } from './run-project.js';

async function countOrders(file: string): Promise<number> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const rows = (await connection.runAndReadAll('SELECT COUNT(*) AS n FROM shop.orders')).getRowObjectsJS();
  connection.closeSync();
  instance.closeSync();
  return Number(rows[0].n);
}

describe('read-only', () => {
  it('turns a check that tries to delete rows into an error and leaves the data as it was', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': `table: shop.orders
checks:
  - name: sneaky
    sql: "DELETE FROM shop.orders RETURNING id"
  - name: sneaky_condition
    condition: "id > 0; DELETE FROM shop.orders"
  - row_count: 1
`,
    });
    const file = path.join(cwd, 'warehouse.duckdb');
    const before = await countOrders(file);
    const report = await runProject(cwd, { drillDown: false });
    expect(byId(report, 'orders.sneaky').status).toBe('error');
    expect(byId(report, 'orders.sneaky_condition').status).toBe('error');
    expect(byId(report, 'orders.row_count').status).toBe('pass');
    expect(report.exit_code).toBe(2);
    expect(await countOrders(file)).toBe(before);
  });
});
