// On BigQuery a table's batches go into ONE statement (plan/merge.ts), so the columns a run
// reads are billed once per table; DuckDB keeps a statement per batch. The answers must be those
// of the plan that sends each check alone (and of DuckDB's plan): a failing check, a check that
// fails at execution (its statement is retried batch by batch, then check by check), a grouped
// aggregate with a missing partition, set checks with listings, NULL, NaN and an INT64 > 2^53.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/load.js';
import type { CheckSpec } from '../../src/config/types.js';
import { bigquery } from '../../src/dialects/bigquery.js';
import { createBigQueryEngine } from '../../src/engines/bigquery.js';
import { compile } from '../../src/plan/compile.js';
import type { RunReport } from '../../src/run/report.js';
import { estimateRun, run } from '../../src/run/run.js';
import { testClient } from '../support/bigquery-server/client.js';
import { serverEngines, verdicts } from './support.js';
import { twoEngineProject, type TwoEngineProject } from './two-engines.js';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';

const DATA = `
CREATE SCHEMA d;
CREATE TABLE d.kinds AS SELECT * FROM (VALUES ('a'), ('b')) t(kind);
CREATE TABLE d.events AS SELECT * FROM (VALUES
  (1, DATE '2026-01-01', 'a', 1.5, 9007199254740993),
  (2, DATE '2026-01-01', 'a', NULL, 1),
  (3, DATE '2026-01-02', 'b', 2.5, 2),
  (3, DATE '2026-01-02', 'b', 'NaN'::DOUBLE, 3),
  (5, DATE '2026-01-04', 'c', 4.0, 4),
  (6, DATE '2026-01-04', 'a', 1.0, 5)
) t(id, day, kind, amount, big);
`;

const CHECKS = `table: d.events
partition: day
checks:
  - name: rows
    row_count: { min: 1 }
  - name: amount_not_null
    not_null: amount
  - name: biggest
    metric: { expression: max(big), max: 10 }
  - name: b_amount
    metric: { expression: max(amount), max: 100 }
    where: "kind = 'b'"
  - name: per_day
    row_count: { min: 2 }
    group_by: day
    window: 5 days
    expected_partitions: { calendar: daily }
  - name: key
    unique: id
  - name: per_kind
    rows_per_group: { by: kind, min: 2 }
  - name: kinds_exist
    relationships: { column: kind, to: d.kinds, field: kind }
  - name: kind_as_number
    metric: { expression: max(CAST(kind AS INT64)), max: 10 }
`;

/** The columns the checks name, per table: what reading each once costs. */
const READ = { 'd.events': ['id', 'day', 'kind', 'amount', 'big'], 'd.kinds': ['kind'] };

let project: TwoEngineProject;
const asOf = '2026-01-05';

beforeAll(async () => {
  project = await twoEngineProject({ data: DATA, configLines: 'timezone: UTC\n', files: { 'checks/events.yaml': CHECKS }, pageSize: 2 });
});

afterAll(async () => {
  await project?.close();
});

/** Runs `checks` on target prod (the BigQuery test server) or local (DuckDB). */
async function runOn(target: 'prod' | 'local', pick: (c: CheckSpec) => boolean, budget?: number): Promise<RunReport> {
  const loaded = await loadProject({ cwd: project.dir });
  if (budget !== undefined) loaded.config.targets[target]!.options.budget = budget;
  const checks = loaded.checks.filter(pick);
  return run({ project: loaded, checks, asOf, target, ...(target === 'prod' ? { openEngine: serverEngines(project.server) } : {}) });
}

const byName = (report: RunReport, name: string) => report.checks.find((c) => c.name === name)!;
const checkQueries = (report: RunReport, table: string) => report.queries.filter((q) => q.purpose === 'check' && q.table === table);

