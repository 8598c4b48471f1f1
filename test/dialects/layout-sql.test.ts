// The SQL layout for reading (dialects/layout-sql.ts) changes whitespace between tokens and
// nothing else: the token stream of its output is the input's, strings, quoted identifiers and
// comments byte-identical, on the SQL dq generates for every check type and on hostile text.
// And it reads: clause keywords on their own lines, one select item per line, nesting indented.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTypes } from '../../src/checks/registry.js';
import { bigquery } from '../../src/dialects/bigquery.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import { layoutSql } from '../../src/dialects/layout-sql.js';
import { sqlSpans } from '../../src/dialects/lexer.js';
import { dialects } from '../../src/dialects/registry.js';
import { compile } from '../../src/plan/compile.js';
import { tokenize } from '../support/bigquery-server/lexer.js';
import { goldenAsOf, goldenCases, goldenVars } from '../golden/cases.js';

/**
 * The tokens as this test reads them: each span verbatim (the dialect's own strings, quoted
 * identifiers and comments), and in the code between, `( ) , ;` alone and every other run of
 * non-whitespace characters as one token. Two tokens run together or one split apart show here.
 */
function tokensOf(sql: string, dialect: Dialect): string[] {
  const out: string[] = [];
  const code = (text: string) => out.push(...(text.match(/[(),;]|[^\s(),;]+/g) ?? []));
  let at = 0;
  for (const span of sqlSpans(sql, dialect.quoting)) {
    code(sql.slice(at, span.start));
    out.push(`span:${sql.slice(span.start, span.end)}`);
    at = span.end;
  }
  code(sql.slice(at));
  return out;
}

const generated = dialects.flatMap((dialect) =>
  checkTypes.flatMap(({ type }) =>
    compile(goldenCases[type]!, { dialect, asOf: goldenAsOf, vars: goldenVars, defaultProject: 'nba-props-platform' }).queries.map((q) => ({
      dialect,
      name: `${dialect.name} ${type} ${q.id}`,
      sql: q.sql,
    })),
  ),
);

/** Pieces of SQL, whole and broken: keywords, brackets, quotes and comments of both dialects. */
const PIECES = [
  'SELECT', 'select', 'DISTINCT', 'FROM', 'WHERE', 'GROUP', 'BY', 'ORDER', 'HAVING', 'QUALIFY', 'LIMIT', 'OFFSET', 'WITH', 'AS',
  'UNION', 'ALL', 'EXCEPT', 'INTERSECT', 'LEFT', 'FULL', 'OUTER', 'JOIN', 'ON', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END',
  'AND', 'OR', 'NOT', 'BETWEEN', 'IS', 'NULL', 'IN', 'count(*)', 'x', 'a.b', '"q"', '`t`', '1.5e3', '>=', '<>', '||', '::', '-', '*',
  '(', ')', '[', ']', '{', '}', ',', ';', "'s'", "'it''s'", "'a\\'b'", "'''tri'''", "r'\\d'", "E'\\n'", '$$d$$', "'",
  '"', '`', '--c\n', '-- open', '#h\n', '/* b */', '/*', '*/', '\u00a0', 'é',
];
const SPACES = ['', '', ' ', '  ', '\n', '\t', '\r\n'];
const hostile = fc
  .array(fc.tuple(fc.constantFrom(...SPACES), fc.constantFrom(...PIECES)), { maxLength: 60 })
  .map((parts) => parts.map(([space, piece]) => space + piece).join(''));

/** Pieces that make a long statement of the shape dq generates, so the breaking paths run. */
const longStatement = fc
  .array(fc.constantFrom("COUNT(CASE WHEN \"a\" IN ('x', 'y') THEN 1 END) AS c1", "CASE WHEN b BETWEEN 1 AND 2 THEN 'long text here' ELSE NULL END AS c2", '(SELECT max(z) FROM t WHERE p = 1 AND q = 2) AS c3', 'f(g(h(1, 2), 3), [4, 5], {\'k\': 6})'), { minLength: 1, maxLength: 12 })
  .map((items) => `WITH w AS (SELECT ${items.join(', ')} FROM t WHERE a = 1 AND b BETWEEN 2 AND 3 OR c IS NULL AND d <> 'long value' AND e >= 100000) SELECT * FROM w UNION ALL (SELECT * FROM w)`);

