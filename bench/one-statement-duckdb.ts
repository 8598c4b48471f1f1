// Whether DuckDB should send a table's batches as one statement, as BigQuery does (plan/merge.ts;
// Dialect.capabilities.oneStatementPerTable): the suites' plans with a statement per batch and
// merged, executed one statement at a time on the generated events table, alternating, medians.
//   npx tsx bench/one-statement-duckdb.ts [rows, default 1000000] [rounds, default 5]
import { loadProject } from '../src/config/load.js';
import { duckdb } from '../src/dialects/duckdb.js';
import { createDuckDbEngine } from '../src/engines/duckdb.js';
import { compile } from '../src/plan/compile.js';
import { selectChecks } from '../src/plan/select.js';
import { AS_OF, ensureEventsWarehouse } from './generate.js';
import { PROJECT_DIR, SUITE_SIZES } from './suites.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 5);
const file = await ensureEventsWarehouse(rows);
process.env.DQ_BENCH_WAREHOUSE = file;
const project = await loadProject({ cwd: PROJECT_DIR });
const engine = await createDuckDbEngine({ path: file });
const merged = { ...duckdb, capabilities: { ...duckdb.capabilities, oneStatementPerTable: true } };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  for (const size of SUITE_SIZES) {
    const { checks } = selectChecks(project, { select: [`file:s${size}`] });
    const plans = {
      separate: compile(checks, { dialect: duckdb, asOf: AS_OF, vars: {} }).queries,
      merged: compile(checks, { dialect: merged, asOf: AS_OF, vars: {} }).queries,
    };
    const ms = { separate: [] as number[], merged: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      for (const name of round % 2 ? (['merged', 'separate'] as const) : (['separate', 'merged'] as const)) {
        const start = performance.now();
        for (const q of plans[name]) await engine.execute({ id: q.id, sql: q.sql, params: q.params });
        ms[name].push(performance.now() - start);
      }
    }
    const [a, b] = [median(ms.separate), median(ms.merged)];
    console.log(`s${size} on ${rows.toLocaleString('en-US')} rows: a statement per batch ${plans.separate.length} queries ${a.toFixed(0)} ms, merged ${plans.merged.length} queries ${b.toFixed(0)} ms: merged / separate ${(b / a).toFixed(2)}×`);
  }
} finally {
  await engine.close();
}
