// dqgate never changes a user's data: the warehouse is opened read-only, and a check whose SQL
// tries to write is refused when the project loads, before anything is sent.
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { makeProject } from './fixture.js';
import { runProject } from './run-project.js';

async function countOrders(file: string): Promise<number> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const rows = (await connection.runAndReadAll('SELECT COUNT(*) AS n FROM shop.orders')).getRowObjectsJS();
  connection.closeSync();
  instance.closeSync();
  return Number(rows[0].n);
}

describe('read-only', () => {
  it('refuses a check that tries to delete rows at load, and leaves the data as it was', async () => {
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
    const refused = await runProject(cwd, { drillDown: false }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).issues.map((i) => `${i.line}:${i.column}: ${i.message}`)).toEqual([
      '4:11: sql.query: a sql check is one query starting with SELECT or WITH, not "DELETE"',
      '6:23: condition.expression: ";" ends the statement; an expression has none',
    ]);
    expect(await countOrders(file)).toBe(before);
  });
});
