import { describe, expect, test } from 'vitest';
import { placeTemplates, scanTemplate, templateProblems } from '../../src/config/templates.js';
import { bigquery } from '../../src/dialects/bigquery.js';
import { duckdb } from '../../src/dialects/duckdb.js';

describe('scanTemplate', () => {
  test('finds vars and as_of, with or without spaces inside the braces', () => {
    const text = "d >= '{{ var.season_start }}' and d < '{{as_of}}' and t = {{var.team}}";
    expect(scanTemplate(text).refs).toEqual([
      { kind: 'var', name: 'season_start', index: 6, length: 22 },
      { kind: 'as_of', name: 'as_of', index: 39, length: 9 },
      { kind: 'var', name: 'team', index: 58, length: 12 },
    ]);
  });

  test('text without templates has none', () => {
    expect(scanTemplate('a > 0 and b = "{x}"')).toEqual({ refs: [], problems: [] });
  });
});

describe("placeTemplates: what surrounds each reference in a dialect's SQL", () => {
  const places = (text: string, dialect = duckdb) =>
    placeTemplates(text, dialect).sites.map((s) => (s.place === 'string' ? `string${s.whole ? ' (whole)' : ''}` : s.place));
  const problems = (text: string, dialect = duckdb) => placeTemplates(text, dialect).problems.map((p) => p.message);

  test('code, strings (whole or not) and comments', () => {
    const text = "a = {{ var.a }} AND b = '{{ var.b }}' AND c LIKE 'x{{ var.c }}%' -- {{ var.d }}\n/* {{ var.e }} */";
    expect(places(text)).toEqual(['code', 'string (whole)', 'string', 'comment', 'comment']);
    expect(places(text, bigquery)).toEqual(['code', 'string (whole)', 'string', 'comment', 'comment']);
  });

  test('double quotes: a string on BigQuery, a quoted name on DuckDB', () => {
    const text = 'team_abbr = "{{ var.team }}"';
    expect(places(text, bigquery)).toEqual(['string (whole)']);
    expect(placeTemplates(text, duckdb)).toEqual({
      sites: [],
      problems: [
        {
          index: 13,
          message: `{{ var.team }} is inside "...", a quoted name on DuckDB: a template cannot be an identifier (its value is a literal); for a string write '{{ var.team }}'`,
        },
      ],
    });
  });

  test('backslashes escape on BigQuery and in DuckDB E-strings only', () => {
    // DuckDB: 'a\' is a whole string, so the reference is in code; BigQuery: still inside the string.
    expect(places(String.raw`'a\' AND x = {{ var.v }}`)).toEqual(['code']);
    expect(places(String.raw`'a\' AND x = {{ var.v }}'`, bigquery)).toEqual(['string']);
    expect(places(String.raw`E'a\' AND x = {{ var.v }}'`)).toEqual(['string']);
    expect(places(String.raw`name'a\' AND x = {{ var.v }}`)).toEqual(['code']);
  });

  test('BigQuery triple quotes and # comments; DuckDB nested comments and dollar quotes', () => {
    expect(places("'''it's {{ var.a }}''' # {{ var.b }}", bigquery)).toEqual(['string', 'comment']);
    expect(places('"""{{ var.a }}"""', bigquery)).toEqual(['string (whole)']);
    expect(places('/* a /* b */ {{ var.a }} */ {{ var.b }}')).toEqual(['comment', 'code']);
    expect(places('# {{ var.a }}')).toEqual(['code']);
    expect(places("a$$ = {{ var.a }} AND $1 = '$$' AND c = {{ var.b }}")).toEqual(['code', 'code']);
  });

  test('refuses references no value can fill safely', () => {
    expect(problems('`{{ var.t }}`', bigquery)).toEqual([
      "{{ var.t }} is inside `...`, a quoted name on BigQuery: a template cannot be an identifier (its value is a literal); for a string write '{{ var.t }}'",
    ]);
    expect(problems(`r'{{ var.t }}' || b"{{ var.t }}"`, bigquery)).toEqual([
      "{{ var.t }} is inside a raw string on BigQuery, where a value cannot be escaped; write it in a '...' string",
      "{{ var.t }} is inside a bytes literal on BigQuery, where a value cannot be escaped; write it in a '...' string",
    ]);
    expect(problems('$$ {{ var.t }} $$ || $x$ {{ as_of }} $x$')).toEqual([
      "{{ var.t }} is inside a dollar-quoted string on DuckDB, where a value cannot be escaped; write it in a '...' string",
      "{{ as_of }} is inside a dollar-quoted string on DuckDB, where a value cannot be escaped; write it in a '...' string",
    ]);
    expect(problems(String.raw`'\{{ var.t }}' || '\\{{ var.t }}'`, bigquery)).toEqual([
      '{{ var.t }} follows a backslash on BigQuery, which would escape the inserted value; remove the backslash',
    ]);
    expect(problems(String.raw`E'\{{ var.t }}'`)).toHaveLength(1);
    expect(problems(String.raw`'\{{ var.t }}'`)).toEqual([]);
  });
});


describe('templateProblems', () => {
  const vars = new Set(['season_start']);

  test('known variables and as_of are fine', () => {
    expect(templateProblems('{{ var.season_start }} {{ as_of }}', vars)).toEqual([]);
  });

  test('an unknown variable is reported with a suggestion and where to define it', () => {
    const [problem, ...rest] = templateProblems('x {{ var.season_strt }}', vars);
    expect(rest).toEqual([]);
    expect(problem!.index).toBe(2);
    expect(problem!.message).toBe(
      'unknown variable "season_strt" in {{ var.season_strt }} (did you mean "season_start"?); declare it under vars: in checks.config.yaml (defined: season_start)',
    );
  });

  test('other content and unclosed braces are reported', () => {
    expect(templateProblems('{{ today }} and {{ var.season_start }}', vars).map((p) => p.message)).toEqual([
      'unsupported template {{ today }}; write {{ var.NAME }} or {{ as_of }}',
    ]);
    expect(templateProblems('a {{ var.season_start', vars)).toEqual([
      { index: 2, message: 'unclosed "{{" (no matching "}}"); write {{ var.NAME }} or {{ as_of }}' },
    ]);
  });

  test('without known variable names, only the syntax is checked', () => {
    expect(templateProblems('{{ var.anything }}', undefined)).toEqual([]);
  });

  test('given the target dialects, a reference one of them cannot fill is a problem, reported once', () => {
    const text = 'x = "{{ var.season_start }}" AND y = `{{ as_of }}`';
    expect(templateProblems(text, vars, [bigquery]).map((p) => p.index)).toEqual([38]);
    expect(templateProblems(text, vars, [duckdb]).map((p) => p.index)).toEqual([5]);
    expect(templateProblems(text, vars, [duckdb, bigquery, duckdb]).map((p) => p.index)).toEqual([5, 38]);
  });
});
