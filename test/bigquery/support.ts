// Shared by the BigQuery integration tests: the repository's example project in a temp folder,
// the demo warehouse loaded into the local BigQuery server, engines pointed at that server
// through the real @google-cloud/bigquery client, and the small projects the tests write.
import { DuckDBInstance } from '@duckdb/node-api';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject } from '../../src/config/load.js';
import type { Project } from '../../src/config/types.js';
import { DEMO_TABLES } from '../../src/demo/model.js';
import type { DemoScenario } from '../../src/demo/warehouse.js';
import { createBigQueryEngine, type BigQueryEngineOptions } from '../../src/engines/bigquery.js';
import { API_ENDPOINT_ENV, bigQueryEngineOptions, type EngineFactory } from '../../src/engines/open.js';
import { selectChecks } from '../../src/plan/select.js';
import type { RunReport } from '../../src/run/report.js';
import { run, type RunOptions } from '../../src/run/run.js';
import { startBigQueryServer, type BigQueryTestServer } from '../support/bigquery-server/index.js';
import { copyDemoWarehouse } from '../support/demo-cache.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export { DEMO_TABLES };

export interface TempDir {
  dir: string;
  cleanup(): void;
}

export function tempDir(prefix = 'dqgate-bq-'): TempDir {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes each file (path relative to `dir` → text), creating its folders. */
export function writeProjectFiles(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

/** A DuckDB warehouse file holding what `sql` creates: the DuckDB side of a parity test. */
export async function createDuckDbWarehouse(file: string, sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
}

/**
 * A checks.config.yaml for parity tests: target local is DuckDB on w.duckdb (see
 * createDuckDbWarehouse), prod is BigQuery on the test server's project; `topLines` follow.
 */
export function localAndProdConfig(topLines = ''): string {
  return `version: 1
target: local
targets:
  local: { engine: duckdb, path: w.duckdb }
  prod: { engine: bigquery, project: test-project }
${topLines}`;
}

/**
 * A checks.config.yaml whose one target, prod, is BigQuery on the test server's project (US):
 * `targetLines` go into the target (indented by four spaces), `topLines` after it, before
 * `timezone: UTC`.
 */
export function bigQueryProdConfig(targetLines = '', topLines = ''): string {
  return `version: 1
target: prod
targets:
  prod:
    engine: bigquery
    project: test-project
    location: US
${targetLines}${topLines}timezone: UTC
`;
}

/**
 * Both fail on the true answer of 25 orders. With pages of 10 rows, row_count's answer is one
 * page of 1 row; the sql check's is a summary row and 25 listed rows on pages of 10, 10 and 6.
 */
const TWO_FAILING_ORDER_CHECKS = `table: shop.orders
checks:
  - { name: empty_table, row_count: { max: 0 } }
  - { name: no_orders, sql: "SELECT id FROM shop.orders WHERE id > 0" }
`;

/**
 * The server (pages of 10 rows) holding shop.orders with ids 1..25, and a project in a temp
 * folder with TWO_FAILING_ORDER_CHECKS on its prod target. No job_timeout: an answer that never
 * ends must be stopped by the engine itself. The caller closes the server and cleans up the folder.
 */
export async function serverWithFailingOrderChecks(): Promise<{ server: BigQueryTestServer; dir: TempDir }> {
  const server = await startBigQueryServer({ pageSize: 10, maxWaitMs: 100 });
  try {
    await server.exec(`CREATE SCHEMA shop; CREATE TABLE shop.orders AS SELECT range + 1 AS id FROM range(25);`);
  } catch (error) {
    await server.close(); // the caller never gets it to close
    throw error;
  }
  const dir = tempDir();
  writeProjectFiles(dir.dir, { 'checks.config.yaml': bigQueryProdConfig(), 'checks/orders.yaml': TWO_FAILING_ORDER_CHECKS });
  return { server, dir };
}

/**
 * The server (pages of 1,000 rows) holding shop.daily, partitioned by its DATE column day: a
 * partition every day of the 10 up to `asOf`, 5 rows each (id = d * 10 + r, amount = r for r in
 * 0..4). The caller closes the server.
 */
export async function serverWithDailyPartitions(asOf: string): Promise<BigQueryTestServer> {
  const server = await startBigQueryServer({ pageSize: 1000, maxWaitMs: 200 });
  try {
    await server.exec(`
      CREATE SCHEMA shop;
      CREATE TABLE shop.daily AS
      SELECT d * 10 + r AS id, DATE '${asOf}' - CAST(d AS INTEGER) AS day, CAST(r AS BIGINT) AS amount
      FROM range(10) a(d), range(5) b(r);
    `);
    server.partitionTable('shop.daily', { type: 'DAY', field: 'day' });
  } catch (error) {
    await server.close(); // the caller never gets it to close
    throw error;
  }
  return server;
}

/** A project loaded with all its checks selected (loadAllChecks), for runs that need not load it again. */
export interface LoadedChecks {
  project: Project;
  checks: ReturnType<typeof selectChecks>['checks'];
}

/** Loads the project in `dir` and selects all its checks. */
export async function loadAllChecks(dir: string, vars?: Record<string, string>): Promise<LoadedChecks> {
  const project = await loadProject({ cwd: dir, vars });
  return { project, checks: selectChecks(project, {}).checks };
}

/**
 * Loads the project in `dir` (or takes one loadAllChecks loaded) and runs all its checks on the
 * server: as of 2026-01-10, no drill-down, unless `options` say otherwise.
 */
export async function runAllOnServer(
  server: BigQueryTestServer,
  dir: string | LoadedChecks,
  options: Partial<RunOptions> & { vars?: Record<string, string> } = {},
): Promise<RunReport> {
  const { project, checks } = typeof dir === 'string' ? await loadAllChecks(dir, options.vars) : dir;
  return run({ asOf: '2026-01-10', openEngine: serverEngines(server), drillDown: false, ...options, project, checks });
}

/**
 * The repository's example project (checks.config.yaml, checks/, suites/) copied into `dir`,
 * with the demo warehouse built where its `local` target looks (.dq/demo.duckdb).
 */
export async function exampleProject(dir: string, scenario: DemoScenario): Promise<string> {
  copyExampleProject(dir);
  const warehouse = path.join(dir, '.dq', 'demo.duckdb');
  await copyDemoWarehouse(warehouse, scenario);
  return warehouse;
}

/** The example project's files (checks.config.yaml, checks/, suites/) copied into `dir`; no warehouse. */
export function copyExampleProject(dir: string): void {
  for (const item of ['checks.config.yaml', 'checks', 'suites']) cpSync(path.join(REPO, item), path.join(dir, item), { recursive: true });
}

/** Copies the demo warehouse's tables into the server's DuckDB (datasets = schemas); replaces earlier copies. */
export async function loadDemoInto(server: BigQueryTestServer, warehouse: string): Promise<void> {
  await server.exec(`ATTACH '${warehouse.replace(/'/g, "''")}' AS demo_src (READ_ONLY)`);
  try {
    for (const table of DEMO_TABLES) {
      const [schema] = table.split('.');
      await server.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; CREATE OR REPLACE TABLE ${table} AS SELECT * FROM demo_src.${table}`);
    }
  } finally {
    await server.exec('DETACH demo_src');
  }
}

/**
 * Opens the BigQuery engine of a target as dq does (open.ts, with the emulator hook pointing at
 * the server), with backoff sleeps skipped so retry tests run fast.
 */
export function serverEngines(server: BigQueryTestServer, overrides: Partial<BigQueryEngineOptions> = {}): EngineFactory {
  return async (target, context) =>
    createBigQueryEngine({
      ...(await bigQueryEngineOptions(target, context, { [API_ENDPOINT_ENV]: server.url })),
      sleep: async () => undefined,
      ...overrides,
    });
}

/** Loads the project in `dir` and runs a suite through the library API. */
export async function runSuite(
  dir: string,
  suite: string,
  options: Partial<RunOptions> & { vars?: Record<string, string> } = {},
): Promise<RunReport> {
  const project: Project = await loadProject({ cwd: dir, vars: options.vars });
  const selection = selectChecks(project, { suite });
  return run({ asOf: '2026-01-04', suite, ...options, project, checks: selection.checks, failOn: selection.failOn });
}

/** What must agree between targets: per check, status, metric and failing groups (floats to 12 digits). */
export function verdicts(report: RunReport): Record<string, unknown> {
  const round = (value: unknown): unknown => {
    if (typeof value === 'number' && !Number.isInteger(value)) return Number(value.toPrecision(12));
    if (Array.isArray(value)) return value.map(round);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)]));
    return value;
  };
  return Object.fromEntries(
    report.checks.map((c) => [
      c.id,
      round({
        status: c.status,
        message: c.message,
        metric: c.metric,
        rows_evaluated: c.rows_evaluated,
        failing_group_count: c.failing_group_count,
        failing_groups: c.failing_groups,
        drill_down: c.drill_down ?? null,
      }),
    ]),
  );
}
