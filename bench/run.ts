// The benchmark: dq against a hand-written single statement and a per-check baseline on the
// generated events table (bench/generate.ts, bench/suites.ts). For every (rows, suite) cell it
// first checks that the three give the same value for every check (and stops loudly when not),
// then times whole processes in paired, alternating rounds, and writes medians, ratios, peak RSS
// and queries sent to bench/results.md, with dq's compile time for 2,000 checks and the bytes
// BigQuery would bill (bench/bigquery-bytes.ts). No asserts on time: the ratios are the result.
//   npm run build && npm run bench [-- --rows 1000000,10000000] [--large] [--runs 3] [--budget 15] [--suites 16,50,200]
//   npm run bench -- --rows 100000 --runs 1          (a quick look while developing)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { disagreements, dqValues, handValues, perCheckValues } from './agree.js';
import { AS_OF, BENCH_DIR, ensureEventsWarehouse } from './generate.js';
import { handSql, perCheckSql, PROJECT_DIR, suiteChecks, suiteYaml } from './suites.js';
import { renderResults, type Cell, type Sample } from './results.js';

const ROOT = path.join(BENCH_DIR, '..');
const DQ = path.join(ROOT, 'dist', 'cli', 'dq.js');
const BASELINE = path.join(BENCH_DIR, 'baseline.mjs');
const TIME = '/usr/bin/time';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}
const list = (text: string) => text.split(',').map(Number);
const large = process.argv.includes('--large');
const rowsList = [...list(option('--rows', '1000000,10000000')), ...(large ? [50_000_000] : [])];
const suites = list(option('--suites', '16,50,200'));
const runs = Number(option('--runs', '3'));
// Minutes the whole bench may take: fewer timed rounds (never under one) when the agreement runs
// say `--runs` rounds would not fit. 1M + 10M rows × 3 suites at 3 rounds exceed it on 2 cores.
const budgetMin = Number(option('--budget', '15'));
const out = option('--out', path.join(BENCH_DIR, 'results.md'));
// Every suite at every size, except 50M rows (--large): the 200-check suite only, as in the issue.
const cells = rowsList.flatMap((rows) => suites.filter((size) => rows < 50_000_000 || size === 200).map((size) => ({ rows, size })));

if (!existsSync(DQ)) {
  console.error('dist/ is missing: npm run build first (the benchmark times the built dq, as users run it)');
  process.exit(2);
}
const work = mkdtempSync(path.join(os.tmpdir(), 'dqgate-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

interface Timed {
  wallMs: number;
  rssKb: number | null;
  stdout: string;
}

/** Runs node with `args`, its peak RSS measured by /usr/bin/time when there is one. */
function timed(args: string[], env: NodeJS.ProcessEnv, okStatus: number[]): Timed {
  const rssFile = path.join(work, 'rss');
  rmSync(rssFile, { force: true });
  const withTime = existsSync(TIME);
  const [command, argv] = withTime ? [TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...args]] : [process.execPath, args];
  const start = process.hrtime.bigint();
  const result = spawnSync(command, argv, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status === null || !okStatus.includes(result.status)) {
    throw new Error(`${args.slice(0, 3).join(' ')} … exited ${result.status ?? result.signal}:\n${result.stderr}`);
  }
  const rss = withTime ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) : NaN;
  return { wallMs, rssKb: Number.isFinite(rss) ? rss : null, stdout: result.stdout };
}

interface Variant {
  name: 'dq' | 'hand' | 'per-check';
  run(): Sample;
}

