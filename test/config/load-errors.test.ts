import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { lines, load, loadIssues } from './project.js';

/** Issues of a project holding one check file `checks/pgs.yaml` with `body`. */
async function checkFileIssues(body: string, vars?: Record<string, string>): Promise<string[]> {
  return lines(await loadIssues({ 'checks/pgs.yaml': body }, vars ? { vars } : {}));
}

const TABLE = 'table: nba_analytics.player_game_summary\nchecks:\n';

describe('check file errors, located', () => {
  test('malformed YAML is reported with the parser position', async () => {
    expect(await checkFileIssues(`${TABLE}  - row_count: { min: 1\n  - unique: [a]\n`)).toEqual([
      expect.stringMatching(/^checks\/pgs\.yaml:\d+:\d+: invalid YAML: /),
    ]);
    expect(await checkFileIssues(`${TABLE}  - row_count: 1\n  row_count: 2\n`)).toEqual([
      'checks/pgs.yaml:4:1: invalid YAML: All mapping items must start at the same column',
    ]);
  });

  test('an unknown type key lists the known types and suggests a close one', async () => {
    expect(await checkFileIssues(`${TABLE}  - covrage: { column: x }\n`)).toEqual([
      'checks/pgs.yaml:3:5: unknown check type "covrage" (did you mean "coverage"?); known types: coverage, unique, row_count, freshness, sql, metric',
    ]);
    expect(await checkFileIssues(`${TABLE}  - zzz_not_a_type: 1\n`)).toEqual([
      'checks/pgs.yaml:3:5: unknown check type "zzz_not_a_type"; known types: coverage, unique, row_count, freshness, sql, metric',
    ]);
  });

  test('a check without a type key', async () => {
    expect(await checkFileIssues(`${TABLE}  - name: lonely\n    severity: warn\n`)).toEqual([
      'checks/pgs.yaml:3:5: check has no type key; add one of: coverage, unique, row_count, freshness, sql, metric',
    ]);
  });

  test('two type keys in one check point at the second', async () => {
    expect(await checkFileIssues(`${TABLE}  - unique: [a]\n    row_count: 5\n`)).toEqual([
      'checks/pgs.yaml:4:5: check has 2 type keys (unique, row_count); write one check per list item',
    ]);
  });

  test('an unknown common key names the allowed keys', async () => {
    expect(await checkFileIssues(`${TABLE}  - unique: [a]\n    descripton: x\n`)).toEqual([
      'checks/pgs.yaml:4:5: unknown key "descripton" (did you mean "description"?); a check has one type key (here unique) and may have name, description, where, severity, warn, tags, min_rows, samples, key, group_by, window, expected_partitions, depends_on, change, anomaly',
    ]);
  });

  test('a missing required argument points at the arguments', async () => {
    expect(await checkFileIssues(`${TABLE}  - coverage: { min: 45% }\n`)).toEqual([
      'checks/pgs.yaml:3:15: coverage: missing required argument "column"',
    ]);
  });

  test('an unknown argument points at it and lists the allowed ones', async () => {
    expect(await checkFileIssues(`${TABLE}  - coverage:\n      colum: x\n`)).toEqual([
      'checks/pgs.yaml:4:7: coverage: missing required argument "column"',
      'checks/pgs.yaml:4:7: coverage: unknown argument "colum" (did you mean "column"?); allowed: column, min, max',
    ]);
  });

  test('an argument of the wrong type', async () => {
    expect(await checkFileIssues(`${TABLE}  - unique: { columns: 12 }\n`)).toEqual([
      'checks/pgs.yaml:3:24: unique.columns: expected a list, got 12',
    ]);
    expect(await checkFileIssues(`${TABLE}  - unique: [a, 7]\n`)).toEqual([
      'checks/pgs.yaml:3:17: unique.columns[1]: expected a string, got 7',
    ]);
  });

  test('anyOf alternatives of required arguments are summarised', async () => {
    expect(await checkFileIssues(`${TABLE}  - metric: { expression: avg(x) }\n`)).toEqual([
      'checks/pgs.yaml:3:13: metric: needs one of the arguments min or max',
    ]);
  });

  test('an enum lists the allowed values', async () => {
    expect(await checkFileIssues(`${TABLE}  - row_count: 1\n    severity: fatal\n`)).toEqual([
      'checks/pgs.yaml:4:15: severity: "fatal" is not allowed; expected one of error, warn',
    ]);
  });

  test('wrong thresholds say what to write', async () => {
    expect(
      await checkFileIssues(
        `${TABLE}  - coverage: { column: usage_rate, min: 45 }\n  - coverage: { column: b, max: abc% }\n  - freshness: { column: t, max_age: 2 dayz }\n  - row_count: 2.5\n`,
      ),
    ).toEqual([
      'checks/pgs.yaml:3:42: coverage.min: 45 is not a share; write 45% or 0.45',
      'checks/pgs.yaml:4:33: coverage.max: "abc%" is not a share; write a percentage like 45% or a fraction like 0.45',
      'checks/pgs.yaml:5:38: freshness.max_age: "2 dayz" is not a duration: unknown unit "dayz"; write a number and a unit, like 2 days, 6 hours, 30 minutes, 90 seconds or 1 week',
      'checks/pgs.yaml:6:16: row_count.min: 2.5 is not a count; write a whole number, 0 or more',
    ]);
  });

  test('warn allows only the type\'s warn keys, converted like the arguments', async () => {
    expect(
      await checkFileIssues(`${TABLE}  - coverage: { column: a }\n    warn: { max: 10%, min: 45 }\n  - unique: [a]\n    warn: { max_duplicates: 1 }\n`),
    ).toEqual([
      'checks/pgs.yaml:4:13: warn: unknown key "max"; allowed: min',
      'checks/pgs.yaml:4:28: warn.min: 45 is not a share; write 45% or 0.45',
      'checks/pgs.yaml:6:5: warn: unique has no thresholds that can warn; remove warn:',
    ]);
  });

  test('duplicate ids point at the second check', async () => {
    expect(
      await checkFileIssues(`${TABLE}  - name: rows\n    row_count: 1\n  - name: rows\n    row_count: 2\n`),
    ).toEqual(['checks/pgs.yaml:5:11: duplicate check id "pgs.rows" (first defined at checks/pgs.yaml:3:5); give one of them another name']);
  });

  test('an unknown variable is located inside the string', async () => {
    expect(
      await checkFileIssues(`table: a.b\nwhere: "d >= '{{ var.season_strt }}'"\nchecks:\n  - sql: select 1 where x = {{ var.nope }}\n`),
    ).toEqual([
      'checks/pgs.yaml:2:15: where: unknown variable "season_strt" in {{ var.season_strt }} (did you mean "season_start"?); declare it under vars: in checks.config.yaml (defined: season_start)',
      'checks/pgs.yaml:4:29: sql.query: unknown variable "nope" in {{ var.nope }}; declare it under vars: in checks.config.yaml (defined: season_start)',
    ]);
  });

  test('--var sets only declared variables: a misspelt name is an error with a suggestion', async () => {
    expect(await checkFileIssues(`${TABLE}  - row_count: 1\n`, { seasn_start: '2023-10-01', nope: '1' })).toEqual([
      '<command line>: --var seasn_start=2023-10-01: the project declares no variable "seasn_start" (did you mean "season_start"?); declare it under vars: in checks.config.yaml (declared: season_start)',
      '<command line>: --var nope=1: the project declares no variable "nope"; declare it under vars: in checks.config.yaml (declared: season_start)',
    ]);
  });

  test('templates other than var and as_of are errors, in where, expression and query', async () => {
    expect(
      await checkFileIssues(
        `${TABLE}  - row_count: 1\n    where: |\n      x = {{ today }}\n  - metric: { expression: "sum({{ var.season_start }}) {{ x }}", min: 1 }\n`,
      ),
    ).toEqual([
      // a block scalar: the position of the string itself
      'checks/pgs.yaml:4:12: where: unsupported template {{ today }}; write {{ var.NAME }} or {{ as_of }}',
      'checks/pgs.yaml:6:56: metric.expression: unsupported template {{ x }}; write {{ var.NAME }} or {{ as_of }}',
    ]);
  });

  test("a template inside a target engine's quoted name is an error, located; on BigQuery \"...\" is a string", async () => {
    const checks = `table: a.b\nwhere: 'team = "{{ var.team }}"'\nchecks:\n  - row_count: 1\n    where: "t = \`{{ var.team }}\`"\n  - sql: "select 1 -- {{ var.team }}\\nfrom t"\n`;
    const config = (engines: string[]) =>
      `version: 1\ntarget: t0\ntargets:\n${engines.map((e, i) => `  t${i}: ${e === 'duckdb' ? '{ engine: duckdb, path: w.duckdb }' : '{ engine: bigquery, project: p }'}\n`).join('')}vars: { team: BOS }\n`;
    const duck = 'checks/pgs.yaml:2:17: where: {{ var.team }} is inside "...", a quoted name on DuckDB: a template cannot be an identifier (its value is a literal); for a string write \'{{ var.team }}\'';
    const bq = 'checks/pgs.yaml:5:18: where: {{ var.team }} is inside `...`, a quoted name on BigQuery: a template cannot be an identifier (its value is a literal); for a string write \'{{ var.team }}\'';
    expect(lines(await loadIssues({ 'checks.config.yaml': config(['duckdb']), 'checks/pgs.yaml': checks }))).toEqual([duck]);
    expect(lines(await loadIssues({ 'checks.config.yaml': config(['bigquery']), 'checks/pgs.yaml': checks }))).toEqual([bq]);
    expect(lines(await loadIssues({ 'checks.config.yaml': config(['bigquery', 'duckdb']), 'checks/pgs.yaml': checks }))).toEqual([duck, bq]);
    const bigQueryOnly = `table: a.b\nwhere: 'team = "{{ var.team }}"'\nchecks:\n  - row_count: 1\n`;
    expect((await load({ 'checks.config.yaml': config(['bigquery']), 'checks/pgs.yaml': bigQueryOnly })).checks).toHaveLength(1);
  });

  test('file-level problems: missing table, unknown key, bad tags, file name', async () => {
    expect(lines(await loadIssues({ 'checks/bad name.yaml': 'tables: a.b\ntags: [ok, "not ok"]\nchecks:\n  - row_count: 1\n' }))).toEqual([
      'checks/bad name.yaml: check file name "bad name" cannot be used in check ids (<file stem>.<name>); rename it using letters, digits, _ and -',
      'checks/bad name.yaml:1:1: missing required key "table"',
      'checks/bad name.yaml:1:1: unknown key "tables" (did you mean "table"?); allowed: table, where, tags, samples, key, partition, expected_partitions, depends_on, checks',
      'checks/bad name.yaml:2:12: tags[1]: "not ok" is not valid; expected letters, digits, _, - and . (no spaces)',
    ]);
    expect(await checkFileIssues('- row_count: 1\n')).toEqual([
      'checks/pgs.yaml:1:1: expected a mapping with table: and checks: (a list of checks)',
    ]);
    expect(await checkFileIssues('table: a.b\nchecks:\n  - just a string\n')).toEqual([
      'checks/pgs.yaml:3:5: checks[0]: expected a mapping with one check type key (coverage, unique, row_count, freshness, sql, metric), e.g. "- row_count: {}"',
    ]);
  });

  test('a type key with no value: errors point at the key', async () => {
    expect(await checkFileIssues(`${TABLE}  - coverage:\n    severity: warn\n  - unique:\n`)).toEqual([
      'checks/pgs.yaml:3:5: coverage: missing required argument "column"',
      'checks/pgs.yaml:5:5: unique: missing required argument "columns"',
    ]);
  });

  test('YAML anchors and merge keys work, and errors still point at the value', async () => {
    const body = `${TABLE}  - coverage: &base { column: x, min: 45% }\n  - coverage: *base\n  - coverage: { <<: *base, min: 2 }\n`;
    expect(await checkFileIssues(body)).toEqual(['checks/pgs.yaml:5:33: coverage.min: 2 is not a share; write 2% or 0.02']);
    const project = await load({ 'checks/pgs.yaml': body.replace('min: 2', 'column: y') });
    expect(project.checks.map((c) => [c.id, c.args])).toEqual([
      ['pgs.coverage_x', { column: 'x', min: 0.45 }],
      ['pgs.coverage_x_2', { column: 'x', min: 0.45 }],
      ['pgs.coverage_y', { column: 'y', min: 0.45 }],
    ]);
  });

  test('the same stem in .yaml and .yml gives duplicate ids; the same suite twice is an error', async () => {
    expect(
      lines(
        await loadIssues({
          'checks/t.yaml': 'table: a.b\nchecks:\n  - row_count: 1\n',
          'checks/t.yml': 'table: a.c\nchecks:\n  - row_count: 1\n',
          'suites/s.yaml': 'fail_on: warn\n',
          'suites/s.yml': '',
        }),
      ),
    ).toEqual([
      'checks/t.yml:3:5: duplicate check id "t.row_count" (first defined at checks/t.yaml:3:5); give one of them another name',
      'suites/s.yml: duplicate suite "s" (also defined in suites/s.yaml); keep one of the files',
    ]);
  });

  test('check files in subfolders are flagged rather than silently skipped', async () => {
    expect(lines(await loadIssues({ 'checks/sub/x.yaml': 'table: a.b\nchecks:\n  - row_count: 1\n' }))).toEqual([
      'checks/sub: files in subfolders of checks/ are not loaded; move them into checks/',
    ]);
  });
});