describe('one statement per table on BigQuery', () => {
  it.skipIf(skipWithoutAnalyzer('the one-statement billing test (the server bills the columns the analyzer lists)'))('sends one statement for the table, billed for each column it reads once', async () => {
    const prod = await runOn('prod', (c) => c.name !== 'kind_as_number');
    const local = await runOn('local', (c) => c.name !== 'kind_as_number');
    const statements = checkQueries(prod, 'd.events');
    expect(statements.map((q) => [q.kind, q.status])).toEqual([['table', 'ok']]);
    // DuckDB keeps one statement per batch: 3 aggregate scans, group_counts, relationships.
    expect(checkQueries(local, 'd.events').map((q) => q.kind)).toEqual(['aggregate', 'aggregate', 'aggregate', 'group_counts', 'relationships']);

    // Reading each column once, priced by the server's own dry runs of one column each.
    const engine = createBigQueryEngine({ project: 'test-project', location: 'US', client: testClient(project.server.url), sleep: async () => {} });
    let once = 0;
    try {
      for (const [table, columns] of Object.entries(READ)) {
        for (const column of columns) once += (await engine.dryRun!({ id: column, sql: `SELECT ${column} FROM ${table}`, params: [] })).bytesProcessed!;
      }
    } finally {
      await engine.close();
    }
    expect(once).toBeGreaterThan(0);
    expect(statements[0]!.bytes_estimated).toBe(once);
    // Billed: one statement's minimum of 10 MiB (these columns are far smaller), not one per batch.
    expect(once).toBeLessThan(10 * 2 ** 20);
    expect(statements[0]!.bytes_billed).toBe(10 * 2 ** 20);
  });

  it('answers as the plan that sends each check alone, and as DuckDB', async () => {
    const merged = await runOn('prod', (c) => c.name !== 'kind_as_number');
    expect(checkQueries(merged, 'd.events').map((q) => [q.kind, q.status])).toEqual([['table', 'ok']]);
    expect(verdicts(merged)).toEqual(await aloneVerdicts(merged));
    expect(verdicts(merged)).toEqual(verdicts(await runOn('local', (c) => c.name !== 'kind_as_number')));

    // The data is built to fail; the values are read off the rows above.
    expect(Object.fromEntries(merged.checks.map((c) => [c.name, c.status]))).toEqual({
      rows: 'pass',
      amount_not_null: 'fail',
      biggest: 'fail',
      b_amount: 'fail',
      per_day: 'fail',
      key: 'fail',
      per_kind: 'fail',
      kinds_exist: 'fail',
    });
    expect(byName(merged, 'rows').metric.value).toBe(6);
    expect(byName(merged, 'amount_not_null').metric.value).toBe(5 / 6); // NaN is a value, NULL is not
    expect(byName(merged, 'biggest').metric.value).toBe('9007199254740993');
    // max over a NaN is NaN on both engines: no value to admit, a failure.
    expect(byName(merged, 'b_amount').message).toBe('value could not be measured');
    expect(byName(merged, 'per_day').failing_groups.map((g) => [g.key.day, g.value])).toEqual([
      ['2026-01-03', null],
      ['2026-01-05', null],
    ]);
    expect(byName(merged, 'key').failing_groups.map((g) => g.key)).toEqual([{ id: 3 }]);
    expect(byName(merged, 'per_kind').failing_groups.map((g) => [g.key, g.value])).toEqual([[{ kind: 'c' }, 1]]);
    expect(byName(merged, 'kinds_exist').failing_groups.map((g) => g.key)).toEqual([{ kind: 'c' }]);
  });

  it('retries a statement that fails at execution batch by batch, then check by check: one bad check errors alone', async () => {
    const merged = await runOn('prod', () => true);
    // A kind that is no number fails the statement when it runs (its dry run passes).
    expect(checkQueries(merged, 'd.events').map((q) => [q.kind, q.status])).toEqual([['table', 'error']]);
    expect(merged.queries.filter((q) => q.purpose === 'isolate').map((q) => [q.kind, q.status])).toEqual([
      ['aggregate', 'error'],
      ['aggregate', 'ok'],
      ['aggregate', 'ok'],
      ['group_counts', 'ok'],
      ['relationships', 'ok'],
      // The failed batch, check by check: rows, amount_not_null, biggest, kind_as_number.
      ['aggregate', 'ok'],
      ['aggregate', 'ok'],
      ['aggregate', 'ok'],
      ['aggregate', 'error'],
    ]);
    expect(byName(merged, 'kind_as_number').status).toBe('error');
    expect(verdicts(merged)).toEqual(await aloneVerdicts(merged));
    const local = await runOn('local', () => true);
    // DuckDB says the same, but for the engine's own error message.
    const withoutError = (report: RunReport) => ({ ...verdicts(report), 'events.kind_as_number': byName(report, 'kind_as_number').status });
    expect(withoutError(merged)).toEqual(withoutError(local));
  });

  it('re-runs a statement that failed at execution batch by batch only within the budget: over it, its checks are errors (exit 2)', async () => {
    const unlimited = await runOn('prod', () => true);
    const isolated = unlimited.queries.filter((q) => q.purpose === 'isolate');
    const apart = await batchBytes(() => true);
    expect(apart).toBeGreaterThan(checkQueries(unlimited, 'd.events')[0]!.bytes_estimated!);

    const over = await runOn('prod', () => true, apart - 1);
    expect(over.queries.filter((q) => q.purpose === 'isolate')).toEqual([]);
    expect(new Set(over.checks.map((c) => c.status))).toEqual(new Set(['error']));
    expect(over.exit_code).toBe(2);
    // Within the budget the batches run, then the failed batch check by check, as without one.
    const within = await runOn('prod', () => true, apart);
    const statuses = (report: RunReport) => report.checks.map((c) => [c.name, c.status, c.metric.value]);
    expect(within.queries.filter((q) => q.purpose === 'isolate').map((q) => [q.kind, q.status])).toEqual(isolated.map((q) => [q.kind, q.status]));
    expect(statuses(within)).toEqual(statuses(unlimited));
  });

  it('a broken check takes apart only its own batch: the checks of the batches that pass are never dry-run alone', async () => {
    const file = path.join(project.dir, 'checks/broken.yaml');
    writeFileSync(
      file,
      `table: d.events
checks:
  - { name: top, metric: { expression: max(big), max: 10 } }
  - { name: low, metric: { expression: min(id), min: 0 } }
  - { name: broken, metric: { expression: max(nope), max: 1 }, where: "kind = 'a'" }
  - { name: kinds, rows_per_group: { by: kind, min: 1 } }
`,
    );
    try {
      project.server.reset();
      const report = await runOn('prod', (c) => c.file.endsWith('broken.yaml'));
      expect(Object.fromEntries(report.checks.map((c) => [c.name, c.status]))).toEqual({ top: 'fail', low: 'pass', broken: 'error', kinds: 'pass' });
      const dryRuns = project.server
        .requestsOf('jobs.insert')
        .map((r) => (r.body as { configuration: { dryRun?: boolean; query: { query: string } } }).configuration)
        .filter((c) => c.dryRun)
        .map((c) => c.query.query);
      expect(dryRuns.some((sql) => sql.includes('max(nope)'))).toBe(true);
      // top and low share a batch that passes: neither is ever dry-run without the other.
      expect(dryRuns.filter((sql) => sql.includes('max(big)') !== sql.includes('min(id)'))).toEqual([]);
    } finally {
      rmSync(file);
    }
  });

  it('sends the batches apart when the warehouse refuses the merged statement itself (its dry run too)', async () => {
    const expected = verdicts(await runOn('prod', (c) => c.name !== 'kind_as_number'));
    project.server.reset();
    // As BigQuery refuses a statement over its length limit: whatever its checks.
    const refuse = project.server.faults.fail({
      status: 400,
      reason: 'invalidQuery',
      message: 'The query is too large.',
      times: Infinity,
      match: (request) => JSON.stringify(request.body ?? null).includes('dq_part'),
    });
    try {
      const report = await runOn('prod', (c) => c.name !== 'kind_as_number');
      expect(refuse.hits).toBeGreaterThan(0);
      expect(verdicts(report)).toEqual(expected);
      expect(report.exit_code).toBe(1);
      // Only its dry run was sent: the run sends the batches, each dry-run first, and nothing to isolate.
      const sent = project.server.requestsOf('jobs.insert').map((r) => (r.body as { configuration: { dryRun?: boolean; query: { query: string } } }).configuration);
      expect(sent.filter((c) => !c.dryRun && c.query.query.includes('dq_part'))).toEqual([]);
      expect(report.queries.filter((q) => q.purpose === 'isolate')).toEqual([]);
      // `dq run --dry-run` lists the batches, each a query of its own.
      const loaded = await loadProject({ cwd: project.dir });
      const checks = loaded.checks.filter((c) => c.name !== 'kind_as_number');
      const estimate = await estimateRun({ project: loaded, checks, asOf, target: 'prod', openEngine: serverEngines(project.server) });
      expect(estimate.failed).toEqual([]);
      expect(estimate.queries.map((q) => [q.query.id, q.query.kind])).toEqual([
        ['q1', 'aggregate'],
        ['q2', 'aggregate'],
        ['q3', 'aggregate'],
        ['q4', 'group_counts'],
        ['q5', 'relationships'],
      ]);
      // Priced by the dry runs of the batches it is sent as.
      expect(checkQueries(report, 'd.events').map((q) => [q.kind, q.status, q.bytes_estimated !== undefined])).toEqual([
        ['aggregate', 'ok', true],
        ['aggregate', 'ok', true],
        ['aggregate', 'ok', true],
        ['group_counts', 'ok', true],
        ['relationships', 'ok', true],
      ]);
    } finally {
      refuse.remove();
    }
  });

  it('sends the batches apart when the statement bills more than the job may (maximum_bytes_billed)', async () => {
    const expected = verdicts(await runOn('prod', (c) => c.name !== 'kind_as_number'));
    const limit = project.server.faults.failJobs({
      reason: 'bytesBilledLimitExceeded',
      message: 'Query exceeded limit for bytes billed: 20000000. 31457280 or higher required.',
      match: (sql) => sql.includes('dq_part'),
    });
    try {
      const report = await runOn('prod', (c) => c.name !== 'kind_as_number');
      expect(limit.hits).toBe(1);
      expect(verdicts(report)).toEqual(expected);
      expect(checkQueries(report, 'd.events').map((q) => [q.kind, q.status])).toEqual([['table', 'error']]);
      expect(report.queries.filter((q) => q.purpose === 'isolate').map((q) => [q.kind, q.status])).toEqual([
        ['aggregate', 'ok'],
        ['aggregate', 'ok'],
        ['aggregate', 'ok'],
        ['group_counts', 'ok'],
        ['relationships', 'ok'],
      ]);
    } finally {
      limit.remove();
    }
  });

  it('over maximum_bytes_billed, sends the batches only when they fit the budget: over it, its checks are errors (exit 2)', async () => {
    const notKind = (c: CheckSpec) => c.name !== 'kind_as_number';
    /** A run whose merged statement fails over the job's limit (a failed job bills nothing). */
    const overLimit = async (budget?: number) => {
      project.server.reset();
      const limit = project.server.faults.failJobs({ reason: 'bytesBilledLimitExceeded', message: 'over the limit', match: (sql) => sql.includes('dq_part') });
      try {
        return await runOn('prod', notKind, budget);
      } finally {
        limit.remove();
      }
    };
    const unlimited = await overLimit();
    const merged = checkQueries(unlimited, 'd.events')[0]!.bytes_estimated!;
    // What the batches read apart: each column again in every batch naming it.
    const apart = await batchBytes(notKind);
    expect(apart).toBeGreaterThan(merged);

    // Priced at the one statement, the run is under the budget; its batches are not.
    const over = await overLimit(apart - 1);
    expect(over.queries.filter((q) => q.purpose === 'isolate' && q.status === 'ok')).toEqual([]);
    expect(new Set(over.checks.map((c) => c.status))).toEqual(new Set(['error']));
    expect(over.exit_code).toBe(2);
    // The batches fit (no room left for drill-downs): they run and answer.
    const within = await overLimit(apart);
    const statuses = (report: RunReport) => report.checks.map((c) => [c.name, c.status, c.metric.value]);
    expect(within.queries.filter((q) => q.purpose === 'isolate').map((q) => q.status)).toEqual(Array(5).fill('ok'));
    expect(statuses(within)).toEqual(statuses(unlimited));
    expect(within.exit_code).toBe(1);
  });
});

/** What the batches of d.events's statement read apart, by the server's dry runs of each. */
async function batchBytes(pick: (c: CheckSpec) => boolean): Promise<number> {
  const loaded = await loadProject({ cwd: project.dir });
  const plan = compile(loaded.checks.filter(pick), { dialect: bigquery, asOf, vars: {}, defaultProject: 'test-project', timeZone: 'UTC' });
  const statement = plan.queries.find((q) => q.table === 'd.events')!;
  const engine = createBigQueryEngine({ project: 'test-project', location: 'US', client: testClient(project.server.url), sleep: async () => {} });
  try {
    let bytes = 0;
    for (const part of statement.parts!) bytes += (await engine.dryRun!({ id: part.id, sql: part.sql, params: part.params })).bytesProcessed!;
    return bytes;
  } finally {
    await engine.close();
  }
}

/** The verdicts of each check of `report` run alone on BigQuery (a statement of its own). */
async function aloneVerdicts(report: RunReport): Promise<Record<string, unknown>> {
  const alone: Record<string, unknown> = {};
  for (const check of report.checks) Object.assign(alone, verdicts(await runOn('prod', (c) => c.id === check.id)));
  return alone;
}
