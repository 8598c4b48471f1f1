// Template values are literals or parameters wherever the reference is written: in code, inside
// '...', "...", E'...' or triple-quoted strings, next to backslashes, in comments. Checked
// against the engines' own readers: DuckDB executes the rendered SQL; BigQuery SQL is read by
// the test server's GoogleSQL tokenizer (an independent lexer).
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigquery } from '../../src/dialects/bigquery.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import { ParameterSet } from '../../src/plan/params.js';
import { renderTemplate } from '../../src/plan/templates.js';
import { tokenize } from '../support/bigquery-server/lexer.js';

/** Values that would end a literal or a comment if they were inserted as text. */
const HOSTILE = [
  "x' OR 1=1 --",
  '\\',
  "\\' OR 1=1 --",
  '" OR 1=1 --',
  "*/ 'evil' /*",
  "\n'evil' --",
  '$$ evil $$',
  'plain',
];

const render = (sql: string, dialect = duckdb, v = 'plain', params?: ParameterSet) =>
  renderTemplate(sql, dialect, { vars: { v, team: 'BOS' }, asOf: '2026-01-04', params });

describe('DuckDB: the rendered SQL, executed, gives back exactly the value', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  const select = async (expr: string) => (await connection.runAndReadAll(`SELECT ${expr} AS v`)).getRowObjectsJson();

  it.each([
    ['{{ var.v }}', (v: string) => v],
    ["'{{ var.v }}'", (v: string) => v],
    ["'<{{ var.v }}>'", (v: string) => `<${v}>`],
    ["E'<\\t{{ var.v }}>'", (v: string) => `<\t${v}>`],
    // DuckDB's standard strings keep backslashes: 'a\' is a whole literal, the reference is code.
    ["'a\\' || {{ var.v }}", (v: string) => `a\\${v}`],
    ["'k' -- {{ var.v }}\n", () => 'k'],
    ["/* /* {{ var.v }} */ {{ var.v }} */ 'k'", () => 'k'],
  ])('%j', async (expr, expected) => {
    for (const value of HOSTILE) expect(await select(render(expr, duckdb, value))).toEqual([{ v: expected(value) }]);
  });

  it('a negative number after a minus sign does not start a comment', async () => {
    const sql = renderTemplate("1 -{{ var.n }} AS v, 'after' AS w", duckdb, { vars: { n: -5 }, asOf: '2026-01-04' });
    expect(sql).toBe("1 -(-5) AS v, 'after' AS w");
    expect((await connection.runAndReadAll(`SELECT ${sql}`)).getRowObjectsJson()).toEqual([{ v: 6, w: 'after' }]);
  });

  it('refuses a template touching a name or number it would merge with (E{{ }} would be an E-string)', () => {
    expect(() => render('E{{ var.v }}')).toThrow(/touches "E": a template is a value of its own/);
    expect(() => render('{{ var.v }}e3')).toThrow(/touches "e"/);
    expect(() => render('@{{ var.v }}', bigquery)).toThrow(/touches "@"/);
    expect(() => render('1.{{ var.v }}')).toThrow(/touches "\."/);
    expect(render("x = {{ var.v }}||'E'", duckdb, 'a')).toBe("x = 'a'||'E'");
  });

  it('refuses a template inside a quoted name or a dollar-quoted string', () => {
    expect(() => render('team_abbr = "{{ var.team }}"')).toThrow(/a template cannot be an identifier/);
    expect(() => render('$$ {{ var.v }} $$')).toThrow(/dollar-quoted string on DuckDB, where a value cannot be escaped/);
  });
});

describe('BigQuery: the rendered SQL holds the value as one literal or one parameter', () => {
  /** The string literals and parameters of `sql`, decoded, as the GoogleSQL tokenizer reads them. */
  const values = (sql: string) =>
    tokenize(sql)
      .filter((t) => t.kind === 'string' || t.kind === 'param')
      .map((t) => (t.kind === 'param' ? `@${t.value}` : t.value));

  it.each([
    ["'{{ var.v }}'", (v: string) => [v]],
    ['"{{ var.v }}"', (v: string) => [v]],
    ["'''{{ var.v }}'''", (v: string) => [v]],
    ["\"<{{ var.v }}>\"", (v: string) => [`<${v}>`]],
    ["'it\\'s {{ var.v }}'", (v: string) => [`it's ${v}`]],
    ['{{ var.v }}', (v: string) => [v]],
    ["'k' # {{ var.v }}\n", () => ['k']],
    ["'k' /* {{ var.v }} */", () => ['k']],
  ])('inline: %j', (expr, expected) => {
    for (const value of HOSTILE) expect(values(render(expr, bigquery, value))).toEqual(expected(value));
  });

  it('a double-quoted literal that is exactly one template becomes the parameter, like a single-quoted one', () => {
    const params = new ParameterSet();
    const sql = render(`team_abbr = "{{ var.team }}" AND s LIKE "{{ var.team }}%" AND t = """{{ var.team }}"""`, bigquery, 'plain', params);
    expect(sql).toBe(`team_abbr = @text_var_team AND s LIKE "BOS%" AND t = @text_var_team`);
    expect(params.referencedIn(sql)).toEqual([{ name: 'text_var_team', type: 'STRING', value: 'BOS' }]);
  });

  it('a template in a comment is left as written, and sends no parameter', () => {
    const params = new ParameterSet();
    const sql = render('x = 1 -- and {{ var.v }}\nAND y = 2 # {{ as_of }}', bigquery, "x'", params);
    expect(sql).toBe('x = 1 -- and {{ var.v }}\nAND y = 2 # {{ as_of }}');
    expect(params.referencedIn(sql)).toEqual([]);
  });

  it('refuses a template inside a quoted name, a raw string, or after a backslash', () => {
    expect(() => render('`{{ var.team }}`', bigquery)).toThrow(/a template cannot be an identifier/);
    expect(() => render("r'{{ var.v }}'", bigquery)).toThrow(/raw string on BigQuery/);
    expect(() => render("'\\{{ var.v }}'", bigquery)).toThrow(/follows a backslash/);
  });
});
