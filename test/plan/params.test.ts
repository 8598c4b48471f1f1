// Query parameters: typing, names, @references, and templates written inside quotes.
import { describe, expect, it } from 'vitest';
import { bigquery } from '../../src/dialects/bigquery.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import { compile } from '../../src/plan/compile.js';
import { ParameterSet, parameterFor, parameterNames } from '../../src/plan/params.js';
import { renderTemplate } from '../../src/plan/templates.js';
import { spec } from '../support/checks.js';

describe('parameterFor', () => {
  it('types values: YYYY-MM-DD → DATE, integers → INT64, numbers → FLOAT64, booleans → BOOL, other text → STRING', () => {
    expect(parameterFor('a', '2021-10-01')).toEqual({ name: 'a', type: 'DATE', value: '2021-10-01' });
    expect(parameterFor('a', '2021-02-30')).toEqual({ name: 'a', type: 'STRING', value: '2021-02-30' });
    // A month or day out of range is no date either (and never an exception).
    expect(parameterFor('a', '2025-13-01')).toEqual({ name: 'a', type: 'STRING', value: '2025-13-01' });
    expect(parameterFor('a', '2025-00-10')).toEqual({ name: 'a', type: 'STRING', value: '2025-00-10' });
    expect(parameterFor('a', 10)).toEqual({ name: 'a', type: 'INT64', value: 10 });
    expect(parameterFor('a', 0.5)).toEqual({ name: 'a', type: 'FLOAT64', value: 0.5 });
    expect(parameterFor('a', true)).toEqual({ name: 'a', type: 'BOOL', value: true });
    expect(parameterFor('a', "x' OR 1=1")).toEqual({ name: 'a', type: 'STRING', value: "x' OR 1=1" });
    expect(parameterFor('as_of', { date: '2026-01-04' })).toEqual({ name: 'as_of', type: 'DATE', value: '2026-01-04' });
  });
});

describe('parameterNames', () => {
  it('finds @names outside strings, quoted names and comments; skips @@system variables', () => {
    const sql = "SELECT @a, '@b', \"@c\", '''@d''', `@e`, @@session.time_zone -- @f\n, /* @g */ @h # @i\n FROM t WHERE x = 'it\\'s @j' AND y = @k";
    expect(parameterNames(sql)).toEqual(['a', 'h', 'k']);
  });
});

describe('renderTemplate with parameters', () => {
  const values = (params?: ParameterSet) => ({ vars: { start: '2021-10-01', n: 5, team: "N'O", on: true }, asOf: '2026-01-04', params });

  it('BigQuery: every reference becomes a named parameter; a quoted literal that is exactly one reference is replaced whole by a STRING parameter', () => {
    const params = new ParameterSet();
    const sql = renderTemplate(
      "d >= '{{ var.start }}' AND n > {{ var.n }} AND t = '{{var.team}}' AND a = {{ as_of }} AND b = {{ var.on }} AND s = 'x{{ as_of }}'",
      bigquery,
      values(params),
    );
    expect(sql).toBe("d >= @text_var_start AND n > @var_n AND t = @text_var_team AND a = @as_of AND b = @var_on AND s = 'x2026-01-04'");
    // What was written as a string stays a string (BigQuery coerces it to DATE/DATETIME/TIMESTAMP
    // where the other side is one); a DATE parameter would not compare with STRING or TIMESTAMP.
    expect(params.referencedIn(sql)).toEqual([
      { name: 'text_var_start', type: 'STRING', value: '2021-10-01' },
      { name: 'var_n', type: 'INT64', value: 5 },
      { name: 'text_var_team', type: 'STRING', value: "N'O" },
      { name: 'as_of', type: 'DATE', value: '2026-01-04' },
      { name: 'var_on', type: 'BOOL', value: true },
    ]);
  });

  it('keeps a reference inside a longer string literal as escaped inline text', () => {
    const sql = renderTemplate("s LIKE '{{ var.team }}%'", bigquery, values(new ParameterSet()));
    expect(sql).toBe("s LIKE 'N\\'O%'");
  });

  it('keeps a typed literal (DATE, TIMESTAMP, ...) inline: BigQuery takes no parameter after a type keyword', () => {
    const params = new ParameterSet();
    const sql = renderTemplate("d >= DATE '{{ var.start }}' AND t < timestamp'{{ as_of }}' AND s = N'{{ var.team }}'", bigquery, values(params));
    expect(sql).toBe("d >= DATE '2021-10-01' AND t < timestamp'2026-01-04' AND s = N'N\\'O'");
    expect(params.referencedIn(sql)).toEqual([]);
  });

  it('DuckDB: escaped literals, as without parameters', () => {
    const params = new ParameterSet();
    const sql = renderTemplate("d >= '{{ var.start }}' AND n > {{ var.n }} AND a = {{ as_of }}", duckdb, values(params));
    expect(sql).toBe("d >= '2021-10-01' AND n > 5 AND a = DATE '2026-01-04'");
    expect(params.referencedIn(sql)).toEqual([]);
  });
});