describe('config errors, located', () => {
  test('unknown keys, wrong engine keys, undefined target, bad timezone and sizes', async () => {
    const config = `version: 2
target: prd
targets:
  local:
    engine: duckdb
    file: x.duckdb
  prod:
    engine: bigquery
    project: p
    maximum_bytes_billed: 20 GX
    job_timeout: 600
    concurrency: 0
  other:
    engine: postgres
vars: { 1x: a }
timezone: America/Nowhere
formats: [console, pdf]
colour: true
`;
    expect(lines(await loadIssues({ 'checks.config.yaml': config }))).toEqual([
      'checks.config.yaml:1:10: version: expected 1, got 2',
      'checks.config.yaml:2:9: target: "prd" is not a defined target (did you mean "prod"?); defined targets: local, prod, other',
      'checks.config.yaml:5:5: targets.local: missing required key "path"',
      'checks.config.yaml:6:5: targets.local: unknown key "file"; allowed: engine, path',
      'checks.config.yaml:10:27: targets.prod.maximum_bytes_billed: "20 GX" is not a byte size; write a number of bytes or a size like 20 GB, 500 MB, 1 TiB',
      'checks.config.yaml:11:18: targets.prod.job_timeout: 600 is not a duration; write a number and a unit, like 2 days, 6 hours, 30 minutes, 90 seconds or 1 week',
      'checks.config.yaml:12:18: targets.prod.concurrency: 0 is out of range; must be >= 1',
      'checks.config.yaml:14:13: targets.other.engine: "postgres" is not allowed; expected one of duckdb, bigquery',
      'checks.config.yaml:15:9: vars: "1x" is not a valid name; use letters, digits and _ (not starting with a digit)',
      'checks.config.yaml:16:11: timezone: "America/Nowhere" is not an IANA time zone; write one like America/New_York, Europe/London or UTC',
      'checks.config.yaml:17:20: formats[1]: "pdf" is not allowed; expected one of console, json, junit, markdown, html',
      'checks.config.yaml:18:1: unknown key "colour"; allowed: version, target, targets, vars, reports, history, timezone, samples, formats',
    ]);
  });

  test('several targets need a default target', async () => {
    const config = 'version: 1\ntargets:\n  a: { engine: duckdb, path: a.db }\n  b: { engine: duckdb, path: b.db }\n';
    expect(lines(await loadIssues({ 'checks.config.yaml': config }))).toEqual([
      'checks.config.yaml:1:1: missing required key "target": name the default target (one of a, b)',
    ]);
  });

  test('a missing config file is one command-line issue', async () => {
    expect(lines(await loadIssues({ 'checks/t.yaml': 'x' }, { configPath: 'nope.yaml' }))).toEqual([
      expect.stringMatching(/^<command line>: config file not found: .*nope\.yaml \(run dq in the folder holding checks\.config\.yaml, or pass --config PATH\)$/),
    ]);
  });

  test('a bad --var name is a command-line issue', async () => {
    expect(lines(await loadIssues({}, { vars: { 'bad-name': 'x' } }))).toEqual([
      '<command line>: --var bad-name: a variable name uses letters, digits and _ (not starting with a digit)',
    ]);
  });
});

