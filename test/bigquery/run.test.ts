// dq's run on a BigQuery target, through the real client against the local server: exact values,
// DATE parameters, retries, the budget, refused statements, timeouts and cancellation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadProject } from '../../src/config/load.js';
import { BudgetExceededError } from '../../src/run/preflight.js';
import type { RunReport } from '../../src/run/report.js';
import { run } from '../../src/run/run.js';
import { startBigQueryServer, type BigQueryTestServer, type RecordedRequest } from '../support/bigquery-server/index.js';
import { bigQueryProdConfig, runAllOnServer, serverEngines, tempDir, writeProjectFiles, type TempDir } from './support.js';

let server: BigQueryTestServer;
const temps: TempDir[] = [];

const ORDERS_ROWS = 92;

beforeAll(async () => {
  server = await startBigQueryServer({ pageSize: 10, maxWaitMs: 100 });
  await server.exec(`
    CREATE SCHEMA shop;
    -- 100 orders on 10 days (2026-01-01..10), 10 a day, except 2026-01-05 with 2: 92 rows.
    CREATE TABLE shop.orders AS
    SELECT i AS id, (i % 10) + 1 AS customer_id,
           CASE WHEN i % 5 = 0 THEN NULL ELSE CAST(i * 1.5 AS DECIMAL(38, 9)) END AS amount,
           DATE '2026-01-01' + CAST(((i - 1) // 10) AS INTEGER) AS order_date
    FROM range(1, 101) t(i)
    WHERE NOT (((i - 1) // 10) = 4 AND (i - 1) % 10 >= 2);
    -- Values a double cannot hold: ids beyond 2^53, a NUMERIC with 29 significant digits.
    CREATE TABLE shop.big (id BIGINT, amount DECIMAL(38, 9));
    INSERT INTO shop.big VALUES
      (9007199254740993, 12345678901234567890.123456789),
      (9007199254740993, 12345678901234567890.123456789),
      (1, 1.5);
  `);
});

afterAll(async () => {
  await server.close();
  for (const t of temps) t.cleanup();
});

beforeEach(() => {
  server.reset();
});

const CONFIG = (extra = '') =>
  bigQueryProdConfig(
    `    maximum_bytes_billed: 1 GB\n    labels: { team: data-quality }\n    job_timeout: 30 seconds\n${extra}`,
    "vars: { since: '2026-01-01', min_amount: 0 }\n",
  );

/** A project folder with the config and check files (path → text). */
function project(files: Record<string, string>, configExtra = ''): string {
  const t = tempDir();
  temps.push(t);
  writeProjectFiles(t.dir, { 'checks.config.yaml': CONFIG(configExtra), ...files });
  return t.dir;
}

const byName = (report: RunReport, name: string) => report.checks.find((c) => c.name === name)!;
const isDryRun = (r: RecordedRequest) => (r.body as any)?.configuration?.dryRun === true;
const jobInserts = () => server.requestsOf('jobs.insert').filter((r) => !isDryRun(r));

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('exact values', () => {
  it('keeps integers beyond 2^53 and wide NUMERICs exact in a metric and in a failing group key', async () => {
    const dir = project({
      'checks/big.yaml': `table: shop.big
checks:
  - { name: id_total, metric: { expression: sum(id), min: 0 } }
  - { name: amount_total, metric: { expression: sum(amount), min: 0 } }
  - { name: id_unique, unique: id }
  - { name: amount_unique, unique: amount }
`,
    });
    const report = await runAllOnServer(server, dir);
    expect(byName(report, 'id_total').metric.value).toBe('18014398509481987');
    expect(byName(report, 'amount_total').metric.value).toBe('24691357802469135781.746913578');
    expect(byName(report, 'id_total').status).toBe('pass');
    expect(byName(report, 'id_unique').failing_groups).toEqual([{ key: { id: '9007199254740993' }, value: 2, rows: 2 }]);
    expect(byName(report, 'amount_unique').failing_groups).toEqual([
      { key: { amount: '12345678901234567890.123456789' }, value: 2, rows: 2 },
    ]);
  });
});

describe('parameters', () => {
  it('sends vars, --var overrides, as_of and window dates as parameters that filter as literals would (a quoted template as STRING)', async () => {
    const dir = project({
      'checks/orders.yaml': `table: shop.orders
partition: order_date
checks:
  - name: since
    row_count: { min: 1 }
    where: "order_date >= '{{ var.since }}'"
  - name: recent
    row_count: { min: 1 }
    window: 3 days
  - name: on_as_of
    row_count: { min: 1 }
    where: "order_date = {{ as_of }} AND amount > {{ var.min_amount }}"
`,
    });
    const report = await runAllOnServer(server, dir, { vars: { since: '2026-01-06' } });
    // 2026-01-06..10: 5 days of 10 orders; window 2026-01-08..10: 30; 2026-01-10 with an amount: 8.
    expect(byName(report, 'since').metric.value).toBe(50);
    expect(byName(report, 'recent').metric.value).toBe(30);
    expect(byName(report, 'on_as_of').metric.value).toBe(8);
    const params = jobInserts().flatMap((r) => (r.body as any).configuration.query.queryParameters ?? []);
    expect(params).toEqual(
      expect.arrayContaining([
        { name: 'text_var_since', parameterType: { type: 'STRING' }, parameterValue: { value: '2026-01-06' } },
        { name: 'window_start_3d', parameterType: { type: 'DATE' }, parameterValue: { value: '2026-01-08' } },
        { name: 'as_of', parameterType: { type: 'DATE' }, parameterValue: { value: '2026-01-10' } },
        { name: 'var_min_amount', parameterType: { type: 'INT64' }, parameterValue: { value: '0' } },
      ]),
    );
    expect(report.queries[0]!.sql).not.toContain('2026-01');
  });
});

