// Whatever text a check file holds, the classifier never calls SELECT what DuckDB would run as
// something else: checked against DuckDB's own prepare(), which only ever sees what the classifier
// already accepted (on a locked instance, so even a wrong answer could not touch a file).
import { StatementType } from '@duckdb/node-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyStatement } from '../../src/engines/duckdb-statement.js';
import { QueryError } from '../../src/engines/engine.js';
import { memoryDuckDbForFile } from '../support/memory-duckdb.js';

const duck = memoryDuckDbForFile('CREATE TABLE t AS SELECT 1 AS x', "SET enable_external_access = false; SET lock_configuration = true");

/** Queries, as a check would write them, and some that call what a check may not. */
const query = fc.constantFrom(
  'SELECT x FROM t',
  'SELECT 1',
  'FROM t',
  'VALUES (1)',
  'SELECT * FROM range(2)',
  'DESCRIBE t',
  "SELECT 'a;b' AS s",
  'SELECT * FROM enable_logging()',
  "SELECT * FROM query('SELECT 1')",
  'SELECT * FROM (PIVOT t ON x USING count(*))',
);

/** Statements that are not queries. */
const other = fc.constantFrom(
  'DELETE FROM t',
  'DELETE FROM t RETURNING *',
  'INSERT INTO t VALUES (1)',
  'UPDATE t SET x = 2',
  'CREATE TABLE u AS SELECT 1 AS y',
  "COPY t TO 'c.csv'",
  "EXPORT DATABASE 'e'",
  "ATTACH 'o.duckdb' AS o",
  'INSTALL httpfs',
  'LOAD httpfs',
  'SET threads = 1',
  'PRAGMA version',
  'CALL range(1)',
  'PIVOT t ON x USING count(*)',
  'EXPLAIN SELECT 1',
);

const body = fc.oneof(query, other);

/** The statements of a WITH list: mostly queries, so that the statement after it parses. */
const cteList = fc.array(fc.oneof({ arbitrary: query, weight: 3 }, { arbitrary: other, weight: 1 }), { minLength: 1, maxLength: 3 });

/** One statement: plain, in parentheses, in a set operation, or after a WITH list of anything. */
const statement = fc.oneof(
  body,
  query.map((q) => `(${q})`),
  fc.tuple(query, query).map(([a, b]) => `${a} UNION ALL ${b}`),
  fc.tuple(cteList, body).map(([ctes, main]) => `WITH ${ctes.map((c, i) => `c${i} AS (${c})`).join(', ')} ${main}`),
);

/** What a check file may hold: one or more statements, commented, with or without semicolons. */
const sqlText = fc
  .tuple(
    fc.oneof(
      { arbitrary: statement.map((one) => [one]), weight: 3 },
      { arbitrary: fc.array(statement, { minLength: 2, maxLength: 3 }), weight: 1 },
    ),
    fc.constantFrom('', '-- note\n', '/* note */ '),
    fc.constantFrom('', ';', ' ; ', ' -- end'),
  )
  .map(([statements, before, after]) => `${before}${statements.join('; ')}${after}`);

describe('classifying arbitrary text', () => {
  it('says SELECT only for one statement that DuckDB prepares as a SELECT, and fails only with a QueryError', async () => {
    await fc.assert(
      fc.asyncProperty(sqlText, async (sql) => {
        let type: string;
        try {
          type = await classifyStatement(duck.connection, sql);
        } catch (error) {
          expect(error).toBeInstanceOf(QueryError);
          return;
        }
        expect(type).toMatch(/^[A-Z_]+$/);
        if (type !== 'SELECT') return;
        expect((await duck.connection.extractStatements(sql)).count).toBe(1);
        const prepared = await duck.connection.prepare(sql).catch(() => undefined);
        // A binder error (a column that does not exist) is fine; any other statement type is not.
        if (prepared) expect(StatementType[prepared.statementType]).toBe('SELECT');
      }),
      { numRuns: 1000 },
    );
  });
});
