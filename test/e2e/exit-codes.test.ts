// The exit code is the contract: 0 pass, 1 failed, 2 could not evaluate, 3 bad configuration.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../../src/reports/report-schema.js';
import type { RunReport } from '../../src/run/report.js';
import { dq } from './cli.js';
import { CONFIG, makeProject } from './fixture.js';

const ORDERS = (checks: string) => `table: shop.orders\npartition: created_at\nchecks:\n${checks}`;

describe('dq run exit codes', () => {
  it('exits 0 when every check passes, and writes a valid JSON report (also as reports/latest)', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': ORDERS('  - row_count: { min: 90 }\n  - unique: id\n') });
    const result = await dq(cwd, ['run', '--as-of', '2026-01-10']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/PASS\s+orders\.row_count/);
    expect(result.stdout).toMatch(/2 checks: 2 pass, 0 warn, 0 fail, 0 error, 0 skipped .* exit 0 \(gate open\)/);
    const runs = readdirSync(path.join(cwd, 'reports')).filter((d) => d !== 'latest');
    expect(runs).toHaveLength(1);
    const report = JSON.parse(readFileSync(path.join(cwd, 'reports', runs[0], 'report.json'), 'utf8')) as RunReport;
    expect(validateReport(report)).toEqual([]);
    expect(report).toMatchObject({ exit_code: 0, status: 'pass', as_of: '2026-01-10', summary: { total: 2, pass: 2 } });
    expect(report.queries.map((q) => q.check_ids)).toEqual([['orders.row_count'], ['orders.unique_id']]);
    expect(readFileSync(path.join(cwd, 'reports', 'latest', 'report.json'), 'utf8')).toBe(
      readFileSync(path.join(cwd, 'reports', runs[0], 'report.json'), 'utf8'),
    );
  });

  it('exits 1 when a check fails, naming table, check, metric against threshold and failing groups', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': ORDERS('  - coverage: { column: amount, min: 90% }\n    description: amounts come from billing\n  - rows_per_group: { by: created_at, min: 5 }\n'),
    });
    const result = await dq(cwd, ['run', '--as-of', '2026-01-10', '--no-drill-down']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL  orders.coverage_amount');
    expect(result.stdout).toContain('coverage 80.4%, expected ≥ 90% (74 of 92 rows)');
    expect(result.stdout).toContain('shop.orders · checks/orders.yaml');
    expect(result.stdout).toContain('amounts come from billing');
    expect(result.stdout).toContain('created_at=2026-01-05: rows 2');
    expect(result.stdout).toMatch(/Failing partitions[^\n]*\n\s+shop\.orders \(1 date\):\n\s+2026-01-05\n/);
    expect(result.stdout).toContain('exit 1 (gate closed)');
  });

  it('allows warnings with exit 0, unless --fail-on warn', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': ORDERS('  - coverage: { column: amount, min: 70% }\n    warn: { min: 90% }\n  - not_null: amount\n    severity: warn\n'),
    });
    const relaxed = await dq(cwd, ['run', '--as-of', '2026-01-10', '--format', 'console']);
    expect(relaxed.code).toBe(0);
    expect(relaxed.stdout).toMatch(/WARN\s+orders\.coverage_amount\s+coverage 80\.4%, warn threshold ≥ 90%/);
    expect(relaxed.stdout).toMatch(/WARN\s+orders\.not_null_amount/);
    expect(relaxed.stdout).toMatch(/exit 0 \(gate open, with warnings\)/);
    const strict = await dq(cwd, ['run', '--as-of', '2026-01-10', '--format', 'console', '--fail-on', 'warn']);
    expect(strict.code).toBe(1);
    // fail_on: warn closes the gate on warnings, and the console's verdict says so.
    expect(strict.stdout).toMatch(/exit 1 \(gate closed\)/);
  });

  it('fails a check that evaluated no rows (min_rows), whatever its metric', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': ORDERS("  - not_null: amount\n    where: status = 'cancelled'\n  - unique: id\n    where: status = 'cancelled'\n"),
    });
    const result = await dq(cwd, ['run', '--as-of', '2026-01-10', '--format', 'console']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL\s+orders\.not_null_amount\s+evaluated 0 rows, fewer than min_rows 1/);
    expect(result.stdout).toMatch(/FAIL\s+orders\.unique_id\s+evaluated 0 rows, fewer than min_rows 1/);
  });

  it('exits 2 when a check cannot be evaluated, and still evaluates the other checks of its batch', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': ORDERS('  - not_null: no_such_column\n  - row_count: { min: 90 }\n  - coverage: { column: amount, min: 10% }\n'),
    });
    const result = await dq(cwd, ['run', '--as-of', '2026-01-10', '--format', 'console,json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/ERROR\s+orders\.not_null_no_such_column\s+.*no_such_column/);
    expect(result.stdout).toMatch(/PASS\s+orders\.row_count/);
    expect(result.stdout).toMatch(/PASS\s+orders\.coverage_amount/);
    expect(result.stdout).toContain('exit 2 (gate cannot be trusted');
  });

  it('exits 2 when an output the pipeline asked for cannot be written, and says so in the console and report.json', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': ORDERS('  - rows_per_group: { by: created_at, min: 5 }\n') });
    const result = await dq(cwd, ['run', '--as-of', '2026-01-10', '--out', 'out', '--failing-partitions', path.join(cwd, 'no', 'such', 'dir', 'fp.txt')]);
    expect(result.stdout).toContain('exit 2 (gate cannot be trusted');
    expect(result.stderr).toMatch(/could not write --failing-partitions/);
    expect(result.code).toBe(2);
    const report = JSON.parse(readFileSync(path.join(cwd, 'out', 'report.json'), 'utf8')) as RunReport;
    expect(report.exit_code).toBe(2);
    expect(report.error).toMatch(/could not write --failing-partitions/);
  });

  it('exits 2 when the warehouse cannot be reached', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': ORDERS('  - row_count: 1\n') }, { warehouse: false });
    const result = await dq(cwd, ['run', '--format', 'console']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('DuckDB warehouse file not found');
  });
});

