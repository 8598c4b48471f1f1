// Bytes BigQuery would bill for each suite, through the local BigQuery test server's dry runs
// (test/support/bigquery-server: the GoogleSQL analyzer checks every statement; billing counts
// the columns each query reads): dq's batched plan against one query per check, on a small copy
// of the events table. Batching must read each referenced column once per table: the batched
// plan's bytes must equal those of reading every column it references once (plus what the
// suite's own `sql` queries read: they cannot be merged). That is a check of
// the plan, not a timing; a difference exits 1 (after printing the figures).
//   npx tsx bench/bigquery-bytes.ts [--rows 20000] [--json]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { loadProject } from '../src/config/load.js';
import { createBigQueryEngine } from '../src/engines/bigquery.js';
import type { Engine } from '../src/engines/engine.js';
import { selectChecks } from '../src/plan/select.js';
import { compileRun } from '../src/run/run.js';
import { startBigQueryServer } from '../test/support/bigquery-server/index.js';
import { testClient } from '../test/support/bigquery-server/client.js';
import { AS_OF, EVENTS_TABLE, eventsSql } from './generate.js';
import { SUITE_SIZES, suiteYaml } from './suites.js';

export interface SuiteBytes {
  suite: string;
  checks: number;
  batchedQueries: number;
  batchedBytes: number;
  perCheckQueries: number;
  perCheckBytes: number;
  /** Reading each column the batched plan's generated queries reference once, plus the sql checks' own queries. */
  onceBytes: number;
  columns: string[];
}

const COLUMNS = ['event_id', 'user_id', 'session_id', 'event_date', 'event_ts', 'event_type', 'country', 'device', 'amount', 'quantity', 'email', 'is_test'];

async function dryRunBytes(engine: Engine, queries: { id: string; sql: string; params: unknown[] }[]): Promise<number> {
  let total = 0;
  for (const q of queries) {
    const { bytesProcessed } = await engine.dryRun!({ id: q.id, sql: q.sql, params: q.params as never });
    if (bytesProcessed === undefined) throw new Error(`dry run of ${q.id} gave no bytes`);
    total += bytesProcessed;
  }
  return total;
}

/** A check file on bench.events to measure: its name (file:NAME) and YAML. */
export interface BytesSuite {
  name: string;
  yaml: string;
}

export const BENCH_SUITES: BytesSuite[] = SUITE_SIZES.map((size) => ({ name: `s${size}`, yaml: suiteYaml(size) }));

export async function measureBytes(rows: number, suites: BytesSuite[] = BENCH_SUITES): Promise<SuiteBytes[]> {
  const server = await startBigQueryServer();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dqgate-bench-bq-'));
  const engine = createBigQueryEngine({ project: 'test-project', location: 'US', client: testClient(server.url), sleep: async () => {} });
  try {
    await server.exec(eventsSql(rows, 1));
    mkdirSync(path.join(dir, 'checks'));
    writeFileSync(path.join(dir, 'checks.config.yaml'), 'version: 1\ntarget: prod\ntargets:\n  prod: { engine: bigquery, project: test-project, location: US }\ntimezone: UTC\n');
    for (const suite of suites) writeFileSync(path.join(dir, 'checks', `${suite.name}.yaml`), suite.yaml);
    const project = await loadProject({ cwd: dir });
    const columnBytes = new Map<string, number>();
    for (const c of COLUMNS) columnBytes.set(c, await dryRunBytes(engine, [{ id: c, sql: `SELECT ${c} FROM ${EVENTS_TABLE}`, params: [] }]));
    const results: SuiteBytes[] = [];
    for (const suite of suites) {
      const { checks } = selectChecks(project, { select: [`file:${suite.name}`] });
      const batched = compileRun({ project, checks, asOf: AS_OF }).queries;
      const single = checks.map((check) => compileRun({ project, checks: [check], asOf: AS_OF }).queries);
      // A user's own sql query cannot be merged with anything: it is billed as written in both
      // plans. The rest must read each column they name once (the table's column names are
      // distinct words, so a column is referenced when the SQL names it).
      const generated = batched.filter((q) => q.kind !== 'sql');
      const ownSql = batched.filter((q) => q.kind === 'sql');
      const columns = COLUMNS.filter((c) => generated.some((q) => new RegExp(`\\b${c}\\b`, 'i').test(q.sql)));
      results.push({
        suite: suite.name,
        checks: checks.length,
        batchedQueries: batched.length,
        batchedBytes: await dryRunBytes(engine, batched),
        perCheckQueries: single.flat().length,
        perCheckBytes: await dryRunBytes(engine, single.flat()),
        onceBytes: columns.reduce((sum, c) => sum + columnBytes.get(c)!, 0) + (await dryRunBytes(engine, ownSql)),
        columns,
      });
    }
    return results;
  } finally {
    await engine.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--rows');
  const rows = at > 0 ? Number(process.argv[at + 1]) : 20_000;
  const results = await measureBytes(rows);
  for (const r of results) {
    console.error(
      `${r.suite} on ${rows.toLocaleString('en-US')} rows: batched ${r.batchedBytes} bytes in ${r.batchedQueries} queries, ` +
        `per-check ${r.perCheckBytes} bytes in ${r.perCheckQueries} (${(r.perCheckBytes / r.batchedBytes).toFixed(1)}×), each column once ${r.onceBytes}`,
    );
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify({ rows, suites: results }));
  const over = results.filter((r) => r.batchedBytes !== r.onceBytes);
  if (over.length > 0) {
    console.error(`batched plan does not read each referenced column once per table: ${over.map((r) => `${r.suite} ${r.batchedBytes} ≠ ${r.onceBytes}`).join(', ')}`);
    process.exitCode = 1;
  }
}
