// `dq compile` of N checks in one file (the bench suites' cycle of check shapes, bench/suites.ts),
// whole process, this checkout's build against another's, side by side: interleaved runs, the
// order reversed every other round, plus `node -e 0`. Prints medians of wall time and of CPU time
// (user + sys, from /usr/bin/time); no figure is asserted.
//   npx tsx bench/compile-compare.ts --base /other/checkout/dist [--checks 2000] [--runs 11]
// --base is another build's dist/ inside a checkout with its node_modules (e.g. main's).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suiteYaml } from './suites.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const flag = (name: string, fallback?: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const checks = Number(flag('--checks', '2000'));
const runs = Number(flag('--runs', '11'));
const base = flag('--base');
const variants: [string, string[]][] = [
  ['node -e 0', ['-e', '0']],
  ['this build', [path.join(here, '..', 'dist', 'cli', 'dq.js')]],
  ...(base ? [['base', [path.join(path.resolve(base), 'cli', 'dq.js')]] as [string, string[]]] : []),
];

const dir = mkdtempSync(path.join(tmpdir(), 'dqgate-compile-'));
mkdirSync(path.join(dir, 'checks'));
writeFileSync(path.join(dir, 'checks.config.yaml'), readFileSync(path.join(here, 'project', 'checks.config.yaml')));
writeFileSync(path.join(dir, 'checks', 'many.yaml'), suiteYaml(checks));
// compile opens no warehouse: the path only has to be set.
const env = { ...process.env, DQ_BENCH_WAREHOUSE: path.join(dir, 'unused.duckdb') };
const compileArgs = ['compile', '--config', path.join(dir, 'checks.config.yaml'), '--as-of', '2026-01-01'];

const wall = new Map<string, number[]>(variants.map(([name]) => [name, []]));
const cpu = new Map<string, number[]>(variants.map(([name]) => [name, []]));
for (let round = 0; round < runs; round++) {
  for (const [name, script] of round % 2 ? [...variants].reverse() : variants) {
    const args = name === 'node -e 0' ? script : [...script, ...compileArgs];
    const start = performance.now();
    const result = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const ms = performance.now() - start;
    if (result.status !== 0) throw new Error(`${name} exited ${result.status}: ${result.stderr.slice(0, 2000)}`);
    const [user, sys] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    wall.get(name)!.push(ms);
    cpu.get(name)!.push((user! + sys!) * 1000);
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
console.log(`dq compile of ${checks} checks, ${runs} interleaved runs each (load average ${loadavg()[0]!.toFixed(1)})`);
for (const [name] of variants) console.log(`  ${name.padEnd(10)}  wall ${median(wall.get(name)!).toFixed(0).padStart(5)} ms   cpu ${median(cpu.get(name)!).toFixed(0).padStart(5)} ms`);
