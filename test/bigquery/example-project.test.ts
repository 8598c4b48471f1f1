// The repository's example project on its `prod` (BigQuery) target, pointed at the local server
// holding the demo warehouse, agrees with the `local` (DuckDB) target check by check; and every
// job it sends carries the target's labels, byte cap and timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run/report.js';
import { startBigQueryServer, type BigQueryTestServer, type RecordedRequest } from '../support/bigquery-server/index.js';
import { exampleProject, loadDemoInto, runSuite, serverEngines, tempDir, verdicts, type TempDir } from './support.js';

let server: BigQueryTestServer;
const temps: TempDir[] = [];

beforeAll(async () => {
  // Small pages: the volume check's failing dates, the reconcile mismatches and the relationship
  // checks' missing keys come back over several pages.
  server = await startBigQueryServer({ pageSize: 5, maxWaitMs: 200 });
});

afterAll(async () => {
  await server.close();
  for (const t of temps) t.cleanup();
});

const isDryRun = (r: RecordedRequest) => (r.body as any)?.configuration?.dryRun === true;

const SUITES = ['audit', 'pre_phase4', 'pre_training'] as const;
type Scenario = 'incident' | 'healthy';
type Runs = Record<(typeof SUITES)[number], { local: RunReport; prod: RunReport; requests: RecordedRequest[] }>;
const scenarioRuns = new Map<Scenario, Promise<Runs>>();

/**
 * Every suite of the example project run on both targets for one scenario: the demo warehouse is
 * copied and loaded into the server once per scenario (not once per suite), then each suite runs
 * locally and on the server (requests recorded from a reset per prod run). run() writes nothing
 * into the project folder, so the suites share it.
 */
function runScenario(scenario: Scenario): Promise<Runs> {
  let runs = scenarioRuns.get(scenario);
  if (!runs) {
    runs = (async () => {
      const t = tempDir();
      temps.push(t);
      const warehouse = await exampleProject(t.dir, scenario);
      await loadDemoInto(server, warehouse);
      const out: Partial<Runs> = {};
      for (const suite of SUITES) {
        const local = await runSuite(t.dir, suite, { target: 'local' });
        server.reset();
        const prod = await runSuite(t.dir, suite, { target: 'prod', openEngine: serverEngines(server) });
        out[suite] = { local, prod, requests: [...server.requests] };
      }
      return out as Runs;
    })();
    scenarioRuns.set(scenario, runs);
  }
  return runs;
}

