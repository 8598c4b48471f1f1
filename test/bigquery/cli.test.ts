// `dq` as a pipeline runs it (in-process through main(), see test/e2e/cli.ts): the example
// project's prod target pointed at the local BigQuery server with DQ_BIGQUERY_API_ENDPOINT (no
// credentials, no network).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadReportSchema } from '../../src/reports/report-schema.js';
import type { RunReport } from '../../src/run/report.js';
import { ANSWER_FAULTS } from '../support/bigquery-server/answer-faults.js';
import { startBigQueryServer, type BigQueryTestServer, type RecordedRequest } from '../support/bigquery-server/index.js';
import { dq as dqIn } from '../e2e/cli.js';
import { copyExampleProject, exampleProject, loadDemoInto, tempDir, type TempDir } from './support.js';

let server: BigQueryTestServer;
let project: string;
const temps: TempDir[] = [];

const dq = (args: string[], cwd = project) => dqIn(cwd, args, { DQ_BIGQUERY_API_ENDPOINT: server.url });

const isDryRun = (r: RecordedRequest) => (r.body as any)?.configuration?.dryRun === true;

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  server = await startBigQueryServer({ pageSize: 1000, maxWaitMs: 200 });
  const t = tempDir();
  temps.push(t);
  project = t.dir;
  await loadDemoInto(server, await exampleProject(project, 'incident'));
}, 60_000);

afterAll(async () => {
  await server.close();
  for (const t of temps) t.cleanup();
});

beforeEach(() => {
  server.reset();
});

describe('dq compile --target prod', () => {
  it('prints BigQuery SQL with its parameters, sending nothing', async () => {
    const { code, stdout } = await dq(['compile', 'audit', '--target', 'prod', '--as-of', '2026-01-04']);
    expect(code).toBe(0);
    // One statement per table (plan/merge.ts): the audit suite reads three tables.
    expect(stdout).toMatch(/^-- 3 queries for 23 checks \(bigquery\)/);
    expect(stdout).toContain('`nba-props-platform`.`nba_analytics`.`player_game_summary`');
    expect(stdout).toContain('-- @text_var_season_start STRING "2021-10-01"');
    expect(stdout).toContain('game_date >= @text_var_season_start');
    expect(server.requests).toEqual([]);
  });
});

describe('dq run --dry-run', () => {
  it('prints every query’s estimate and the total against the budget; runs nothing; exit 0', async () => {
    const { code, stdout } = await dq(['run', 'audit', '--target', 'prod', '--as-of', '2026-01-04', '--dry-run']);
    expect(code).toBe(0);
    const inserts = server.requestsOf('jobs.insert');
    // Dry runs, and tables.get (the schemas: metadata, no job, no bytes).
    expect(server.requests.every((r) => r.kind === 'tables.get' || (r.kind === 'jobs.insert' && isDryRun(r)))).toBe(true);
    // The audit suite's 3 statements (one per table), and the partition query of its `window: { last: N }` check.
    expect(inserts).toHaveLength(4);
    expect(stdout).toContain('dry run on target prod (bigquery): 4 queries for 23 checks, 4 dry runs, nothing executed');
    const total = Number(/total: .* estimated \((\d+) bytes\); budget 100 GB/.exec(stdout)?.[1]);
    expect(total).toBeGreaterThan(0);
    // The total is the sum of the per-query lines.
    const perQuery = [...stdout.matchAll(/^ {2}q\d+ .*? (\d+) {2}\S/gm)].map((m) => Number(m[1]));
    expect(perQuery).toHaveLength(4);
    expect(perQuery.reduce((a, b) => a + b, 0)).toBe(total);
    process.stdout.write(`[figures] audit suite dry run on the test server: ${total} bytes in 4 queries\n`);
  });
});