function variants(warehouse: string, size: number): { list: Variant[]; values: () => Record<string, ReturnType<typeof dqValues>> } {
  const checks = suiteChecks(size);
  const handFile = path.join(work, `hand-${size}.json`);
  const perCheckFile = path.join(work, `per-check-${size}.json`);
  writeFileSync(handFile, JSON.stringify([handSql(size)]));
  writeFileSync(perCheckFile, JSON.stringify(perCheckSql(size).map((c) => c.sql)));
  let last: Record<string, ReturnType<typeof dqValues>> = {};
  let round = 0;
  const baseline = (name: 'hand' | 'per-check', file: string): Variant => ({
    name,
    run: () => {
      const t = timed([BASELINE, warehouse, file], {}, [0]);
      const answer = JSON.parse(t.stdout) as { rows: Record<string, unknown>[]; queries: number; ms: number; maxRssKb: number };
      last[name] = name === 'hand' ? handValues(answer.rows[0]) : perCheckValues(checks, answer.rows);
      return { wallMs: t.wallMs, rssKb: t.rssKb ?? answer.maxRssKb, queries: answer.queries, insideMs: answer.ms, phases: null };
    },
  });
  const dq: Variant = {
    name: 'dq',
    run: () => {
      const reports = path.join(work, `out-${size}-${round++}`);
      const args = [DQ, 'run', `s${size}`, '--config', path.join(PROJECT_DIR, 'checks.config.yaml'), '--as-of', AS_OF, '--out', reports, '--format', 'json', '--no-history', '--no-samples', '--quiet'];
      // --no-samples: the hand statement and the per-check SELECTs compute the checks' values only;
      // listing offending values of the failed checks is a query more (its time is in the samples phase when on).
      // Exit 1 is the gate closing on the failures the data holds (duplicated event ids); 2 or 3 is not a result.
      const t = timed(args, { DQ_BENCH_WAREHOUSE: warehouse }, [0, 1]);
      const report = JSON.parse(readFileSync(path.join(reports, 'report.json'), 'utf8'));
      rmSync(reports, { recursive: true, force: true });
      last.dq = dqValues(report);
      const phases = report.invocation.timings_ms as Record<string, number | null>;
      return { wallMs: t.wallMs, rssKb: t.rssKb, queries: report.queries.length, insideMs: null, phases };
    },
  };
  return { list: [dq, baseline('hand', handFile), baseline('per-check', perCheckFile)], values: () => last };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** `dq compile` of 2,000 checks (the suites' check cycle, extended) on the smallest warehouse. */
function compileTime(warehouse: string): { checks: number; ms: number; queries: number } {
  const dir = path.join(work, 'compile-2000');
  mkdirSync(path.join(dir, 'checks'), { recursive: true });
  writeFileSync(path.join(dir, 'checks.config.yaml'), readFileSync(path.join(PROJECT_DIR, 'checks.config.yaml')));
  writeFileSync(path.join(dir, 'checks', 'many.yaml'), suiteYaml(2000));
  const samples: number[] = [];
  let queries = 0;
  for (let i = 0; i < Math.max(3, runs); i++) {
    const t = timed([DQ, 'compile', '--config', path.join(dir, 'checks.config.yaml'), '--as-of', AS_OF], { DQ_BENCH_WAREHOUSE: warehouse }, [0]);
    queries = Number(/^-- (\d+) quer/m.exec(t.stdout)?.[1] ?? NaN);
    samples.push(t.wallMs);
  }
  return { checks: 2000, ms: median(samples), queries };
}

const started = new Date();
const loadBefore = os.loadavg()[0];
console.log(`cells: ${cells.map((c) => `${c.rows.toLocaleString('en-US')} rows × ${c.size}`).join(', ')}; up to ${runs} timed round(s) each, within --budget ${budgetMin} min`);

// 1. Data, and the three answers compared for every cell before anything is timed. That first
// run also warms the file cache and tells how long the timed rounds will take.
const prepared = [];
for (const cell of cells) {
  const genStart = performance.now();
  const warehouse = await ensureEventsWarehouse(cell.rows);
  const genMs = performance.now() - genStart;
  if (genMs > 1000) console.log(`  generated ${path.relative(ROOT, warehouse)} in ${(genMs / 1000).toFixed(0)} s`);
  const v = variants(warehouse, cell.size);
  const first = v.list.map((variant) => variant.run());
  const problems = disagreements(suiteChecks(cell.size), v.values());
  if (problems.length > 0) {
    console.error(`${cell.rows} rows × ${cell.size} checks: dq, hand and per-check disagree; no timing means anything until they agree:\n  ${problems.join('\n  ')}`);
    process.exit(2);
  }
  const roundMs = first.reduce((sum, s) => sum + s.wallMs, 0);
  console.log(`  ${cell.rows.toLocaleString('en-US')} rows × ${cell.size} checks: all ${cell.size} values agree; one round ${(roundMs / 1000).toFixed(1)} s`);
  prepared.push({ ...cell, warehouse, v, roundMs });
}
const roundS = prepared.reduce((sum, p) => sum + p.roundMs / 1000, 0);
const leftS = budgetMin * 60 - (Date.now() - started.getTime()) / 1000;
const rounds = Math.max(1, Math.min(runs, Math.floor(leftS / roundS)));
console.log(
  `timed rounds: ${rounds} of each cell, about ${Math.ceil((rounds * roundS) / 60)} min` +
    (rounds < runs ? ` (--runs ${runs} would take ${Math.ceil((runs * roundS) / 60)} min, over --budget ${budgetMin}: pass a larger --budget for more)` : ''),
);

// 2. Paired, alternating rounds: each round runs the three one after the other, the order
// reversed every other round, so drift in the machine's load hits them alike.
const results: Cell[] = [];
for (const p of prepared) {
  const samples: Record<string, Sample[]> = { dq: [], hand: [], 'per-check': [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? p.v.list : [...p.v.list].reverse();
    for (const variant of order) samples[variant.name].push(variant.run());
  }
  results.push({ rows: p.rows, checks: p.size, samples });
  const m = (name: string) => median(samples[name].map((s) => s.wallMs));
  console.log(`  ${p.rows.toLocaleString('en-US')} × ${p.size}: dq ${m('dq').toFixed(0)} ms, hand ${m('hand').toFixed(0)} ms, per-check ${m('per-check').toFixed(0)} ms → dq/hand ${(m('dq') / m('hand')).toFixed(2)}, dq/per-check ${(m('dq') / m('per-check')).toFixed(2)}`);
}

// 3. Compile-only time, and BigQuery bytes through the test server (its own process: tsx).
const compile = compileTime(await ensureEventsWarehouse(Math.min(...rowsList)));
console.log(`  dq compile, 2,000 checks: ${compile.ms.toFixed(0)} ms (${compile.queries} queries)`);
// bigquery-bytes exits 1 when the batched plan reads a column more than once: a finding for
// results.md (and this run's exit code), not a reason to lose the timings.
const bytes = spawnSync(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, 'bigquery-bytes.ts'), '--json'], { cwd: ROOT, encoding: 'utf8' });
if (bytes.status !== 0 && bytes.status !== 1) {
  console.error(`bench/bigquery-bytes.ts exited ${bytes.status ?? bytes.signal}:\n${bytes.stdout}${bytes.stderr}`);
  process.exit(2);
}
process.stderr.write(bytes.stderr);
if (bytes.status === 1) process.exitCode = 1;
const bigQuery = JSON.parse(bytes.stdout.trim().split('\n').at(-1)!);

const command = `npm run bench --${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
writeFileSync(out, renderResults({ started, command, runs: rounds, loadBefore, loadAfter: os.loadavg()[0], cells: results, compile, bigQuery }));
console.log(`written ${path.relative(process.cwd(), out)}`);
