// `dq run --dry-run` / `dq validate --dry-run` on `window: { last: N }`: a partition query its dry
// run refuses makes its checks "would not run", as the run makes them errors (run/windows.ts);
// never a clean estimate.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/load.js';
import type { Engine } from '../../src/engines/engine.js';
import type { EngineFactory } from '../../src/engines/open.js';
import { selectChecks } from '../../src/plan/select.js';
import { WINDOW_QUERY_KIND } from '../../src/plan/windows.js';
import { estimateRun, run } from '../../src/run/run.js';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';
import type { BigQueryTestServer } from '../support/bigquery-server/index.js';
import { serverEngines, serverWithDailyPartitions, tempDir, type TempDir } from '../bigquery/support.js';

const AS_OF = '2026-01-10';

describe.skipIf(skipWithoutAnalyzer('the window estimate on the BigQuery test server'))('estimate with window: { last: N }', () => {
  let server: BigQueryTestServer;
  let temp: TempDir;
  beforeAll(async () => {
    server = await serverWithDailyPartitions(AS_OF);
    temp = tempDir();
    const files = {
      'checks.config.yaml': `version: 1
target: prod
targets:
  prod: { engine: bigquery, project: test-project, location: US }
timezone: UTC
`,
      'checks/daily.yaml': `table: shop.daily
partition: day
checks:
  - { name: recent_amount, not_null: { column: amount }, window: { last: 3 } }
  - { name: ids, unique: [id] }
`,
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(temp.dir, file)), { recursive: true });
      writeFileSync(path.join(temp.dir, file), text);
    }
  });
  afterAll(async () => {
    await server?.close();
    temp?.cleanup();
  });

  it('a partition query refused by its dry run fails its checks in the estimate, as in the run', async () => {
    const partitionSql = new Set<string>();
    // The server's engine, with every partition listing refused by its dry run.
    const refusing: EngineFactory = async (target, context) => {
      const real = await serverEngines(server)(target, context);
      const engine: Engine = {
        name: real.name,
        execute: (request) => real.execute(request),
        dryRun: async (request) => {
          if (partitionSql.has(request.sql)) throw new Error('partition listing refused');
          return real.dryRun!(request);
        },
        describeTable: real.describeTable!.bind(real),
        close: () => real.close(),
      };
      return engine;
    };
    const project = await loadProject({ cwd: temp.dir });
    const { checks } = selectChecks(project, {});
    // What the partition listing sends, from a run that is not refused.
    const plain = await run({ project, checks, asOf: AS_OF, openEngine: serverEngines(server), drillDown: false, samples: false });
    for (const q of plain.queries) if (q.kind === WINDOW_QUERY_KIND) partitionSql.add(q.sql);
    expect(partitionSql.size).toBe(1);

    const refused = await run({ project, checks, asOf: AS_OF, openEngine: refusing, drillDown: false, samples: false });
    expect(refused.checks.map((c) => [c.name, c.status])).toEqual([
      ['recent_amount', 'error'],
      ['ids', 'pass'],
    ]);
    const estimate = await estimateRun({ project, checks, asOf: AS_OF, openEngine: refusing });
    expect(estimate.failed.map((f) => [f.check.name, f.error.message])).toEqual([['recent_amount', 'partition listing refused']]);
  });
});
