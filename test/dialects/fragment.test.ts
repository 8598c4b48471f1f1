// The seal on user SQL: what an expression or a `sql` check's query may and may not contain,
// read with each dialect's own quoting.
import { describe, expect, it } from 'vitest';
import { bigquery } from '../../src/dialects/bigquery.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import { fragmentProblems, type SqlRole } from '../../src/dialects/fragment.js';

const both = [duckdb, bigquery];
const first = (text: string, role: SqlRole, dialect = duckdb) => fragmentProblems(text, role, dialect)[0];

describe('sealed expressions', () => {
  const sealed = [
    'fg_made <= fg_attempts',
    "status IN ('new', 'paid')",
    'x IN (SELECT id FROM other WHERE y > 0)',
    "CAST(amount AS DOUBLE) > 0 AND EXTRACT(DAY FROM created_at) < 30",
    'CASE WHEN a > 0 THEN 1 ELSE 0 END = 1',
    'a IS DISTINCT FROM b',
    'percentile_cont(0.5) WITHIN GROUP (ORDER BY points)',
    "count(*) FILTER (WHERE status = 'lost')",
    "name = 'it''s; -- not a comment, AS FROM'",
    '[1, 2, 3][1] = 1',
    '1e5 > 0x1F',
    "amount::INT > 0 AND [1, 2, 3][1:2] = [1, 2] AND {'a': 1}.a = 1 AND round(x, digits := 1) > 0",
    'count(*) * 2 > 0',
  ];
  for (const text of sealed) {
    it(`accepts ${text}`, () => {
      for (const dialect of both) expect(fragmentProblems(text, 'expression', dialect)).toEqual([]);
    });
  }

  const leaking: [string, string, number][] = [
    ['1) AS c1__value, 0 AS c2__rows FROM t --', '")" closes a "(" this expression never opened', 1],
    ['x > 0, 1', '"," outside parentheses would start another column; an expression is one value', 5],
    ['count(*) AS c2__rows', 'AS outside parentheses would leave the expression; a subquery goes in parentheses, (SELECT ...)', 9],
    ['count(*) FROM t', 'FROM outside parentheses would leave the expression; a subquery goes in parentheses, (SELECT ...)', 9],
    ['1 UNION ALL SELECT 2', 'UNION outside parentheses would leave the expression; a subquery goes in parentheses, (SELECT ...)', 2],
    ['x > 0 GROUP BY x', 'GROUP outside parentheses would leave the expression; a subquery goes in parentheses, (SELECT ...)', 6],
    ['x > 0; DELETE FROM t', '";" ends the statement; an expression has none', 5],
    ['1=1 THEN 1 END', 'THEN outside a CASE ... END of this expression', 4],
    ['x > 0 -- note', 'a -- comment is never closed (it would swallow the SQL dq adds after it)', 6],
    ['x > 0 /* note */', 'a /* comment */ is not allowed in an expression; describe the check in description:', 6],
    ["name = 'open", "'...' is never closed", 7],
    ['(x > 0', '"(" is never closed', 0],
    ['CASE WHEN x THEN 1', '"CASE" is never closed (no END)', 0],
    ['count(*)1AS c2__rows', '"1AS": a number runs into a name; separate them with a space', 8],
    ['x IN (DELETE FROM t RETURNING id)', 'DELETE is not allowed: a check only reads', 6],
    ['c2__rows: 0', '":" outside brackets names a column on DuckDB; an expression is one value', 8],
    ["max((x).*)", '".*" expands into columns of their own; name the field instead', 7],
  ];
  for (const [text, message, index] of leaking) {
    it(`refuses ${text}`, () => expect(first(text, 'expression')).toEqual({ index, message }));
  }

  it("reads each dialect's quoting: a # comment only on BigQuery, \" a string on BigQuery and a name on DuckDB", () => {
    expect(first('x # 1', 'expression', bigquery)?.message).toBe('a # comment is never closed (it would swallow the SQL dq adds after it)');
    expect(fragmentProblems('x # 1', 'expression', duckdb)).toEqual([]);
    expect(fragmentProblems('x = "a, b AS c"', 'expression', bigquery)).toEqual([]);
    expect(fragmentProblems('"a, b AS c" > 0', 'expression', duckdb)).toEqual([]);
    // A backslash escapes a quote in BigQuery strings only: on DuckDB the string ends there.
    expect(fragmentProblems(String.raw`x = 'a\', 1'`, 'expression', bigquery)).toEqual([]);
    expect(first(String.raw`x = 'a\', 1'`, 'expression', duckdb)?.message).toBe('"," outside parentheses would start another column; an expression is one value');
    // DuckDB's block comments nest, BigQuery's do not.
    expect(first('x /* a /* b */ c */', 'expression', duckdb)?.message).toMatch(/comment \*\/ is not allowed/);
    expect(first('x > 0 /* a /* b */, 1 AS c2 */', 'expression', bigquery)?.index).toBe(6);
    expect(fragmentProblems('x = $$ ) AS c2, $$', 'expression', duckdb)).toEqual([]);
    expect(fragmentProblems("x = r'''a ) AS c2, '''", 'expression', bigquery)).toEqual([]);
  });
});