describe('suite errors, located', () => {
  const CHECKS = { 'checks/pgs.yaml': 'table: nba.pgs\ntags: [phase3]\nchecks:\n  - row_count: 1\n  - coverage: pts\n' };

  test('selectors matching no check, malformed selectors and bad keys', async () => {
    const suite = 'select:\n  - tag:phase4\n  - pgs.row_cuont\n  - foo:bar\n  - file:pgz\n  - table:nba.pgs\nexclude: \"tag:\"\nfail_on: never\nextra: 1\n';
    expect(lines(await loadIssues({ ...CHECKS, 'suites/nightly.yaml': suite }))).toEqual([
      'suites/nightly.yaml:2:5: select: unknown selector "tag:phase4" matches no check (did you mean "tag:phase3"?); tags in use: phase3',
      'suites/nightly.yaml:3:5: select: unknown selector "pgs.row_cuont" matches no check (did you mean "pgs.row_count"?)',
      'suites/nightly.yaml:4:5: select: unknown selector kind "foo:" in "foo:bar"; use a check id, a glob on ids, tag:NAME, table:NAME or file:NAME',
      'suites/nightly.yaml:5:5: select: unknown selector "file:pgz" matches no check (did you mean "file:pgs"?)',
      'suites/nightly.yaml:7:10: exclude: selector "tag:" needs a value after "tag:"',
      'suites/nightly.yaml:8:10: fail_on: "never" is not allowed; expected one of error, warn',
      'suites/nightly.yaml:9:1: unknown key "extra"; allowed: description, select, exclude, fail_on, block',
    ]);
  });

  test('an error in a check file does not make suites report selectors as matching nothing', async () => {
    const issues = lines(
      await loadIssues({
        'checks/pgs.yaml': 'table: nba.pgs\nchecks:\n  - covrage: x\n    tags: [phase3]\n',
        'suites/nightly.yaml': 'select: [tag:phase3]\n',
      }),
    );
    expect(issues).toEqual([expect.stringContaining('unknown check type "covrage"')]);
  });
});