describe.each(['incident', 'healthy'] as const)('the audit suite, %s scenario, --as-of 2026-01-04', (scenario) => {
  let local: RunReport;
  let prod: RunReport;
  let requests: RecordedRequest[];

  beforeAll(async () => {
    ({ local, prod, requests } = (await runScenario(scenario)).audit);
  }, 240_000);

  it('gives the same statuses, metrics and failing groups on BigQuery as on DuckDB', () => {
    expect(prod.target).toEqual({ name: 'prod', engine: 'bigquery' });
    expect(verdicts(prod)).toEqual(verdicts(local));
    expect(prod.summary).toEqual(local.summary);
    expect(prod.exit_code).toBe(local.exit_code);
    expect(prod.exit_code).toBe(scenario === 'incident' ? 1 : 0);
    expect(prod.failing_partitions).toEqual(local.failing_partitions);
    // BigQuery reads the partitions of `window: { last: N }` first (it prunes on constants only);
    // the checks' queries read the same tables for the same checks as on DuckDB, in one
    // statement per table (plan/merge.ts) where DuckDB sends one per batch.
    const checksByTable = (report: RunReport) => {
      const tables: Record<string, string[]> = {};
      for (const q of report.queries.filter((q) => q.purpose === 'check')) (tables[q.table] ??= []).push(...q.check_ids);
      return Object.fromEntries(Object.entries(tables).map(([table, ids]) => [table, ids.sort()]));
    };
    expect(checksByTable(prod)).toEqual(checksByTable(local));
    const prodStatements = prod.queries.filter((q) => q.purpose === 'check');
    expect(prodStatements.map((q) => q.kind)).toEqual(['table', 'table', 'table']);
    expect(new Set(prodStatements.map((q) => q.table)).size).toBe(3);
    expect(local.queries.filter((q) => q.purpose === 'check').length).toBeGreaterThan(3);
    expect(prod.queries.filter((q) => q.purpose !== 'check' && q.purpose !== 'partitions').map((q) => [q.kind, q.purpose])).toEqual(
      local.queries.filter((q) => q.purpose !== 'check').map((q) => [q.kind, q.purpose]),
    );
    expect(prod.queries.filter((q) => q.purpose === 'partitions').map((q) => q.check_ids)).toEqual([['player_game_summary.recent_usage_rate_coverage']]);
  });

  it('dry-runs every query before running any, then runs them as SELECT jobs', () => {
    const inserts = requests.filter((r) => r.kind === 'jobs.insert');
    const statement = (r: RecordedRequest) => JSON.stringify([(r.body as any).configuration.query.query, (r.body as any).configuration.query.queryParameters]);
    // The partitions of the `window: { last: N }` check are read first; under the project's budget
    // the whole run (3 statements, one per table, nothing blocked) is priced before that, and the
    // statement those partitions change is priced again after it. Every job was dry-run before it ran, no
    // statement twice, and every dry run of the plan comes before the first check job. (The audit
    // suite has `block: false`: the failed usage_rate_coverage is drilled down after the checks,
    // and the failed checks' samples are collected; those queries are dry-run before they run.)
    const partitions = prod.queries.find((q) => q.purpose === 'partitions')!;
    const jobs = inserts.filter((r) => !isDryRun(r));
    expect((jobs[0]!.body as any).configuration.query.query).toBe(partitions.sql);
    const firstCheckJob = inserts.indexOf(jobs[1]!);
    const dryRuns = inserts.filter(isDryRun).map(statement);
    expect(new Set(dryRuns).size).toBe(dryRuns.length);
    for (const job of jobs) expect(inserts.slice(0, inserts.indexOf(job)).filter(isDryRun).map(statement)).toContain(statement(job));
    const afterChecks = new Set(prod.queries.filter((q) => q.purpose === 'drill_down' || q.purpose === 'samples').map((q) => q.sql));
    expect(inserts.slice(firstCheckJob).filter(isDryRun).every((r) => afterChecks.has((r.body as any).configuration.query.query))).toBe(true);
    expect(inserts.slice(0, inserts.indexOf(jobs[0]!)).filter(isDryRun)).toHaveLength(4);
    expect(jobs.length).toBe(prod.queries.length);
    expect(jobs.map((r) => server.job(r.jobId!)!.statementType)).toEqual(prod.queries.map(() => 'SELECT'));
  });

  it('labels every job (configured labels, run_id, suite, query id) and sends maximumBytesBilled and jobTimeoutMs', () => {
    const runId = prod.run_id.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
    for (const r of requests.filter((r) => r.kind === 'jobs.insert')) {
      const configuration = (r.body as any).configuration;
      expect(configuration.labels).toMatchObject({ tool: 'dqgate', run_id: runId, suite: 'audit' });
      expect(configuration.labels.dqgate_query).toMatch(/^q\d+$/);
      expect(configuration.query.maximumBytesBilled).toBe(String(20_000_000_000));
      expect(configuration.jobTimeoutMs).toBe(String(600_000));
      expect((r.body as any).jobReference.location).toBe('US');
    }
  });

  it('sends --var values and dates as typed query parameters', () => {
    const params = requests
      .filter((r) => r.kind === 'jobs.insert')
      .flatMap((r) => ((r.body as any).configuration.query.queryParameters ?? []) as any[]);
    expect(params).toContainEqual({ name: 'text_var_season_start', parameterType: { type: 'STRING' }, parameterValue: { value: '2021-10-01' } });
    expect(params).toContainEqual({ name: 'as_of', parameterType: { type: 'DATE' }, parameterValue: { value: '2026-01-04' } });
    expect(prod.queries.some((q) => q.sql.includes('@text_var_season_start'))).toBe(true);
    expect(prod.queries.some((q) => q.sql.includes("'2021-10-01'"))).toBe(false);
  });

  it('reads results of several pages', () => {
    const pages = requests.filter((r) => r.kind === 'jobs.getQueryResults' && r.query.pageToken !== undefined);
    expect(pages.length).toBeGreaterThan(0);
  });

  it('records bytes_estimated (the dry run) and bytes_billed per query', () => {
    for (const q of prod.queries) {
      // The schema check reads INFORMATION_SCHEMA, which the test server counts as 0 bytes.
      const minimum = q.kind === 'schema' ? 0 : 1;
      expect(q.bytes_estimated).toBeGreaterThanOrEqual(minimum);
      expect(q.bytes_billed).toBeGreaterThanOrEqual(minimum && 10 * 1024 * 1024);
    }
    const jobs = requests.filter((r) => r.kind === 'jobs.insert' && !isDryRun(r)).map((r) => server.job(r.jobId!)!);
    for (const q of prod.queries) expect(q.bytes_estimated).toBe(jobs.find((j) => j.sql === q.sql)!.bytesProcessed);
  });
});

// The example project's other suites gate phases (pre_phase4 blocks on an upstream reconcile,
// pre_training has per-date windows): each gives the same verdicts on BigQuery as on DuckDB.
describe.each(['pre_phase4', 'pre_training'] as const)('the %s suite, both scenarios, --as-of 2026-01-04', (suite) => {
  const runs = new Map<string, { local: RunReport; prod: RunReport }>();

  beforeAll(async () => {
    for (const scenario of ['incident', 'healthy'] as const) {
      const { local, prod } = (await runScenario(scenario))[suite];
      runs.set(scenario, { local, prod });
    }
  }, 240_000);

  it.each(['incident', 'healthy'] as const)('%s: same statuses, metrics, failing groups and exit code', (scenario) => {
    const { local, prod } = runs.get(scenario)!;
    expect(prod.target).toEqual({ name: 'prod', engine: 'bigquery' });
    expect(verdicts(prod)).toEqual(verdicts(local));
    expect(prod.summary).toEqual(local.summary);
    expect(prod.failing_partitions).toEqual(local.failing_partitions);
    expect(prod.exit_code).toBe(local.exit_code);
    expect(prod.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });

  it('the gate closes on the incident and opens on healthy data', () => {
    expect(runs.get('incident')!.prod.exit_code).toBe(1);
    expect(runs.get('healthy')!.prod.exit_code).toBe(0);
  });
});