const TWO_CHECKS = `table: shop.orders
checks:
  - { name: rows, row_count: { min: 90 } }
  - { name: amount_mostly, not_null: { column: amount, mostly: 75% } }
`;

describe('retries', () => {
  it('retries transient failures (a 503 on insert, a job that ends with backendError) and then succeeds', async () => {
    const dir = project({ 'checks/orders.yaml': TWO_CHECKS });
    server.faults.fail({ status: 503, times: 2, kind: 'jobs.insert', match: (r) => !isDryRun(r) });
    server.faults.failJobs({ reason: 'backendError', times: 1 });
    const report = await runAllOnServer(server, dir);
    expect(report.checks.map((c) => c.status)).toEqual(['pass', 'pass']);
    expect(report.exit_code).toBe(0);
    // 2 inserts answered 503, then a job that failed with backendError, then a new job.
    expect(jobInserts().map((r) => r.status)).toEqual([503, 503, 200, 200]);
  });

  it('a query still failing after the retries is an error with BigQuery’s message and reason: exit 2, not re-run per check', async () => {
    const dir = project({ 'checks/orders.yaml': TWO_CHECKS });
    server.faults.fail({ status: 503, times: Infinity, kind: 'jobs.insert', match: (r) => !isDryRun(r) });
    const report = await runAllOnServer(server, dir);
    expect(report.exit_code).toBe(2);
    for (const check of report.checks) {
      expect(check.status).toBe('error');
      expect(check.message).toMatch(/\(reason: backendError\)$/);
    }
    expect(report.queries).toHaveLength(1); // no isolation of a transient failure
    expect(report.queries[0]!.error).toMatch(/backendError/);
    expect(jobInserts()).toHaveLength(5); // the engine's attempts per call
  });
});

describe('budget', () => {
  it('refuses to start a run whose dry runs exceed the target budget: only dry runs reach BigQuery', async () => {
    const dir = project({ 'checks/orders.yaml': TWO_CHECKS }, '    budget: 1 KB\n');
    const error = await runAllOnServer(server, dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as BudgetExceededError).budgetBytes).toBe(1000);
    expect((error as BudgetExceededError).estimatedBytes).toBeGreaterThan(1000);
    expect((error as Error).message).toMatch(/refused to run: the dry runs estimate .* over the budget of 1.00 KB \(1000 bytes\) of target prod; nothing was executed/);
    expect(server.requests.length).toBeGreaterThan(0);
    // Dry runs, and tables.get (the schemas: metadata, no job, no bytes).
    expect(server.requests.every((r) => r.kind === 'tables.get' || (r.kind === 'jobs.insert' && isDryRun(r)))).toBe(true);
  });

  it('with a budget, dry runs that report no bytes refuse their checks instead of counting 0: nothing is executed', async () => {
    const dir = project({ 'checks/orders.yaml': TWO_CHECKS }, '    budget: 1 MB\n');
    server.faults.editResponses({
      kind: 'jobs.insert',
      times: Infinity,
      match: isDryRun,
      edit: (body) => {
        delete body.statistics.totalBytesProcessed;
        delete body.statistics.query.totalBytesProcessed;
      },
    });
    const report = await runAllOnServer(server, dir);
    expect(report.checks.length).toBeGreaterThan(0);
    for (const check of report.checks) {
      expect(check.status).toBe('error');
      expect(check.message).toMatch(/^refused: BigQuery's dry run of .* reported no byte estimate .* the target's budget cannot be enforced/);
    }
    // Dry runs, and tables.get (the schemas: metadata, no job, no bytes).
    expect(server.requests.every((r) => r.kind === 'tables.get' || (r.kind === 'jobs.insert' && isDryRun(r)))).toBe(true);
  });

  it('runs when the estimate is within the budget', async () => {
    const dir = project({ 'checks/orders.yaml': TWO_CHECKS }, '    budget: 1 MB\n');
    const report = await runAllOnServer(server, dir);
    expect(report.exit_code).toBe(0);
  });
});