describe('sealed queries (the sql check)', () => {
  const sealed = [
    'SELECT game_id FROM t WHERE a = b',
    'SELECT game_id FROM t WHERE a = b;',
    'select 1;\n  ',
    'WITH x AS (SELECT 1 AS a) SELECT a FROM x',
    '(SELECT 1) UNION ALL (SELECT 2)',
    'SELECT 1 -- a note\nFROM t',
    'SELECT /* a note */ 1',
  ];
  for (const text of sealed) {
    it(`accepts ${JSON.stringify(text)}`, () => {
      for (const dialect of both) expect(fragmentProblems(text, 'query', dialect)).toEqual([]);
    });
  }

  const refused: [string, string][] = [
    ['DELETE FROM t RETURNING id', 'a sql check is one query starting with SELECT or WITH, not "DELETE"'],
    ['EXPORT DATABASE \'/tmp/x\'', 'a sql check is one query starting with SELECT or WITH, not "EXPORT"'],
    ['SELECT 1; SELECT 2', '";" ends the statement; a query may only end with one'],
    ['SELECT 1; /* a note after the end */', '";" ends the statement; a query may only end with one'],
    ['SELECT 1 -- trailing note', 'a -- comment is never closed (it would swallow the SQL dq adds after it)'],
    ['SELECT 1) AS x, (SELECT 2', '")" closes a "(" this query never opened'],
    ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', 'DELETE is not allowed: a check only reads'],
    ['', 'a sql check is one query starting with SELECT or WITH'],
  ];
  for (const [text, message] of refused) {
    it(`refuses ${JSON.stringify(text)}`, () => expect(first(text, 'query')?.message).toBe(message));
  }

  it('refuses a line comment holding a carriage return, where DuckDB ends it (`-- a\r, 2 AS b` selects b)', () => {
    for (const dialect of both) {
      expect(first('SELECT 1 -- a\r) AS c1_rows, x AS (SELECT 2 --\nFROM t', 'query', dialect)).toEqual({
        index: 13,
        message: 'a -- comment holds a line break other than a newline, where an engine may end it; use a plain newline',
      });
    }
  });
});

describe('functions that add columns', () => {
  it("refuses DuckDB's unnest (and its alias unlist), unpack and COLUMNS in an expression, however written (unnest of a struct names its own columns)", () => {
    const message = (name: string) => `${name} can add columns of its own to dq's shared query; it is not allowed in an expression`;
    expect(first("unnest({'c2__rows': 0})", 'expression')).toEqual({ index: 0, message: message('unnest') });
    expect(first(`"UNNEST"({'c2__rows': 0})`, 'expression')).toEqual({ index: 0, message: message('UNNEST') });
    expect(first("main.UnNest({'c2__rows': 0})", 'expression')).toEqual({ index: 5, message: message('UnNest') });
    expect(first("({'c2__rows': 0}).unnest()", 'expression')?.message).toBe(message('unnest'));
    expect(first('max(COLUMNS(*))', 'expression')?.message).toBe(message('COLUMNS'));
    expect(first("unlist({'c2__rows': 0})", 'expression')?.message).toBe(message('unlist'));
    // BigQuery's UNNEST only makes rows for IN and FROM: x IN UNNEST([...]) stays allowed there.
    expect(fragmentProblems('x IN UNNEST([1, 2])', 'expression', bigquery)).toEqual([]);
    // A sql check's query is a CTE of its own: unnest in it names that CTE's columns only.
    expect(fragmentProblems('SELECT unnest([1, 2]) AS x', 'query', duckdb)).toEqual([]);
  });
});

describe('characters the engines read differently', () => {
  it('refuses a NUL, which ends the SQL for DuckDB', () => {
    expect(first('x > 0\u0000', 'expression')).toEqual({ index: 5, message: 'a NUL character ends the SQL there; remove it' });
    expect(first("x = 'a\u0000'", 'expression')?.index).toBe(6);
  });

  it('refuses a bidirectional control character, which shows reviewers other SQL than runs', () => {
    expect(first("status = 'a\u202e' OR TRUE", 'expression')).toEqual({
      index: 11,
      message: 'a bidirectional control character (U+202E) shows reviewers other SQL than runs; remove it',
    });
  });

  it('refuses $ outside strings: DuckDB joins it to names (x$y) and opens $$ strings with it', () => {
    expect(fragmentProblems('(x$$($$), 1', 'expression', duckdb)).toContainEqual({ index: 2, message: '"$" outside a string; write names without $ and strings in quotes' });
    expect(first('x$y > 0', 'expression')?.index).toBe(1);
    expect(fragmentProblems('x = $$a$$', 'expression', duckdb)).toEqual([]);
  });
});