describe('compile with parameters', () => {
  const checks = [
    spec('coverage', { column: 'usage_rate', min: 0.45 }, { table: 'ds.t', name: 'a', where: "game_date >= '{{ var.start }}'" }),
    spec('coverage', { column: 'points', min: 0.45 }, { table: 'ds.t', name: 'b', where: "game_date >= '{{ var.start }}'" }),
    spec('row_count', { min: 1 }, { table: 'ds.u', name: 'c', partition: 'd', window: { days: 2 } }),
  ];
  const options = { asOf: '2026-01-04', vars: { start: '2021-10-01' }, range: { from: '2026-01-01' } };

  it('gives each BigQuery query the parameters its SQL refers to, once each', () => {
    const plan = compile(checks, { ...options, dialect: bigquery, defaultProject: 'p' });
    expect(plan.queries.map((q) => q.params.map((p) => p.name))).toEqual([['text_var_start'], ['from_date', 'window_start_2d', 'as_of']]);
    expect(plan.queries[1]!.sql).toContain('`d` BETWEEN @window_start_2d AND @as_of');
  });

  it('sends no parameters to DuckDB', () => {
    const plan = compile(checks, { ...options, dialect: duckdb });
    expect(plan.queries.flatMap((q) => q.params)).toEqual([]);
    expect(plan.queries[1]!.sql).toContain("DATE '2026-01-03'");
  });

  it('refuses one name with two values (a compiler bug)', () => {
    const params = new ParameterSet();
    params.use({ name: 'x', type: 'DATE', value: '2026-01-01' });
    expect(() => params.use({ name: 'x', type: 'DATE', value: '2026-01-02' })).toThrow(/two values/);
  });
});

describe('--var values keep the type of the config var they override', () => {
  it('numbers and booleans are parsed; other vars stay text; a value of the wrong type is a usage error', async () => {
    const { load, loadIssues, lines } = await import('../config/project.js');
    const config = `version: 1
target: local
targets: { local: { engine: duckdb, path: w.duckdb } }
vars: { min_minutes: 10, strict: true, season_start: '2021-10-01', team: 'BOS' }
`;
    const project = await load({ 'checks.config.yaml': config }, { vars: { min_minutes: '15', strict: 'false', season_start: '2022-10-01', team: '042' } });
    expect(project.config.vars).toEqual({ min_minutes: 15, strict: false, season_start: '2022-10-01', team: '042' });
    const issues = lines(await loadIssues({ 'checks.config.yaml': config }, { vars: { min_minutes: 'ten', strict: 'yes' } }));
    expect(issues).toEqual([
      "<command line>: --var min_minutes=ten: expected a number, as the config's value 10 is",
      "<command line>: --var strict=yes: expected true or false, as the config's value true is",
    ]);
  });
});
