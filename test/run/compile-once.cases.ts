// A run compiles each check once: the type check against the tables' metadata, the dry runs
// (priced on the assumed window before the window partitions are read, and again after) and the
// execution share the same statements (run/plans.ts). (Run by test/wrapped-modules.test.ts, which wraps compile().)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadProject } from '../../src/config/load.js';
import * as compileModule from '../../src/plan/compile.js';
import { selectChecks } from '../../src/plan/select.js';
import { run } from '../../src/run/run.js';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';
import type { BigQueryTestServer } from '../support/bigquery-server/index.js';
import { serverEngines, serverWithDailyPartitions, tempDir, type TempDir } from '../bigquery/support.js';
import { makeProject } from '../e2e/fixture.js';
import { runProject } from '../e2e/run-project.js';

const AS_OF = '2026-01-10';

describe.skipIf(skipWithoutAnalyzer('the compile-once run on the BigQuery test server'))('one compile per check per run', () => {
  let server: BigQueryTestServer;
  let temp: TempDir;
  beforeAll(async () => {
    // A partition every day up to --as-of, 5 rows each: the 3 newest partitions are the 3 days
    // the budget priced.
    server = await serverWithDailyPartitions(AS_OF);
    temp = tempDir();
  });
  afterAll(async () => {
    await server?.close();
    temp?.cleanup();
  });

  it('a run with a budget and window: { last: N } partitions compiles every check exactly once', async () => {
    const files = {
      'checks.config.yaml': `version: 1
target: prod
targets:
  prod: { engine: bigquery, project: test-project, location: US, budget: 100000000 }
timezone: UTC
`,
      'checks/daily.yaml': `table: shop.daily
partition: day
checks:
  - { name: recent_rows, row_count: { min: 15, max: 15 }, window: { last: 3 } }
  - { name: recent_amount, not_null: { column: amount }, window: { last: 3 } }
  - { name: ids, unique: [id] }
  - { name: per_day, rows_per_group: { by: day, equals: 5 } }
  - { name: after_ids, row_count: { min: 1 }, depends_on: [daily.ids] }
`,
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(temp.dir, file)), { recursive: true });
      writeFileSync(path.join(temp.dir, file), text);
    }
    const project = await loadProject({ cwd: temp.dir });
    const { checks } = selectChecks(project, {});
    const compile = vi.mocked(compileModule.compile);
    compile.mockClear();
    const report = await run({ project, checks, asOf: AS_OF, openEngine: serverEngines(server), drillDown: false });

    // The run did everything once: read the window partitions, dry-ran under the budget, ran two stages.
    expect(report.summary).toMatchObject({ total: 5, pass: 5 });
    // One statement per table and stage on BigQuery (plan/merge.ts).
    expect(report.queries.map((q) => q.purpose)).toEqual(['partitions', 'check', 'check']);
    const dryRuns = server.requestsOf('jobs.insert').filter((r) => (r.body as { configuration: { dryRun?: boolean } }).configuration.dryRun === true);
    expect(dryRuns.length).toBeGreaterThan(0);

    const compiled = new Map<string, number>();
    for (const [batch] of compile.mock.calls) for (const check of batch) compiled.set(check.id, (compiled.get(check.id) ?? 0) + 1);
    expect(Object.fromEntries(compiled)).toEqual(Object.fromEntries(checks.map((c) => [c.id, 1])));
  });
});

describe('a batch re-run check by check (isolateFailures) on DuckDB', () => {
  it('reuses the plans the dry runs compiled: no set of checks is compiled twice in a run', async () => {
    // One aggregate batch: bad_fn fails its dry run (no such function), so the dry runs try each
    // check alone and keep amount_all and status_cast; their batch then fails when it runs (a
    // cast of 'new' to INTEGER), and each is run alone again, with the plans compiled for the dry runs.
    const dir = await makeProject({
      'checks/orders.yaml': `table: shop.orders
checks:
  - { name: bad_fn, condition: "no_such_fn(amount) > 0" }
  - { name: amount_all, not_null: amount }
  - { name: status_cast, condition: "CAST(status AS INTEGER) > 0" }
`,
    });
    const compile = vi.mocked(compileModule.compile);
    compile.mockClear();
    const report = await runProject(dir, { drillDown: false, samples: false });

    expect(report.checks.map((c) => [c.name, c.status])).toEqual([['bad_fn', 'error'], ['amount_all', 'fail'], ['status_cast', 'error']]);
    expect(report.queries.map((q) => [q.purpose, q.check_ids.length])).toEqual([['check', 2], ['isolate', 1], ['isolate', 1]]);
    const compiled = new Map<string, number>();
    for (const [batch] of compile.mock.calls) {
      const key = batch.map((c) => c.id).join(',');
      compiled.set(key, (compiled.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(compiled)).toEqual({
      'orders.bad_fn,orders.amount_all,orders.status_cast': 1,
      'orders.bad_fn': 1,
      'orders.amount_all': 1,
      'orders.status_cast': 1,
      'orders.amount_all,orders.status_cast': 1,
    });
  });
});
