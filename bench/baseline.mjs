// One baseline run in a process of its own (plain Node, no tsx): opens the warehouse read-only
// with @duckdb/node-api, sends the statements one after the other and prints one JSON line with
// each statement's first row, the queries sent and the process's peak RSS.
//   node bench/baseline.mjs <warehouse.duckdb> <statements.json>   (a JSON array of SQL texts)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// require(), not import: from an ES module Node 20 sends each of the package's ~180 CommonJS files
// through the ES loader (~120 ms CPU); dq loads it this way too (src/engines/duckdb-api.ts).
const { DuckDBInstance } = createRequire(import.meta.url)('@duckdb/node-api');

const [warehouse, statementsFile] = process.argv.slice(2);
const statements = JSON.parse(readFileSync(statementsFile, 'utf8'));
const start = performance.now();
const instance = await DuckDBInstance.create(warehouse, { access_mode: 'READ_ONLY' });
const connection = await instance.connect();
const rows = [];
for (const sql of statements) {
  const reader = await connection.runAndReadAll(sql);
  const [row] = reader.getRowObjectsJson();
  if (row === undefined) throw new Error(`no row from: ${sql.slice(0, 200)}`);
  rows.push(row);
}
connection.closeSync();
instance.closeSync();
const ms = performance.now() - start;
console.log(JSON.stringify({ rows, queries: statements.length, ms, maxRssKb: process.resourceUsage().maxRSS }));
