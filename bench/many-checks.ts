// run() on N checks in one check file (one batched scan), on a small DuckDB file: the time the
// post-processing of a large batch takes. Prints one JSON line; no thresholds, no asserts.
//   npx tsx bench/many-checks.ts 20000        (agg: row_count checks only, one aggregate query)
//   npx tsx bench/many-checks.ts 2000 mixed   (half row_count, half unique: also a set query)
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProject } from '../src/config/load.js';
import { run } from '../src/run/run.js';

const n = Number(process.argv[2] ?? 5000);
const kind = process.argv[3] ?? 'agg';
const dir = mkdtempSync(path.join(tmpdir(), 'dqgate-many-'));
const instance = await DuckDBInstance.create(path.join(dir, 'w.duckdb'));
const connection = await instance.connect();
await connection.run(`CREATE SCHEMA s; CREATE TABLE s.t AS SELECT i AS id, i % 7 AS a FROM range(1, 1001) r(i)`);
connection.closeSync();
instance.closeSync();
writeFileSync(path.join(dir, 'checks.config.yaml'), 'version: 1\ntarget: local\ntargets:\n  local:\n    engine: duckdb\n    path: w.duckdb\ntimezone: UTC\n');
mkdirSync(path.join(dir, 'checks'));
const checks = Array.from({ length: n }, (_, i) =>
  kind === 'mixed' && i % 2 === 1 ? `  - name: c${i}\n    unique: id\n` : `  - name: c${i}\n    row_count: { min: ${i % 3 === 0 ? 5000 : 1} }\n`,
);
writeFileSync(path.join(dir, 'checks', 't.yaml'), `table: s.t\nchecks:\n${checks.join('')}`);

let start = performance.now();
const project = await loadProject({ cwd: dir });
const loadMs = Math.round(performance.now() - start);
start = performance.now();
const report = await run({ project, checks: project.checks, asOf: '2026-01-10', drillDown: false });
const runMs = Math.round(performance.now() - start);
console.log(JSON.stringify({ checks: n, kind, loadMs, runMs, queries: report.queries.length, exit: report.exit_code, summary: report.summary }));
