// report.json's run record (invocation), from an in-process `dq run`: dq version, argv,
// selectors and suite, vars with secrets redacted, as-of, --from/--to, the target without
// credentials, the git commit and per-phase timings; secrets absent from every output.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateReport, checkReportConsistency } from '../../src/reports/report-schema.js';
import type { RunReport } from '../../src/run/report.js';
import type { QueryRequest } from '../../src/engines/engine.js';
import { QueryError } from '../../src/engines/engine.js';
import { dqIn, wrappedDuckDb } from '../cli/in-process.js';
import { loadProject, run, selectChecks } from '../../src/index.js';
import { targetRecord } from '../../src/run/run-record.js';
import { makeProject } from '../e2e/fixture.js';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const CONFIG = `version: 1
target: local
targets:
  local:
    engine: duckdb
    path: warehouse.duckdb
vars:
  since: '2026-01-01'
  min_amount: 0
  token: { value: "{{ env.DQ_TEST_TOKEN }}", secret: true }
timezone: UTC
`;
// The secret sits in SQL DuckDB inlines as an escaped literal, and in a failing check's query.
const CHECKS = `table: shop.orders
partition: created_at
where: "status <> '{{ var.token }}'"
checks:
  - row_count: { min: 1 }
  - name: amount_coverage
    coverage: { column: amount, min: 90% }
  # An untrusted check file trying to carry the secret out through a query's answer.
  - name: leak
    sql: "select '{{ var.token }}' as leaked"
`;
/** Text that only the secret values contain. */
const SECRET_MARK = 'S3cret';
const CLI_SECRET = "tok'en-S3cret";