describe('bad input: exit 3, every problem at once, nothing sent', () => {
  const BAD = `table: shop.orders
checks:
  - coverage: { column: amount, min: 45 }
  - covrage: { column: amount, min: 45% }
  - unique: id
    row_count: 5
  - between: { column: amount }
  - not_null: amount
    colour: red
  - regex: { column: email, pattern: x, mostly: abc% }
  - not_null: amount
    where: "created_at > '{{ var.nope }}'"
  - name: twice
    row_count: 1
  - name: twice
    row_count: 2
`;

  it('reports malformed YAML with its position', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': 'table: shop.orders\nchecks:\n  - row_count: { min: 1\n' }, { warehouse: false });
    const result = await dq(cwd, ['run']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/checks\/orders\.yaml:\d+:\d+: invalid YAML/);
  });

  it('lists every configuration problem with file:line:column, and stops before the warehouse', async () => {
    const cwd = await makeProject(
      { 'checks/orders.yaml': BAD, 'suites/s.yaml': 'select: [tag:nothing_has_this]\n' },
      { warehouse: false },
    );
    const result = await dq(cwd, ['run', 's']);
    expect(result.code).toBe(3);
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('  '));
    const expected = [
      /checks\/orders\.yaml:3:38: coverage\.min: 45 is not a share; write 45% or 0\.45/,
      /checks\/orders\.yaml:4:5: unknown check type "covrage" \(did you mean "coverage"\?\)/,
      /checks\/orders\.yaml:6:5: check has 2 type keys \(unique, row_count\)/,
      /checks\/orders\.yaml:7:\d+: between: .*(min_value|max_value)/,
      /checks\/orders\.yaml:9:5: unknown key "colour"/,
      /checks\/orders\.yaml:10:\d+: regex\.mostly: .*abc%/,
      /checks\/orders\.yaml:12:\d+: where: .*nope/,
      /checks\/orders\.yaml:15:\d+: duplicate check id "orders\.twice"/,
    ];
    for (const pattern of expected) expect(lines.some((l) => pattern.test(l)), `${pattern} in\n${result.stderr}`).toBe(true);
    expect(result.stderr).toMatch(/configuration problems; nothing was sent to the warehouse/);
    // A run that got as far as the warehouse would have written a report.
    expect(existsSync(path.join(cwd, 'reports'))).toBe(false);
  });

  it.each([
    ['an unknown suite', ['run', 'no_such_suite'], /unknown suite|no_such_suite/],
    ['an unknown selector', ['run', '--select', 'tag:nothing'], /tag:nothing/],
    ['a malformed --var name', ['run', '--var', 'since=2026-01-02', '--var', '1bad=x'], /1bad/],
    ['a --var of the wrong type', ['run', '--var', 'min_amount=lots'], /--var min_amount=lots: expected a number/],
    ['an --out folder that is not empty', ['run', '--out', '.'], /--out \. is not empty/],
    ['an unknown target', ['run', '--target', 'nowhere'], /unknown target "nowhere"/],
    ['a bad --as-of', ['run', '--as-of', '2026-02-30'], /expected a date YYYY-MM-DD/],
    ['an unknown format', ['run', '--format', 'pdf'], /unknown format pdf/],
    ['an unknown option', ['run', '--frobnicate'], /unknown option/],
  ])('exits 3 for %s', async (_what, args, message) => {
    const cwd = await makeProject({ 'checks/orders.yaml': ORDERS('  - row_count: 1\n') }, { warehouse: false });
    const result = await dq(cwd, args);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(message);
  });
});

