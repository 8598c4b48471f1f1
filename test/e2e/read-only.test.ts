// dqgate never changes a user's data: the warehouse is opened read-only, and a check whose SQL
// tries to write is refused when the project loads, before anything is sent. The engine refuses it
// again on its own (test/engines/duckdb-statement.test.ts): a statement that is not a SELECT is
// never bound, so it leaves nothing behind.
import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { dq } from './cli.js';
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

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Statements with an effect outside a SELECT, as `sql` checks, and the type each is refused as. */
function sideEffects(out: string): [name: string, sql: string, type: string][] {
  return [
    ['export', `EXPORT DATABASE '${out}/export'`, 'EXPORT'],
    ['copy', `COPY (SELECT 1) TO '${out}/copy.csv'`, 'COPY'],
    ['attach', `ATTACH '${out}/other.duckdb' AS other`, 'ATTACH'],
    ['install', 'INSTALL httpfs', 'INSTALL'],
    ['load', 'LOAD httpfs', 'LOAD'],
    ['create', 'CREATE TABLE shop.made AS SELECT 1 AS x', 'CREATE'],
    ['set', 'SET enable_external_access = true', 'SET'],
    ['pragma', 'PRAGMA enable_profiling', 'PRAGMA'],
    ['call', `CALL enable_logging(storage => 'file', storage_path => '${out}/logs')`, 'CALL'],
    ['with_delete', 'WITH a AS (SELECT 1 AS x) DELETE FROM shop.orders', 'DELETE'],
  ];
}

const checksOf = (statements: [string, string, string][]) =>
  `table: shop.orders\nchecks:\n  - { name: rows, row_count: { min: 90 } }\n` +
  statements.map(([name, sql]) => `  - { name: ${name}, sql: ${JSON.stringify(sql)} }\n`).join('');

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

  for (const command of [['validate', '--dry-run'], ['run', '--as-of', '2026-01-10', '--no-drill-down']]) {
    it(`refuses statements with side effects at load under ${command.join(' ')} (exit 3): no file, folder, extension, change or report`, async () => {
      const out = mkdtempSync(path.join(tmpdir(), 'dqgate-out-'));
      const home = mkdtempSync(path.join(tmpdir(), 'dqgate-home-'));
      const statements = sideEffects(out);
      const cwd = await makeProject({ 'checks/orders.yaml': checksOf(statements) });
      const warehouse = path.join(cwd, 'warehouse.duckdb');
      const before = sha256(warehouse);
      const result = await dq(cwd, command, { HOME: home });
      expect(readdirSync(out)).toEqual([]);
      expect(existsSync(path.join(home, '.duckdb'))).toBe(false);
      expect(existsSync(path.join(cwd, 'reports'))).toBe(false);
      expect(sha256(warehouse)).toBe(before);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`${statements.length} configuration problems; nothing was sent to the warehouse`);
      statements.forEach(([, , type], i) => {
        const refusal = type === 'DELETE' ? 'DELETE is not allowed: a check only reads' : `a sql check is one query starting with SELECT or WITH, not "${type}"`;
        expect(result.stderr).toMatch(new RegExp(`checks/orders\\.yaml:${i + 4}:\\d+: sql\\.query: ${refusal.replace(/[()]/g, '\\$&')}\\n`));
      });
    });
  }
});