let cwd: string;
let runs = 0;
beforeAll(async () => {
  cwd = await makeProject({ 'checks.config.yaml': CONFIG, 'checks/orders.yaml': CHECKS, 'suites/nightly.yaml': 'select: ["orders.*"]\n' });
  mkdirSync(path.join(cwd, '.git', 'refs', 'heads'), { recursive: true });
  writeFileSync(path.join(cwd, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(path.join(cwd, '.git', 'refs', 'heads', 'main'), `${COMMIT}\n`);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

async function dqRun(args: string[]) {
  vi.stubEnv('DQ_TEST_TOKEN', 'env-S3cret-value');
  const out = path.join(cwd, `out-${++runs}`);
  const result = await dqIn(cwd, ['run', ...args, '--out', out, '--format', 'console,json,junit,markdown,html']);
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
  return { ...result, out, report };
}

describe('the run record in report.json', () => {
  it('carries version, argv, suite and selectors, vars, as-of, range, target, git commit and phase timings', async () => {
    const args = ['nightly', '--select', 'orders.*', '--exclude', 'orders.row_count', '--as-of', '2026-01-10', '--from', '2026-01-02', '--to', '2026-01-09', '--var', 'min_amount=1'];
    const { code, report, out } = await dqRun(args);
    expect(code).toBe(1); // amount_coverage fails
    const record = report.invocation!;
    expect(record.dq_version).toBe(PACKAGE_VERSION);
    expect(record.argv).toEqual(['run', ...args, '--out', out, '--format', 'console,json,junit,markdown,html', '--config', path.join(cwd, 'checks.config.yaml')]);
    expect(record.suite).toBe('nightly');
    expect(record.select).toEqual(['orders.*']);
    expect(record.exclude).toEqual(['orders.row_count']);
    expect(record.vars).toEqual({ since: '2026-01-01', min_amount: 1, token: '***' });
    expect(record.secret_vars).toEqual(['token']);
    expect(record).toMatchObject({ as_of: '2026-01-10', from: '2026-01-02', to: '2026-01-09', git_commit: COMMIT });
    expect(record.target).toEqual({ name: 'local', engine: 'duckdb', path: 'warehouse.duckdb' });
    expect(Object.keys(record.timings_ms).sort()).toEqual(['drill_down', 'dry_run', 'execute', 'load', 'plan', 'report', 'samples']);
    for (const [phase, ms] of Object.entries(record.timings_ms)) {
      expect(Number.isInteger(ms) && ms! >= 0, `${phase}: ${ms}`).toBe(true);
    }
    // Loading, dry runs and queries were done: each took measurable time on any machine.
    expect(record.timings_ms.execute + record.timings_ms.dry_run + record.timings_ms.load!).toBeGreaterThan(0);
  });

  it('without --as-of, --from or --to they are null (the date used is the report as_of); outside a repository git_commit is null', async () => {
    const outside = await makeProject({ 'checks.config.yaml': CONFIG, 'checks/orders.yaml': CHECKS });
    vi.stubEnv('DQ_TEST_TOKEN', 'env-S3cret-value');
    const out = path.join(outside, 'out');
    expect((await dqIn(outside, ['run', '--out', out, '--format', 'json'])).code).toBe(1);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
    expect(report.invocation).toMatchObject({ as_of: null, from: null, to: null, suite: null, select: [], exclude: [], git_commit: null });
    expect(report.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('validates against docs/report.schema.json; the schema requires every field of the record', async () => {
    const { report } = await dqRun(['nightly']);
    expect(validateReport(report)).toEqual([]);
    expect(checkReportConsistency(report)).toEqual([]);
    const { git_commit: _g, ...withoutCommit } = report.invocation!;
    expect(validateReport({ ...report, invocation: withoutCommit })).toEqual(["/invocation: missing required property 'git_commit'"]);
    expect(validateReport({ ...report, invocation: { ...report.invocation, target: { ...report.invocation!.target, keyFilename: 'k.json' } } })).toEqual([
      "/invocation/target: unknown property 'keyFilename'",
    ]);
    expect(checkReportConsistency({ ...report, invocation: { ...report.invocation!, vars: { ...report.invocation!.vars, token: 'x' } } })).toEqual([
      `/invocation/vars/token: a secret variable's value is shown; expected "***"`,
    ]);
  });
});

describe('the target in the run record', () => {
  it('BigQuery: project and location, never the key file or any other setting', () => {
    const target = {
      name: 'prod',
      engine: 'bigquery' as const,
      options: { project: 'acme', location: 'EU', keyFilename: '/secrets/key.json', labels: { team: 'x' }, budget: 1e11 },
    };
    expect(targetRecord(target, '/repo')).toEqual({ name: 'prod', engine: 'bigquery', project: 'acme', location: 'EU' });
  });

  it('DuckDB: the path relative to the project when inside it, else absolute', () => {
    const at = (file: string) => targetRecord({ name: 'l', engine: 'duckdb', options: { path: file } }, '/repo/project');
    expect(at('/repo/project/.dq/w.duckdb').path).toBe('.dq/w.duckdb');
    expect(at('/data/w.duckdb').path).toBe('/data/w.duckdb');
    expect(at(':memory:').path).toBe(':memory:');
  });
});

describe('the run record of a library call', () => {
  it('holds what the caller passes, and null for argv and load time it does not', async () => {
    vi.stubEnv('DQ_TEST_TOKEN', 'env-S3cret-value');
    const project = await loadProject({ cwd });
    const { checks } = selectChecks(project, { suite: 'nightly' });
    const bare = await run({ project, checks, suite: 'nightly', asOf: '2026-01-10' });
    expect(bare.invocation).toMatchObject({ argv: null, suite: 'nightly', select: [], as_of: '2026-01-10', git_commit: COMMIT, vars: { token: '***' } });
    expect(bare.invocation!.timings_ms.load).toBeNull();
    const told = await run({ project, checks, record: { argv: ['pipeline', 'step-3'], select: ['tag:x'], loadMs: 12.4 } });
    expect(told.invocation).toMatchObject({ argv: ['pipeline', 'step-3'], select: ['tag:x'], as_of: null });
    expect(told.invocation!.timings_ms.load).toBe(12);
  });
});

describe('secret variables', () => {
  it('never appear in report.json, the other report files, the console or stderr, even passed with --var', async () => {
    const { code, stdout, stderr, out, report } = await dqRun(['nightly', '--var', `token=${CLI_SECRET}`]);
    expect(code).toBe(1);
    expect(report.invocation!.argv).toContain('token=***');
    // The secret was used: the SQL holds its redacted literal where DuckDB inlined it.
    expect(report.queries[0]!.sql).toContain("status <> '***'");
    expect(report.checks.find((c) => c.name === 'leak')!.failing_groups.map((g) => g.key)).toEqual([{ leaked: '***' }]);
    const files = readdirSync(out);
    expect(files).toEqual(expect.arrayContaining(['junit.xml', 'report.html', 'report.json', 'report.md']));
    for (const file of files) expect(readFileSync(path.join(out, file), 'utf8'), file).not.toContain(SECRET_MARK);
    expect(stdout).not.toContain(SECRET_MARK);
    expect(stderr).not.toContain(SECRET_MARK);
  });

  it('dq compile prints the SQL with the secret as ***', async () => {
    vi.stubEnv('DQ_TEST_TOKEN', 'env-S3cret-value');
    const { code, stdout } = await dqIn(cwd, ['compile', 'nightly', '--var', `token=${CLI_SECRET}`]);
    expect(code).toBe(0);
    expect(stdout).toContain("status <> '***'");
    expect(stdout).not.toContain(SECRET_MARK);
  });
});

describe('secret variables in engine errors', () => {
  it('an engine error quoting the SQL shows *** in run --dry-run, validate --dry-run, the run output and its report', async () => {
    const dir = await makeProject({
      'checks.config.yaml': CONFIG,
      'checks/orders.yaml': "table: shop.orders\nchecks:\n  - row_count: { min: 1 }\n    where: \"status = '{{ var.token }}'\"\n",
    });
    vi.stubEnv('DQ_TEST_TOKEN', "env-S3cret'value");
    // As BigQuery does, the engine quotes the statement around the problem (here, all of it).
    const quoting = (request: QueryRequest) => Promise.reject(new QueryError(`Syntax error near ${request.sql}`, { reason: 'invalidQuery' }));
    const engine = wrappedDuckDb({ dryRun: quoting });
    for (const args of [['run', '--dry-run'], ['validate', '--dry-run'], ['run', '--format', 'console,json', '--out', path.join(dir, 'out')]]) {
      const result = await dqIn(dir, args, { openEngine: engine });
      const output = result.stdout + result.stderr;
      expect(result.code, args.join(' ')).toBe(2);
      expect(output, args.join(' ')).toContain("status = '***'");
      expect(output, args.join(' ')).not.toContain(SECRET_MARK);
    }
    expect(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')).not.toContain(SECRET_MARK);
  });
});