describe('command line shape', () => {
  it('takes the suite after options, and comma-separated formats and selectors', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': ORDERS('  - row_count: 1\n    tags: [gate]\n  - unique: id\n'),
      'suites/gate.yaml': 'select: [tag:gate]\n',
    });
    const result = await dq(cwd, ['run', '-f', 'console,json', '-s', 'orders.row_count,orders.unique_id', 'gate', '--as-of', '2026-01-10']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/suite gate/);
    expect(result.stdout).toMatch(/1 checks: 1 pass/);
  });

  it('reports an unexpected failure as one line without a stack trace (DQ_DEBUG=1 shows it)', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': ORDERS('  - row_count: 1\n') });
    const result = await dq(cwd, ['demo', 'repair', '--path', 'warehouse.duckdb']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^dq: refusing to repair .*not a dqgate demo warehouse/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('other commands', () => {
  it('compile prints every query run would send, one scan for N aggregate checks, without a warehouse', async () => {
    const cwd = await makeProject(
      { 'checks/orders.yaml': ORDERS('  - row_count: 1\n  - not_null: amount\n  - coverage: { column: amount, min: 1% }\n  - unique: id\n') },
      { warehouse: false },
    );
    const result = await dq(cwd, ['compile', '--as-of', '2026-01-10']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('-- 2 queries for 4 checks (duckdb)');
    expect(result.stdout).toContain('-- q1 (aggregate on shop.orders): orders.row_count, orders.not_null_amount, orders.coverage_amount');
    // The three aggregate checks read the table in one scan (q1); the unique check is q2.
    const aggregateQuery = result.stdout.slice(result.stdout.indexOf('-- q1'), result.stdout.indexOf('-- q2'));
    expect(aggregateQuery.match(/FROM\s+"shop"\."orders"/g)!.length).toBe(1);
  });

  it('validate checks the project without querying the warehouse; list shows ids, types and tags', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': 'table: shop.orders\ntags: [shop]\nchecks:\n  - row_count: 1\n    tags: [gate]\n',
      'suites/gate.yaml': 'select: [tag:gate]\n',
    });
    expect(await dq(cwd, ['validate'])).toMatchObject({ code: 0, stdout: 'valid: 1 checks in 1 files, 1 suites\n' });
    const list = await dq(cwd, ['list', 'gate']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/orders\.row_count\s+row_count\s+shop\.orders\s+shop,gate/);
  });

  it('documents the exit codes in --help and prints --version', async () => {
    const cwd = await makeProject({}, { warehouse: false });
    const help = await dq(cwd, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes \(the gate\):\n\s+0\s+every selected check passed[\s\S]*3\s+invalid usage or configuration/);
    expect((await dq(cwd, ['run', '--help'])).stdout).toContain('Exit codes');
    expect((await dq(cwd, ['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('reads a config given with --config from another folder', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': ORDERS('  - row_count: 1\n') });
    writeFileSync(path.join(cwd, 'other.yaml'), CONFIG());
    expect((await dq(path.dirname(cwd), ['run', '--config', path.join(cwd, 'other.yaml'), '--format', 'console'])).code).toBe(0);
  });
});