describe('all at once', () => {
  test('errors in several files come back together in one ConfigError, ordered by file and position', async () => {
    const error = await load({
      'checks.config.yaml': 'version: 1\ntarget: local\ntargets:\n  local: { engine: duckdb, path: x.db, threads: 4 }\nvars: { season_start: x }\n',
      'checks/b.yaml': 'table: a.b\nchecks:\n  - coverage: { column: x, min: 45 }\n',
      'checks/a.yaml': 'table: a.a\nchecks:\n  - row_count: 1\n    tags: oops\n  - unique: [x]\n  - covrage: y\n',
      'checks/c.yaml': 'table: [a\n',
      'suites/s.yaml': 'select: 3\n',
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(lines((error as ConfigError).issues)).toEqual([
      'checks.config.yaml:4:40: targets.local: unknown key "threads"; allowed: engine, path',
      'checks/a.yaml:4:11: tags: expected a list, got "oops"',
      'checks/a.yaml:6:5: unknown check type "covrage" (did you mean "coverage"?); known types: coverage, unique, row_count, freshness, sql, metric',
      'checks/b.yaml:3:33: coverage.min: 45 is not a share; write 45% or 0.45',
      expect.stringMatching(/^checks\/c\.yaml:\d+:\d+: invalid YAML: /),
      'suites/s.yaml:1:9: select: expected a list or a string, got 3',
    ]);
    // The message is every issue, one per line.
    expect((error as ConfigError).message.split('\n')).toHaveLength(6);
  });
});
