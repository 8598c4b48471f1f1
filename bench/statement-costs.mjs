// Statement lists side by side: each variant runs in a fresh process (bench/statement-cost.mjs),
// in rounds that alternate their order, and the medians are printed: ms, CPU ms (user + system,
// steadier than ms on a shared machine), peak RSS and DuckDB's own peak memory by tag.
//   node bench/statement-costs.mjs <warehouse.duckdb> <rounds> name=<file> [name=<file> ...]
// A file is a JSON array of SQL texts, a .sql file (one statement, e.g. bench/project/hand/s16.sql)
// or `dq compile` output (.sql starting with "-- N queries"): all its queries, or `file.sql#2`
// for its second query only. `name=<file>::{"preserve_insertion_order":"false"}` opens DuckDB with
// those options.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [warehouse, rounds, ...specs] = process.argv.slice(2);
const here = path.dirname(new URL(import.meta.url).pathname);
const work = mkdtempSync(path.join(os.tmpdir(), 'dqgate-statements-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

function statements(spec) {
  const [file, query] = spec.split('#');
  if (file.endsWith('.json')) return JSON.parse(readFileSync(file, 'utf8'));
  const text = readFileSync(file, 'utf8');
  if (!/^-- \d+ quer/.test(text)) return [text];
  const all = text.split(/\n(?=-- q\d+ )/).slice(1).map((part) => part.replace(/^-- q.*\n/, '').trim().replace(/;$/, ''));
  return query === undefined ? all : [all[Number(query) - 1]];
}

const variants = specs.map((spec, i) => {
  const [name, rest] = spec.split(/=(.*)/s);
  const [source, options = '{}'] = rest.split('::');
  const file = path.join(work, `v${i}.json`);
  writeFileSync(file, JSON.stringify(statements(source)));
  return { name, file, options, samples: [] };
});
for (let round = 0; round < Number(rounds); round++) {
  const order = round % 2 ? [...variants].reverse() : variants;
  for (const v of order) {
    const timeFile = path.join(work, 'time');
    const run = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, process.execPath, path.join(here, 'statement-cost.mjs'), warehouse, v.file, v.options], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${v.name}: ${run.stderr}`);
    const [user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
    v.samples.push({ ...JSON.parse(run.stdout.trim().split('\n').at(-1)), cpuMs: Math.round((user + system) * 1000) });
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const v of variants) {
  const ms = median(v.samples.map((s) => s.timings.reduce((sum, t) => sum + t.ms, 0)));
  const tags = Object.keys(v.samples[0].duckdbPeakMb);
  const duck = tags.map((tag) => `${tag} ${median(v.samples.map((s) => s.duckdbPeakMb[tag] ?? 0))}`).join(', ');
  console.log(
    `${v.name}: ${ms} ms, CPU ${median(v.samples.map((s) => s.cpuMs))} ms, peak RSS ${Math.round(median(v.samples.map((s) => s.maxRssKb)) / 1024)} MB; ` +
      `DuckDB peak MB: ${duck}; rows ${v.samples[0].timings.map((t) => t.rows).join('/')}`,
  );
}