describe('layoutSql changes only whitespace between tokens', () => {
  it.each(generated.map((g) => [g.name, g] as const))('generated SQL: %s', (_name, { sql, dialect }) => {
    const laid = layoutSql(sql, dialect.quoting);
    expect(tokensOf(laid, dialect)).toEqual(tokensOf(sql, dialect));
    expect(laid).toContain('\n'); // it was laid out, not passed through
    expect(layoutSql(laid, dialect.quoting)).toBe(laid); // and laying it out again changes nothing
  });

  for (const dialect of dialects) {
    it(`${dialect.name}: hostile text keeps its tokens, spans byte-identical`, () => {
      fc.assert(
        fc.property(fc.oneof(hostile, longStatement), (sql) => {
          expect(tokensOf(layoutSql(sql, dialect.quoting), dialect)).toEqual(tokensOf(sql, dialect));
        }),
        { numRuns: 1500 },
      );
    });
  }

  it('bigquery: the GoogleSQL tokenizer (an independent lexer) reads the same tokens before and after', () => {
    const tokens = (sql: string) => tokenize(sql).filter((t) => t.kind !== 'ws').map((t) => t.text);
    fc.assert(
      fc.property(fc.oneof(hostile, longStatement), (sql) => {
        let before: string[];
        try {
          before = tokens(sql);
        } catch {
          return; // text GoogleSQL cannot tokenize at all: the check above covers it
        }
        expect(tokens(layoutSql(sql, bigquery.quoting))).toEqual(before);
      }),
      { numRuns: 1500 },
    );
    for (const g of generated.filter((x) => x.dialect === bigquery)) expect(tokens(layoutSql(g.sql, bigquery.quoting)), g.name).toEqual(tokens(g.sql));
  });
});

describe('layoutSql reads as SQL', () => {
  it('puts clause keywords on their own lines, one select item per line, subqueries and CTEs indented', () => {
    const sql =
      'WITH g AS (SELECT "k", COUNT(*) AS n FROM "s"."t" WHERE "k" IS NOT NULL GROUP BY "k") ' +
      "SELECT 'c1' AS check_key, COUNT(CASE WHEN n > 1 THEN 1 END) AS value FROM g UNION ALL (SELECT 'c2', 0 FROM g LIMIT 1000)";
    expect(layoutSql(sql, duckdb.quoting)).toBe(
      [
        'WITH',
        '  g AS (',
        '    SELECT',
        '      "k",',
        '      COUNT(*) AS n',
        '    FROM',
        '      "s"."t"',
        '    WHERE',
        '      "k" IS NOT NULL',
        '    GROUP BY',
        '      "k"',
        '  )',
        'SELECT',
        "  'c1' AS check_key,",
        '  COUNT(CASE WHEN n > 1 THEN 1 END) AS value',
        'FROM',
        '  g',
        'UNION ALL',
        '(',
        '  SELECT',
        "    'c2',",
        '    0',
        '  FROM',
        '    g',
        '  LIMIT',
        '    1000',
        ')',
      ].join('\n'),
    );
  });

  it('breaks a long condition before its top-level AND / OR (not the AND of a BETWEEN), and a long CASE before WHEN / ELSE', () => {
    const long = "'a rather long string literal, long enough'";
    const sql = `SELECT CASE WHEN x = ${long} THEN 1 WHEN y = ${long} THEN 2 ELSE 3 END AS v FROM t WHERE d BETWEEN 1 AND 2 AND e = ${long} OR f = ${long}`;
    expect(layoutSql(sql, duckdb.quoting)).toBe(
      [
        'SELECT',
        '  CASE',
        `    WHEN x = ${long} THEN 1`,
        `    WHEN y = ${long} THEN 2`,
        '    ELSE 3',
        '  END AS v',
        'FROM',
        '  t',
        'WHERE',
        '  d BETWEEN 1 AND 2',
        `  AND e = ${long}`,
        `  OR f = ${long}`,
      ].join('\n'),
    );
  });

  it('keeps a short call on one line and breaks a long one at its commas, one argument per line', () => {
    const args = Array.from({ length: 12 }, (_, i) => `'value_${i}'`);
    expect(layoutSql(`SELECT f(a, b) AS s, x IN (${args.join(',')}) AS l FROM t`, duckdb.quoting)).toBe(
      ['SELECT', '  f(a, b) AS s,', '  x IN (', ...args.map((a, i) => `    ${a}${i < args.length - 1 ? ',' : ''}`), '  ) AS l', 'FROM', '  t'].join('\n'),
    );
  });
});
