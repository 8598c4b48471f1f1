// Batched plan (one scan per table) against one query per check, side by side on the demo
// warehouse, same engine, same run. Prints medians and the ratio; no thresholds, no asserts.
//   npm run bench
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProject } from '../src/config/load.js';
import { buildDemoWarehouse } from '../src/demo/warehouse.js';
import { createDuckDbEngine } from '../src/engines/duckdb.js';
import type { Engine } from '../src/engines/engine.js';
import { compile, type PlannedQuery } from '../src/plan/compile.js';
import { selectChecks } from '../src/plan/select.js';
import { prepareRun } from '../src/run/run.js';

const ROUNDS = 5;
const file = path.join(mkdtempSync(path.join(tmpdir(), 'dqgate-bench-')), 'demo.duckdb');
await buildDemoWarehouse({ path: file, scenario: 'healthy' });

const project = await loadProject({ configPath: 'checks.config.yaml' });
const { checks } = selectChecks(project, { suite: 'audit' });
const options = prepareRun({ project, asOf: '2026-01-04' }).compileOptions;
const batched = compile(checks, options).queries;
const single = checks.flatMap((check, i) => compile([check], { ...options, firstQueryNumber: i + 1 }).queries);

async function time(engine: Engine, queries: PlannedQuery[]): Promise<number> {
  const start = performance.now();
  for (const q of queries) await engine.execute({ id: q.id, sql: q.sql, params: q.params });
  return performance.now() - start;
}

const engine = await createDuckDbEngine({ path: file });
await time(engine, batched); // warm-up: file pages in memory for both plans
const samples = { batched: [] as number[], single: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  // Alternate the order so drift on a shared machine hits both plans alike.
  const order = round % 2 === 0 ? (['batched', 'single'] as const) : (['single', 'batched'] as const);
  for (const plan of order) samples[plan].push(await time(engine, plan === 'batched' ? batched : single));
}
await engine.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const b = median(samples.batched);
const s = median(samples.single);
console.log(`audit suite: ${checks.length} checks on the demo warehouse (healthy), DuckDB, median of ${ROUNDS} rounds`);
console.log(`  batched plan      ${String(batched.length).padStart(3)} queries  ${b.toFixed(0).padStart(6)} ms`);
console.log(`  one per check     ${String(single.length).padStart(3)} queries  ${s.toFixed(0).padStart(6)} ms`);
console.log(`  ratio (one per check / batched): ${(s / b).toFixed(2)}x time, ${(single.length / batched.length).toFixed(2)}x queries`);
