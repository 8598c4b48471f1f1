// DuckDB has no dry-run jobs: its guard is DuckDB's own parser. Every statement is classified
// before it is prepared; only a single SELECT is prepared and run, anything else is refused unexecuted.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';
import { QueryError } from '../../src/engines/engine.js';
import { makeProject } from '../e2e/fixture.js';
import { runProject } from '../e2e/run-project.js';

describe('SELECT only on DuckDB', () => {
  it('refuses DML, COPY, a script smuggled into an expression when the project loads; nothing is written', async () => {
    const out = path.join(tmpdir(), `dqgate-copy-${process.pid}-${Date.now()}.csv`);
    const dir = await makeProject({
      'checks/orders.yaml': `table: shop.orders
checks:
  - { name: rows, row_count: { min: 90 } }
  - { name: wipe, sql: "DELETE FROM shop.orders WHERE TRUE" }
  - { name: export, sql: "COPY shop.orders TO '${out}'" }
  - name: smuggled
    condition: "TRUE THEN 1 END) AS x FROM shop.orders; DELETE FROM shop.orders; SELECT COUNT(CASE WHEN TRUE"
`,
    });
    const refused = await runProject(dir, { drillDown: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).issues.map((i) => `${i.line}: ${i.message}`)).toEqual([
      '4: sql.query: a sql check is one query starting with SELECT or WITH, not "DELETE"',
      '5: sql.query: a sql check is one query starting with SELECT or WITH, not "COPY"',
      '7: condition.expression: THEN outside a CASE ... END of this expression',
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('the engine itself runs one SELECT only, whatever it is given', async () => {
    const engine = await createDuckDbEngine({ path: ':memory:' });
    try {
      await expect(engine.execute({ id: 'q1', sql: 'SELECT 1 AS x', params: [] })).resolves.toMatchObject({ rows: [{ x: 1 }] });
      for (const [sql, type] of [
        ['CREATE TABLE t AS SELECT 1 AS x', 'CREATE'],
        ['SELECT 1; SELECT 2', 'SCRIPT'],
        ["ATTACH ':memory:' AS other", 'ATTACH'],
        ['PRAGMA enable_profiling', 'PRAGMA'],
      ] as const) {
        const error = await engine.execute({ id: 'q1', sql, params: [] }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(QueryError);
        expect((error as QueryError).message).toBe(`refused: statement type ${type}; dqgate only runs SELECT`);
        expect((error as QueryError).reason).toBe('refused');
      }
      // Named by the parser alone: a statement that is not a SELECT is never bound.
      await expect(engine.dryRun!({ id: 'q1', sql: 'DELETE FROM nowhere', params: [] })).resolves.toEqual({ statementType: 'DELETE' });
      await expect(engine.dryRun!({ id: 'q1', sql: 'SELECT 1; SELECT 2', params: [] })).resolves.toEqual({ statementType: 'SCRIPT' });
      await expect(engine.dryRun!({ id: 'q1', sql: 'SELECT nope', params: [] })).rejects.toThrow(/nope/);
    } finally {
      await engine.close();
    }
  });
});
