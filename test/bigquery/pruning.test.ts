// What a BigQuery run reads: `window: { last: N }` is resolved to its N partitions first and sent
// as constants, so the checks read N partitions, not the table; batched checks read each column
// once. Bytes are the test server's, billed as BigQuery bills (test/engines/bigquery-billing.test.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/load.js';
import { bigquery } from '../../src/dialects/bigquery.js';
import { createBigQueryEngine } from '../../src/engines/bigquery.js';
import { compile } from '../../src/plan/compile.js';
import { selectChecks } from '../../src/plan/select.js';
import type { RunReport } from '../../src/run/report.js';
import { run } from '../../src/run/run.js';
import { validateReport } from '../../src/reports/report-schema.js';
import { ConfigError } from '../../src/config/errors.js';
import { BudgetExceededError } from '../../src/run/preflight.js';
import type { EngineFactory } from '../../src/engines/open.js';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';
import { startBigQueryServer, testClient, type BigQueryTestServer, type RecordedRequest } from '../support/bigquery-server/index.js';
import { serverEngines, tempDir, type TempDir } from './support.js';

let server: BigQueryTestServer;
const temps: TempDir[] = [];

const DAYS = 700;
const AS_OF = '2025-12-31';
const ROWS_A_DAY = 5;

describe.skipIf(skipWithoutAnalyzer('the BigQuery pruning tests'))('what a BigQuery run reads', () => {
  beforeAll(async () => {
    server = await startBigQueryServer({ pageSize: 1000, maxWaitMs: 200 });
    // 700 daily partitions up to AS_OF, 5 rows each; amount is NULL once, in the oldest partition.
    // note is 'abc' (2 + 3 bytes); id, amount and day 8 bytes each.
    await server.exec(`
      CREATE SCHEMA shop;
      CREATE TABLE shop.daily AS
      SELECT d * 10 + r AS id, DATE '${AS_OF}' - CAST(d AS INTEGER) AS day,
             CASE WHEN d = ${DAYS - 1} AND r = 0 THEN NULL ELSE CAST(r AS BIGINT) END AS amount, 'abc' AS note
      FROM range(${DAYS}) a(d), range(${ROWS_A_DAY}) b(r);
      CREATE TABLE shop.strict AS SELECT * FROM shop.daily;
      CREATE TABLE shop.ids AS SELECT range AS id FROM range(10);
    `);
    server.partitionTable('shop.daily', { type: 'DAY', field: 'day' });
    server.partitionTable('shop.strict', { type: 'DAY', field: 'day', requirePartitionFilter: true });
  });

  afterAll(async () => {
    await server.close();
    for (const t of temps) t.cleanup();
  });

  beforeEach(() => server.reset());

  const CONFIG = (target = '') => `version: 1
target: prod
targets:
  prod: { engine: bigquery, project: test-project, location: US${target} }
timezone: UTC
`;

  /**
   * The server's engine, describing tables from the server's partitioning (as part 2's
   * describeTable does through tables.get).
   */
  const describingEngines: EngineFactory = async (target, context) => {
    const engine = await serverEngines(server)(target, context);
    engine.describeTable = async (table) => {
      const partitioning = server.tableMeta.get(table);
      return {
        columns: [],
        ...(partitioning
          ? { partitioning: { column: partitioning.field, type: 'DAY' as const, requirePartitionFilter: partitioning.requirePartitionFilter === true } }
          : {}),
      };
    };
    return engine;
  };

  async function runChecks(
    files: Record<string, string>,
    openEngine: EngineFactory = serverEngines(server),
    { asOf = AS_OF, target = '' } = {},
  ): Promise<RunReport & { dir: string }> {
    const t = tempDir();
    temps.push(t);
    for (const [file, text] of Object.entries({ 'checks.config.yaml': CONFIG(target), ...files })) {
      mkdirSync(path.dirname(path.join(t.dir, file)), { recursive: true });
      writeFileSync(path.join(t.dir, file), text);
    }
    const loaded = await loadProject({ cwd: t.dir });
    const { checks } = selectChecks(loaded, {});
    return { ...(await run({ asOf, openEngine, drillDown: false, project: loaded, checks })), dir: t.dir };
  }

  const jobBytes = (sql: string) => server.jobs().find((j) => j.sql === sql)!.bytesProcessed;

  const LAST_3 = (table: string) => `table: ${table}
partition: day
checks:
  - { name: amount_present, not_null: { column: amount }, window: { last: 3 } }
`;

  it('reads only the 3 newest partitions for window: { last: 3 }, under 1% of a full scan of the same columns', async () => {
    const report = await runChecks({ 'checks/daily.yaml': LAST_3('shop.daily') });
    expect(report.checks[0]!.status).toBe('pass');
    const [partitions, check] = report.queries;
    expect(partitions!.purpose).toBe('partitions');
    const { dir: _dir, ...published } = report;
    expect(validateReport(published)).toEqual([]);
    expect(check!.purpose).toBe('check');
    expect(check!.sql).not.toMatch(/LIMIT/);
    // amount and day of 3 partitions of 5 rows: 3 × 5 × (8 + 8).
    expect(jobBytes(check!.sql)).toBe(3 * ROWS_A_DAY * 16);
    // The partition query reads the day column of the partitions up to as-of: 700 × 5 × 8.
    expect(jobBytes(partitions!.sql)).toBe(DAYS * ROWS_A_DAY * 8);

    // The same check compiled without resolving its window: amount and day of every partition.
    const [unresolved] = compile(selectChecks(await loadProject({ cwd: report.dir }), {}).checks, { dialect: bigquery, asOf: AS_OF, vars: {}, defaultProject: 'test-project' }).queries;
    const engine = createBigQueryEngine({ project: 'test-project', location: 'US', client: testClient(server.url), sleep: async () => {} });
    try {
      const full = (await engine.dryRun!({ id: 'full', sql: unresolved!.sql, params: unresolved!.params })).bytesProcessed!;
      // (The one NULL amount is free.)
      expect(full).toBe(DAYS * ROWS_A_DAY * 16 - 8);
      expect(jobBytes(check!.sql) / full).toBeLessThan(0.01);
      process.stdout.write(
        `[figures] { last: 3 } on ${DAYS} daily partitions: check query ${jobBytes(check!.sql)} bytes, ` +
          `unresolved ${full} bytes, partition query ${jobBytes(partitions!.sql)} bytes\n`,
      );
    } finally {
      await engine.close();
    }
  });

  it('runs window: { last: 3 } on a require_partition_filter table, with the verdict of the 3 newest partitions', async () => {
    const report = await runChecks({
      'checks/strict.yaml': `table: shop.strict
partition: day
checks:
  - { name: newest_rows, row_count: { min: 15, max: 15 }, window: { last: 3 } }
  - { name: amount_present, not_null: { column: amount }, window: { last: 3 } }
`,
    });
    // The table's one NULL amount is in its oldest partition: outside the window.
    expect(report.checks.map((c) => [c.name, c.status, c.metric.value])).toEqual([
      ['newest_rows', 'pass', 15],
      ['amount_present', 'pass', 1],
    ]);
  });

  it('bills a batch of checks on one table for the union of their columns, once', async () => {
    const report = await runChecks({
      'checks/daily.yaml': `table: shop.daily
partition: day
checks:
  - { name: amount_present, not_null: { column: amount }, window: { last: 3 } }
  - { name: amount_range, between: { column: amount, min_value: 0, max_value: 10 }, window: { last: 3 } }
  - { name: note_present, not_null: { column: note }, window: { last: 3 } }
`,
    });
    const checkQueries = report.queries.filter((q) => q.purpose === 'check');
    expect(checkQueries).toHaveLength(1);
    // amount, note and day of 3 partitions of 5 rows, each once: 3 × 5 × (8 + 5 + 8). Summed
    // over the three checks it would be 3 × 5 × ((8 + 8) + (8 + 8) + (5 + 8)).
    expect(jobBytes(checkQueries[0]!.sql)).toBe(3 * ROWS_A_DAY * 21);
    process.stdout.write(`[figures] batch of 3 checks on { last: 3 }: ${jobBytes(checkQueries[0]!.sql)} bytes (per-check sum ${3 * ROWS_A_DAY * 45})\n`);
  });

  it('bounds relationships to the window on the checked table; the referenced table is read whole', async () => {
    const report = await runChecks({
      'checks/daily.yaml': `table: shop.daily
partition: day
checks:
  - { name: ids_known, relationships: { column: id, to: shop.ids, field: id }, window: { last: 3 } }
`,
    });
    const check = report.queries.find((q) => q.purpose === 'check')!;
    // id and day of 3 partitions (3 × 5 × 16), and all 10 ids of shop.ids (10 × 8).
    expect(jobBytes(check.sql)).toBe(3 * ROWS_A_DAY * 16 + 10 * 8);
    // The newest partitions' ids are 0-4, 10-14, 20-24: ten of 15 rows reference a missing id.
    expect(report.checks[0]!.metric.value).toBeCloseTo(5 / 15, 10);
  });

  it('bounds a calendar of expected partitions under window: { last: 3 } to its 3 days: no MIN over the table', async () => {
    const report = await runChecks({
      'checks/daily.yaml': `table: shop.daily
partition: day
checks:
  - name: rows_each_day
    row_count: { min: 5 }
    group_by: day
    window: { last: 3 }
    expected_partitions: { calendar: daily }
`,
    });
    expect(report.checks[0]!.status).toBe('pass');
    const check = report.queries.find((q) => q.purpose === 'check')!;
    // The day column of 3 partitions: 3 × 5 × 8.
    expect(jobBytes(check.sql)).toBe(3 * ROWS_A_DAY * 8);
  });

  it('prices the run before reading the partitions of a window, and again after: over the budget, only the partition query ran', async () => {
    // Ten days after the last partition, the N days up to --as-of hold no rows: priced on them the
    // check reads nothing (the partition query: 700 × 5 × 8 = 28000 bytes), under the budget; on the
    // partitions read it reads 240 bytes more, over it.
    const refused = await runChecks({ 'checks/daily.yaml': LAST_3('shop.daily') }, serverEngines(server), {
      asOf: '2026-01-10',
      target: ', budget: 28100',
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect((refused as Error).message).toMatch(/estimate .* \(28240 bytes\) .* only the 1 partition queries of window: \{ last: N \} were executed/);
    const jobs = server.requestsOf('jobs.insert').filter((r) => (r.body as any).configuration.dryRun !== true);
    expect(jobs.map((r) => (r.body as any).configuration.query.query)).toEqual([expect.stringContaining('LIMIT 3')]);
  });

  it('drill-down stays within the budget counting the bytes the window partitions already cost', async () => {
    // A check failing on its 3 newest partitions: drill-down would read them again, per partition.
    const files = {
      'checks/daily.yaml': `table: shop.daily
partition: day
checks:
  - { name: big_amounts, between: { column: amount, min_value: 10 }, window: { last: 3 } }
`,
    };
    const runWith = async (budget: number) => {
      const t = tempDir();
      temps.push(t);
      for (const [file, text] of Object.entries({ 'checks.config.yaml': CONFIG(`, budget: ${budget}`), ...files })) {
        mkdirSync(path.dirname(path.join(t.dir, file)), { recursive: true });
        writeFileSync(path.join(t.dir, file), text);
      }
      const loaded = await loadProject({ cwd: t.dir });
      return run({ asOf: AS_OF, openEngine: serverEngines(server), project: loaded, checks: selectChecks(loaded, {}).checks });
    };
    const bytesOf = (report: RunReport, purpose: string) =>
      report.queries.filter((q) => q.purpose === purpose).reduce((sum, q) => sum + q.bytes_estimated!, 0);
    const generous = await runWith(1e12);
    expect(generous.checks[0]!.status).toBe('fail');
    const [window, check, drill] = ['partitions', 'check', 'drill_down'].map((purpose) => bytesOf(generous, purpose));
    expect([window, check, drill].every((b) => b > 0)).toBe(true);
    // One byte short of all three: the check runs, its drill-down does not (without counting the
    // window's bytes it would: check + drill-down alone fit).
    const short = await runWith(window! + check! + drill! - 1);
    expect(short.checks[0]!.status).toBe('fail');
    expect(short.queries.map((q) => q.purpose)).toEqual(['partitions', 'check']);
    const enough = await runWith(window! + check! + drill!);
    expect(enough.queries.map((q) => q.purpose)).toEqual(['partitions', 'check', 'drill_down']);
  });

  it('a window whose partitions cannot be read makes its checks errors, never a pass on other partitions', async () => {
    server.faults.failJobs({ reason: 'backendError', times: Infinity, match: (sql) => sql.includes('LIMIT 3') });
    const report = await runChecks({ 'checks/daily.yaml': LAST_3('shop.daily') });
    expect(report.checks.map((c) => c.status)).toEqual(['error']);
    expect(report.exit_code).toBe(2);
    expect(report.queries.map((q) => q.purpose)).toEqual(['partitions']);
  });

  it('a window whose partition query the dry run refuses makes its checks errors, and the query is not run', async () => {
    const isPartitionQuery = (r: RecordedRequest) => String((r.body as any)?.configuration?.query?.query).includes('LIMIT 3');
    server.faults.fail({ status: 400, reason: 'invalidQuery', message: 'refused by the test', kind: 'jobs.insert', times: Infinity, match: isPartitionQuery });
    const report = await runChecks({ 'checks/daily.yaml': LAST_3('shop.daily') });
    expect(report.checks.map((c) => [c.status, c.message])).toEqual([['error', expect.stringContaining('refused by the test')]]);
    expect(report.queries).toEqual([]);
    expect(server.requestsOf('jobs.insert').filter(isPartitionQuery).every((r) => (r.body as any).configuration.dryRun === true)).toBe(true);
  });

  it('refuses, before sending a query, a check that would read a require_partition_filter table whole, naming what bounds it', async () => {
    const refused = await runChecks(
      {
        'checks/strict.yaml': `table: shop.strict
partition: day
checks:
  - { name: all_rows, row_count: { min: 1 } }
  - { name: recent_rows, row_count: { min: 1 }, window: 3 days }
  - { name: ids_known, relationships: { column: id, to: shop.strict, field: id }, window: { last: 3 } }
  - { name: own_filter, row_count: { min: 1 }, where: "day >= '2025-12-01'" }
`,
      },
      describingEngines,
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).issues.map((i) => `${i.line}: ${i.message}`)).toEqual([
      '4: strict.all_rows would read every partition of shop.strict, which requires a partition filter (require_partition_filter): add `window:` (`N days` or `{ last: N }`) to the check, or run with --from/--to',
      '6: strict.ids_known would read every partition of shop.strict, which requires a partition filter (require_partition_filter): relationships reads every value of the referenced table, which no option bounds: check the reference with a `sql` check that filters its partitions',
    ]);
    expect(server.requestsOf('jobs.insert')).toEqual([]);
  });
});
