// dqgate never changes a user's data: the warehouse is opened read-only, and a check whose SQL
// tries to write is an error, not a write. A statement that is not a SELECT is refused before
// DuckDB binds it, so it leaves nothing behind, even under validate --dry-run.
import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run/report.js';
import { dq } from './cli.js';
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

  it('refuses statements with side effects under validate --dry-run (exit 2) before binding them: no file, folder, extension or change', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'dqgate-out-'));
    const home = mkdtempSync(path.join(tmpdir(), 'dqgate-home-'));
    const statements = sideEffects(out);
    const cwd = await makeProject({ 'checks/orders.yaml': checksOf(statements) });
    const warehouse = path.join(cwd, 'warehouse.duckdb');
    const before = sha256(warehouse);
    const result = await dq(cwd, ['validate', '--dry-run'], { HOME: home });
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(path.join(home, '.duckdb'))).toBe(false);
    expect(sha256(warehouse)).toBe(before);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`${statements.length} of ${statements.length + 1} checks rejected`);
    for (const [name, , type] of statements) {
      expect(result.stdout).toMatch(new RegExp(`orders\\.${name} \\([^)]*\\): refused: statement type ${type}; dqgate only runs SELECT\\n`));
    }
  });

  it('refuses the same statements under run (exit 2), runs the other checks, leaves nothing behind', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'dqgate-out-'));
    const home = mkdtempSync(path.join(tmpdir(), 'dqgate-home-'));
    const statements = sideEffects(out);
    const cwd = await makeProject({ 'checks/orders.yaml': checksOf(statements) });
    const warehouse = path.join(cwd, 'warehouse.duckdb');
    const before = sha256(warehouse);
    const result = await dq(cwd, ['run', '--as-of', '2026-01-10', '--no-drill-down'], { HOME: home });
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(path.join(home, '.duckdb'))).toBe(false);
    expect(sha256(warehouse)).toBe(before);
    expect(result.code).toBe(2);
    const [run] = readdirSync(path.join(cwd, 'reports')).filter((d) => d !== 'latest');
    const report = JSON.parse(readFileSync(path.join(cwd, 'reports', run!, 'report.json'), 'utf8')) as RunReport;
    expect(report.exit_code).toBe(2);
    expect(byId(report, 'orders.rows').status).toBe('pass');
    for (const [name, , type] of statements) {
      expect(byId(report, `orders.${name}`)).toMatchObject({ status: 'error', message: `refused: statement type ${type}; dqgate only runs SELECT` });
    }
  });
});
