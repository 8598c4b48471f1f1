// A run dry-runs its plan, then executes the same statements: the DuckDB engine classifies and
// prepares each statement once, keeping the dry run's prepared SELECT for its execution.
// (Run by test/wrapped-modules.test.ts, which wraps classifyStatement to count the classifications.)
import { describe, expect, it, vi } from 'vitest';
import * as statement from '../../src/engines/duckdb-statement.js';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';

const classified = (sql: string) => vi.mocked(statement.classifyStatement).mock.calls.filter(([, text]) => text === sql).length;
const request = (sql: string) => ({ id: 'q1', sql, params: [] });

describe('DuckDB: a dry run, then the execution of the same statement', () => {
  it('classifies the statement once and answers as a statement executed without a dry run', async () => {
    const engine = await createDuckDbEngine({ path: ':memory:' });
    try {
      const sql = 'SELECT count(*) AS n, sum(i) AS total FROM range(10) t(i)';
      expect(await engine.dryRun!(request(sql))).toEqual({ statementType: 'SELECT' });
      const afterDryRun = await engine.execute(request(sql));
      expect(classified(sql)).toBe(1);
      // Kept for one execution only: the next one classifies and prepares again.
      const again = await engine.execute(request(sql));
      expect(classified(sql)).toBe(2);
      expect(afterDryRun.rows).toEqual([{ n: 10, total: 45 }]);
      expect(again.rows).toEqual(afterDryRun.rows);
    } finally {
      await engine.close();
    }
  });

  it('keeps nothing for a statement its dry run refuses: its execution is refused too', async () => {
    const engine = await createDuckDbEngine({ path: ':memory:' });
    try {
      const sql = 'CREATE TABLE t AS SELECT 1 AS x';
      expect(await engine.dryRun!(request(sql))).toEqual({ statementType: 'CREATE' });
      await expect(engine.execute(request(sql))).rejects.toThrow(/refused: statement type CREATE/);
      expect(classified(sql)).toBe(2);
    } finally {
      await engine.close();
    }
  });
});