describe('dq run on prod', () => {
  it('runs the audit suite: dry runs first, then the jobs; exit 1 for the incident; prints the estimate', async () => {
    const out = path.join(project, 'out-run');
    const { code, stdout } = await dq(['run', 'audit', '--target', 'prod', '--as-of', '2026-01-04', '-f', 'console,json', '-o', out]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/bytes: .* estimated by dry runs \(\d+ bytes\)/);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
    expect(report.target).toEqual({ name: 'prod', engine: 'bigquery' });
    expect(report.queries.every((q) => q.bytes_estimated !== undefined && q.bytes_billed !== undefined)).toBe(true);
    const inserts = server.requestsOf('jobs.insert');
    // Every job was dry-run first, and no statement twice (under the budget the checks are priced
    // before the `window: { last: N }` partitions are read, then again only where those change them).
    const statement = (r: RecordedRequest) => JSON.stringify([(r.body as any).configuration.query.query, (r.body as any).configuration.query.queryParameters]);
    const dryRuns = inserts.filter(isDryRun).map(statement);
    expect(new Set(dryRuns).size).toBe(dryRuns.length);
    const jobs = inserts.filter((r) => !isDryRun(r));
    for (const job of jobs) expect(dryRuns).toContain(statement(job));
    expect(jobs).toHaveLength(report.queries.length);
  });

  it.each(['invalid JSON on insert', 'empty results body'] as const)(
    'a malformed answer (%s) is an error of its checks with a report: exit 2, not a crash',
    async (fault) => {
      ANSWER_FAULTS[fault](server.faults);
      const out = path.join(project, `out-${fault.replace(/ /g, '-')}`);
      const { code, stderr } = await dq(['run', 'audit', '--target', 'prod', '--as-of', '2026-01-04', '-f', 'json', '-o', out]);
      expect(stderr).not.toMatch(/TypeError/);
      expect(code).toBe(2);
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
      expect(report.exit_code).toBe(2);
      // Checks that depend on an errored one are skipped; none is judged on the broken answer.
      const errors = report.checks.filter((c) => c.status === 'error');
      expect(errors.length).toBeGreaterThan(0);
      expect(report.checks.filter((c) => c.status !== 'error').every((c) => c.status === 'skipped')).toBe(true);
      for (const check of errors) expect(check.message).toMatch(/^incomplete answer from BigQuery: /);
    },
  );

  it('refuses to start over the target budget: exit 2, a clear message, only dry runs sent', async () => {
    const t = tempDir();
    temps.push(t);
    copyExampleProject(t.dir);
    const config = path.join(t.dir, 'checks.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('budget: 100 GB', 'budget: 1 MB'));
    const { code, stdout, stderr } = await dq(['run', 'audit', '--target', 'prod', '--as-of', '2026-01-04'], t.dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^dq: refused to run: the dry runs estimate .* over the budget of 1\.00 MB \(1000000 bytes\) of target prod; nothing was executed/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stdout).toBe('');
    // Dry runs, and tables.get (the schemas: metadata, no job, no bytes).
    expect(server.requests.every((r) => r.kind === 'tables.get' || (r.kind === 'jobs.insert' && isDryRun(r)))).toBe(true);
    expect(existsSync(path.join(t.dir, 'reports', 'latest'))).toBe(false);
  });
});

describe('dq validate --target prod', () => {
  it('never touches the warehouse without --dry-run', async () => {
    const { code, stdout } = await dq(['validate', '--target', 'prod']);
    expect(code).toBe(0);
    expect(stdout).toBe('valid: 23 checks in 3 files, 3 suites\n');
    expect(server.requests).toEqual([]);
  });

  it('--dry-run: every table and column accepted → exit 0', async () => {
    const { code, stdout } = await dq(['validate', '--target', 'prod', '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/dry run on target prod \(bigquery\): every check accepted \(4 queries, 4 dry runs, .* estimated\)/);
    // Dry runs, and tables.get (the schemas: metadata, no job, no bytes).
    expect(server.requests.every((r) => r.kind === 'tables.get' || (r.kind === 'jobs.insert' && isDryRun(r)))).toBe(true);
  });

  it('--dry-run and run: a value that cannot be compared with its column → exit 3 at the check, only tables.get sent', async () => {
    const t = tempDir();
    temps.push(t);
    copyExampleProject(t.dir);
    writeFileSync(
      path.join(t.dir, 'checks', 'typed.yaml'),
      `table: nba_raw.nbac_schedule
checks:
  - name: statuses
    accepted_values: { column: game_status, values: [1, final] }
`,
    );
    for (const args of [['validate', '--target', 'prod', '--dry-run'], ['run', '--target', 'prod', '--as-of', '2026-01-04', '-s', 'typed.*']]) {
      server.reset();
      const { code, stderr } = await dq(args, t.dir);
      expect(code, stderr).toBe(3);
      expect(stderr).toContain('checks/typed.yaml:3:');
      expect(stderr).toContain('typed.statuses: accepted value "final" cannot be compared with game_status, a INT64 column of nba_raw.nbac_schedule');
      expect(server.requests.length).toBeGreaterThan(0);
      expect(server.requests.every((r) => r.kind === 'tables.get')).toBe(true);
    }
  });

  it('--dry-run: a missing column and a missing table are warehouse problems → exit 2, each check named', async () => {
    const t = tempDir();
    temps.push(t);
    copyExampleProject(t.dir);
    writeFileSync(
      path.join(t.dir, 'checks', 'broken.yaml'),
      `table: nba_analytics.player_game_summary
checks:
  - { name: typo, not_null: usage_rat }
  - { name: fine, not_null: usage_rate }
`,
    );
    writeFileSync(path.join(t.dir, 'checks', 'gone.yaml'), 'table: nba_analytics.no_such_table\nchecks:\n  - { name: rows, row_count: { min: 1 } }\n');
    const { code, stdout } = await dq(['validate', '--target', 'prod', '--dry-run'], t.dir);
    expect(code).toBe(2);
    expect(stdout).toContain('dry run on target prod (bigquery): 2 of 26 checks rejected:');
    expect(stdout).toMatch(/ {2}broken\.typo \(checks\/broken\.yaml:3\): .*usage_rat.*\(reason: invalidQuery\)/);
    expect(stdout).toMatch(/ {2}gone\.rows \(checks\/gone\.yaml:3\): Not found: Table test-project:nba_analytics\.no_such_table|gone\.rows .*no_such_table.*notFound/);
    expect(stdout).not.toContain('broken.fine');

    // dq run --dry-run on the same project: the checks that would not run, exit 2.
    const dry = await dq(['run', 'audit', '--target', 'prod', '--as-of', '2026-01-04', '--dry-run'], t.dir);
    expect(dry.code).toBe(2);
    expect(dry.stdout).toContain('2 checks would not run:');
    expect(dry.stdout).toMatch(/ {2}broken\.typo: .*usage_rat/);
  });
});

describe('interruption', () => {
  it('SIGINT while a job runs: jobs.cancel, the report of what finished, exit 130', async () => {
    const slow = server.faults.hangJobs({ match: (sql) => sql.includes('`nba_raw`.`nbac_schedule`') && sql.includes('COUNTIF') });
    try {
      const out = path.join(project, 'out-interrupted');
      const running = dq(['run', 'audit', '--target', 'prod', '--as-of', '2026-01-04', '-f', 'json', '-o', out, '--concurrency', '2']);
      const slowJob = () =>
        server.requestsOf('jobs.insert').find((r) => {
          const sql: string = (r.body as any).configuration.query.query;
          return !isDryRun(r) && sql.includes('`nba_raw`.`nbac_schedule`') && sql.includes('COUNTIF');
        });
      await until(() => slowJob() !== undefined && server.job(slowJob()!.jobId!)?.state === 'RUNNING');
      // What Node does on Ctrl-C, without a real signal to this (test) process: the handler dq registered runs.
      process.emit('SIGINT', 'SIGINT');
      const { code, stderr } = await running;
      expect(code).toBe(130);
      expect(stderr).toContain('dq: SIGINT: cancelling the running queries');
      expect(server.cancelledJobIds()).toContain(slowJob()!.jobId);
      expect(server.job(slowJob()!.jobId!)?.cancelled).toBe(true);
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
      expect(report.exit_code).toBe(130);
      expect((loadReportSchema() as any).properties.exit_code.enum).toContain(130);
      expect(report.status).toBe('error');
      const interrupted = report.checks.filter((c) => c.status === 'error' && c.message === 'interrupted');
      expect(interrupted.map((c) => c.id)).toEqual(
        expect.arrayContaining(['nbac_schedule.accepted_values_game_status', 'nbac_schedule.teams_differ', 'nbac_schedule.games_since_season_start']),
      );
      // Nothing else failed: every check either finished or was interrupted.
      expect(report.checks.filter((c) => c.status === 'error' && c.message !== 'interrupted')).toEqual([]);
    } finally {
      slow.remove();
    }
  });
});
