// Statements in a process of their own, read as dq's DuckDB engine reads them (read-only, every
// row into JS objects): prints one JSON line with each statement's ms and rows, DuckDB's own
// peak memory by tag while they ran (duckdb_memory(), polled from a second connection every
// 20 ms: HASH_TABLE for groupings, COLUMN_DATA for materialised CTEs, ...) and the process's
// peak RSS. DuckDB options as an optional third argument. Used to find which of dq's statements
// costs what against the hand-written one (bench/README.md, "Where the gaps ... come from").
//   node bench/statement-cost.mjs <warehouse.duckdb> <statements.json> ['{"threads":"1"}']
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [warehouse, statementsFile, optionsJson = '{}'] = process.argv.slice(2);
const statements = JSON.parse(readFileSync(statementsFile, 'utf8'));
const instance = await DuckDBInstance.create(warehouse, { ...JSON.parse(optionsJson), access_mode: 'READ_ONLY' });
const connection = await instance.connect();
const poller = await instance.connect();
const peakMb = {};
let running = true;
const polling = (async () => {
  while (running) {
    const rows = (await poller.runAndReadAll('SELECT tag, memory_usage_bytes FROM duckdb_memory()')).getRows();
    let total = 0;
    for (const [tag, bytes] of rows) {
      const mb = Number(bytes) / 2 ** 20;
      total += mb;
      peakMb[tag] = Math.max(peakMb[tag] ?? 0, mb);
    }
    peakMb.total = Math.max(peakMb.total ?? 0, total);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
})();
const timings = [];
for (const sql of statements) {
  const start = performance.now();
  const rows = (await connection.runAndReadAll(sql)).getRowObjects();
  timings.push({ ms: Math.round(performance.now() - start), rows: rows.length });
}
running = false;
await polling;
poller.closeSync();
connection.closeSync();
instance.closeSync();
const duckdbPeakMb = Object.fromEntries(Object.entries(peakMb).filter(([, mb]) => mb >= 1).map(([tag, mb]) => [tag, Math.round(mb)]));
console.log(JSON.stringify({ timings, duckdbPeakMb, maxRssKb: process.resourceUsage().maxRSS }));
