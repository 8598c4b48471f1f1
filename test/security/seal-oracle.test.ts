// The seal checked against the engine itself: any fragment the DuckDB seal accepts, pasted where
// dq pastes fragments, either fails or yields exactly the columns dq wrote and one row per group.
// DuckDB is the oracle, so what the lexer believes and what the engine reads cannot drift apart
// unnoticed (a line comment ended by \r, unnest naming its own columns, ...).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealProblems } from '../../src/config/sql-text.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import { memoryDuckDbForFile } from '../support/memory-duckdb.js';

const duck = memoryDuckDbForFile("CREATE TABLE t AS SELECT i AS amount, ['new', 'paid'][i % 2 + 1] AS status, i % 2 AS k FROM range(4) r(i)");

// The places dq pastes an expression, with the columns each query must have.
const placements: { name: string; sql: (f: string) => string; columns: string[]; rows: number }[] = [
  { name: 'metric', sql: (f) => `SELECT COUNT(*) AS c1__rows, (${f}) AS c1__value, COUNT(*) AS c2__rows FROM t`, columns: ['c1__rows', 'c1__value', 'c2__rows'], rows: 1 },
  {
    name: 'condition',
    sql: (f) => `SELECT COUNT(CASE WHEN ${f} THEN 1 END) AS c1__pass, COUNT(*) AS c2__rows FROM t`,
    columns: ['c1__pass', 'c2__rows'],
    rows: 1,
  },
  { name: 'where', sql: (f) => `SELECT COUNT(*) AS c1__rows, COUNT(*) AS c2__rows FROM t WHERE ${f}`, columns: ['c1__rows', 'c2__rows'], rows: 1 },
  { name: 'reconcile actual', sql: (f) => `SELECT k AS k0, ${f} AS v, COUNT(*) AS n FROM t GROUP BY k`, columns: ['k0', 'v', 'n'], rows: 2 },
];

const atom = fc.constantFrom(
  'amount', 'status', 'k', '1', '0.5', "'x'", "'a''b'", "E'\\''", "E'\\\\'", '$$a$$', '$t$)$t$', '"amount"', '"c2__rows"', 'NULL', 'TRUE',
  '[1, 2]', "{'c2__rows': 0}", 'count(*)', 'max(amount)', 'c2__rows', 'c1__rows', 'x', 'é', '1e3', '0x1F', '*',
);
// Calls: harmless ones, and ones that make columns of their own (refused by name).
const call = fc.constantFrom('abs', 'coalesce', 'max', 'unnest', '"unnest"', 'main.unnest', 'unlist', 'columns', 'struct_pack', 'list_value');
const glue = fc.constantFrom(
  ' + ', ' = ', ' > ', ' AND ', ' OR ', ', ', ' AS ', ' FROM t ', '(', ')', '[', ']', ' || ', '::INT', '.', ' IS DISTINCT FROM ', ':', ';',
  '--', '/*', '*/', ' CASE WHEN ', ' THEN ', ' ELSE ', ' END ', '\r', '\n', ' ', "'", '"', '$', '#', ' SELECT ', ' IN ', ' NOT ', '.*', ' UNION ALL ',
);
// Mostly well-formed expressions (so they reach the engine), with stray glue spliced in.
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('expr'), fc.constantFrom(' + ', ' = ', ' > ', ' AND ', ' OR ', ' || ', ' IS DISTINCT FROM '), tie('expr')).map((p) => p.join('')),
    tie('expr').map((e) => `(${e})`),
    fc.tuple(call, tie('expr')).map(([f, e]) => `${f}(${e})`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `CASE WHEN ${a} THEN ${b} END`),
    fc.tuple(tie('expr'), glue, tie('expr')).map((p) => p.join('')),
  ),
}));
const fragment = fc.oneof(expr, fc.array(fc.oneof(atom, glue), { minLength: 1, maxLength: 12 }).map((parts) => parts.join('')));

async function shape(sql: string): Promise<{ columns: string[]; rows: number } | 'error'> {
  try {
    const reader = await duck.connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.currentRowCount };
  } catch {
    return 'error';
  }
}

describe('the seal, with DuckDB as the oracle', () => {
  it('a fragment the seal accepts never changes the columns or rows of the query it is pasted into', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fragment, async (f) => {
        if (sealProblems(f, 'expression', { dialects: [duckdb] }).length > 0) return;
        accepted++;
        for (const placement of placements) {
          const result = await shape(placement.sql(f));
          if (result !== 'error') expect({ placement: placement.name, ...result }).toEqual({ placement: placement.name, columns: placement.columns, rows: placement.rows });
        }
      }),
      {
        numRuns: 3000,
        examples: [["unnest({'c2__rows': 0})"], ['1 -- a\r) AS c2__rows, (1\n'], ['c2__rows: 0']],
      },
    );
    // The generator must reach the engine, or the property says nothing.
    expect(accepted).toBeGreaterThan(300);
  }, 60_000);
});
