// dq's fixed cost per run, side by side: two builds of dq (an earlier one, e.g. main's dist/, and
// this tree's) against the hand-written statement and the per-check baseline on one cached bench
// warehouse, in interleaved rounds (the order rotates every round), medians. Also prints the
// medians of dq's own phases (report.json invocation.timings_ms) and what is left outside them:
// Node start-up, module loading, opening the warehouse, closing and exiting.
//   npm run build && npx tsx bench/fixed-cost.ts --before /path/to/other/checkout [--rows 1000000] [--suite 16] [--runs 9]
//     [--warehouse bench/.data/events-1000000-s1.duckdb]
// The other checkout needs dist/ built and node_modules; the warehouse is the cached one of
// --rows (generated if missing, bench/generate.ts) unless --warehouse names a file. A measurement, not a test: nothing is asserted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AS_OF, BENCH_DIR, ensureEventsWarehouse } from './generate.js';
import { handSql, perCheckSql, PROJECT_DIR } from './suites.js';

function option(name: string, fallback?: string): string {
  const at = process.argv.indexOf(name);
  const value = at > 0 ? process.argv[at + 1] : fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
}

const before = path.resolve(option('--before'));
const rows = Number(option('--rows', '1000000'));
const size = Number(option('--suite', '16'));
const runs = Number(option('--runs', '9'));
const root = path.join(BENCH_DIR, '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'dqgate-fixed-cost-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const given = process.argv.includes('--warehouse') ? path.resolve(option('--warehouse')) : undefined;
const warehouse = given ?? (await ensureEventsWarehouse(rows));
const handFile = path.join(work, 'hand.json');
const perCheckFile = path.join(work, 'per-check.json');
writeFileSync(handFile, JSON.stringify([handSql(size)]));
writeFileSync(perCheckFile, JSON.stringify(perCheckSql(size).map((c) => c.sql)));

interface Sample {
  wallMs: number;
  /** User + system CPU time of the process (all its threads), by /usr/bin/time: work, less noisy than wall time under load. */
  cpuMs: number;
  phases?: Record<string, number | null>;
}

let outs = 0;
function dq(dir: string): () => Sample {
  return () => {
    const out = path.join(work, `out-${outs++}`);
    const args = [path.join(dir, 'dist', 'cli', 'dq.js'), 'run', `s${size}`, '--config', path.join(PROJECT_DIR, 'checks.config.yaml')];
    const result = time(args.concat(['--as-of', AS_OF, '--out', out, '--format', 'json', '--no-history', '--no-samples', '--quiet']), [0, 1]);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { invocation: { timings_ms: Record<string, number | null> } };
    return { ...result, phases: report.invocation.timings_ms };
  };
}
const baseline = (file: string) => (): Sample => time([path.join(BENCH_DIR, 'baseline.mjs'), warehouse, file], [0]);

function time(args: string[], ok: number[]): Sample {
  const cpuFile = path.join(work, 'cpu');
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, process.execPath, ...args], {
    cwd: root,
    env: { ...process.env, DQ_BENCH_WAREHOUSE: warehouse },
    encoding: 'utf8',
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status === null || !ok.includes(result.status)) throw new Error(`${args[0]} exited ${result.status ?? result.signal}: ${result.stderr}`);
  const [user, system] = readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wallMs, cpuMs: (user! + system!) * 1000 };
}

const variants: [string, () => Sample][] = [
  ['dq before', dq(before)],
  ['dq after', dq(root)],
  ['hand', baseline(handFile)],
  ['per-check', baseline(perCheckFile)],
];
const samples = new Map<string, Sample[]>(variants.map(([name]) => [name, []]));
for (let round = 0; round < runs; round++) {
  for (let i = 0; i < variants.length; i++) {
    const [name, run] = variants[(i + round) % variants.length]!;
    samples.get(name)!.push(run());
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (x: number) => `${Math.round(x)}`.padStart(6);
const perCheck = median(samples.get('per-check')!.map((s) => s.wallMs));
const hand = median(samples.get('hand')!.map((s) => s.wallMs));
console.log(`${rows} rows x ${size} checks, medians of ${runs} interleaved rounds (load average ${os.loadavg()[0]!.toFixed(1)}):`);
console.log(`  ${'variant'.padEnd(10)} ${'wall'.padStart(6)} ${'/hand'.padStart(6)} ${'/per-check'.padStart(10)} ${'cpu'.padStart(6)}   phases (load, dry_run, execute, report; outside = wall - phases)`);
for (const [name] of variants) {
  const list = samples.get(name)!;
  const wall = median(list.map((s) => s.wallMs));
  let phases = '';
  if (list[0]!.phases) {
    const phase = (key: string) => median(list.map((s) => s.phases![key] ?? 0));
    const inside = median(list.map((s) => Object.values(s.phases!).reduce<number>((a, b) => a + (b ?? 0), 0)));
    const outside = median(list.map((s) => s.wallMs - Object.values(s.phases!).reduce<number>((a, b) => a + (b ?? 0), 0)));
    phases = `   ${['load', 'dry_run', 'execute', 'report'].map((k) => `${k} ${Math.round(phase(k))}`).join(', ')}; inside ${Math.round(inside)}, outside ${Math.round(outside)}`;
  }
  const cpu = median(list.map((s) => s.cpuMs));
  console.log(`  ${name.padEnd(10)} ${ms(wall)} ${(wall / hand).toFixed(2).padStart(6)} ${(wall / perCheck).toFixed(2).padStart(10)} ${ms(cpu)}${phases}`);
}