describe('SELECT only', () => {
  it('refuses a sql check that is DML, and an expression smuggling in a script, when the project loads: no job, not even a dry run', async () => {
    const dir = project({
      'checks/orders.yaml': `table: shop.orders
checks:
  - { name: rows, row_count: { min: 90 } }
  - { name: wipe, sql: "DELETE FROM shop.orders WHERE TRUE" }
  - name: smuggled
    condition: "TRUE) AS x FROM shop.orders; DELETE FROM shop.orders WHERE TRUE; SELECT COUNTIF(TRUE"
  - { name: big_orders, sql: "SELECT id FROM shop.orders WHERE amount > 1000" }
`,
    });
    const refused = await runAllOnServer(server, dir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).issues.map((i) => `${i.line}: ${i.message}`)).toEqual([
      '4: sql.query: a sql check is one query starting with SELECT or WITH, not "DELETE"',
      '6: condition.expression: ")" closes a "(" this expression never opened',
    ]);
    expect(server.requestsOf('jobs.insert')).toEqual([]);
    const [[count]] = (await server.exec('SELECT count(*) FROM shop.orders')).rows as [[bigint]];
    expect(Number(count)).toBe(ORDERS_ROWS);
  });

  it('a check the dry run rejects (unknown column) is an error without a job; the rest of its batch runs', async () => {
    const dir = project({
      'checks/orders.yaml': `${TWO_CHECKS}  - { name: typo, not_null: amout }
`,
    });
    const report = await runAllOnServer(server, dir);
    expect(byName(report, 'typo').status).toBe('error');
    expect(byName(report, 'typo').message).toMatch(/amout.*\(reason: invalidQuery\)/);
    expect(byName(report, 'rows').status).toBe('pass');
    expect(report.queries.map((q) => q.check_ids)).toEqual([['orders.rows', 'orders.amount_mostly']]);
    expect(jobInserts()).toHaveLength(1);
  });
});

describe('timeouts and cancellation', () => {
  it('a job running past job_timeout is cancelled and its checks are errors (reason timeout): exit 2', async () => {
    const dir = project({ 'checks/orders.yaml': TWO_CHECKS }, '');
    const slow = server.faults.hangJobs({ ignoreJobTimeout: true });
    try {
      const loaded = await loadProject({ cwd: dir });
      loaded.config.targets.prod!.options.job_timeout = 0.5;
      const report = await run({ asOf: '2026-01-10', openEngine: serverEngines(server), project: loaded, checks: loaded.checks });
      expect(report.exit_code).toBe(2);
      for (const check of report.checks) {
        expect(check.status).toBe('error');
        expect(check.message).toMatch(/did not finish within jobTimeoutMs \(500 ms\).*\(reason: timeout\)/);
      }
      expect(report.queries).toHaveLength(1); // a timeout is not re-run check by check
      expect(server.cancelledJobIds()).toEqual([jobInserts()[0]!.jobId]);
      expect((jobInserts()[0]!.body as any).configuration.jobTimeoutMs).toBe('500');
    } finally {
      slow.remove();
    }
  });

  it('a signal aborted before the run: nothing is sent, every check "interrupted", exit 130', async () => {
    const dir = project({ 'checks/orders.yaml': TWO_CHECKS });
    const controller = new AbortController();
    controller.abort(new Error('SIGTERM received'));
    const report = await runAllOnServer(server, dir, { signal: controller.signal });
    expect(report.exit_code).toBe(130);
    expect(report.checks.map((c) => [c.status, c.message])).toEqual([
      ['error', 'interrupted'],
      ['error', 'interrupted'],
    ]);
    expect(server.requests).toEqual([]);
  });

  it('an aborted signal cancels the running job: the report lists what finished, the rest "interrupted", exit 130', async () => {
    const dir = project({
      'checks/orders.yaml': TWO_CHECKS,
      'checks/big.yaml': `table: shop.big
checks:
  - { name: big_rows, row_count: { min: 1 } }
`,
    });
    const slow = server.faults.hangJobs({ match: (sql) => sql.includes('`shop`.`big`') });
    const controller = new AbortController();
    try {
      const pending = runAllOnServer(server, dir, { signal: controller.signal, concurrency: 1 });
      await until(() => jobInserts().some((r) => (r.body as any).configuration.query.query.includes('`shop`.`big`')));
      controller.abort(new Error('SIGINT received'));
      const report = await pending;
      expect(report.exit_code).toBe(130);
      expect(report.status).toBe('error');
      const statuses = Object.fromEntries(report.checks.map((c) => [c.name, [c.status, c.status === 'error' ? c.message : '']]));
      expect(statuses.big_rows).toEqual(['error', 'interrupted']);
      // The orders checks either finished before the abort or are interrupted too; never anything else.
      for (const name of ['rows', 'amount_mostly']) expect(['pass', 'error']).toContain(statuses[name]![0]);
      const bigJob = jobInserts().find((r) => (r.body as any).configuration.query.query.includes('`shop`.`big`'))!;
      expect(server.cancelledJobIds()).toContain(bigJob.jobId);
      expect(server.job(bigJob.jobId!)?.cancelled).toBe(true);
    } finally {
      slow.remove();
    }
  });
});
