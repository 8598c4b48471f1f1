// Start-up budget of the compiled `dq` (bin/dq.js → dist/), against a bare Node start on the
// same machine, measured side by side: the three commands take turns, run after run, so machine
// load hits them alike. Prints the median of each and its ratio to `node -e 0`.
//
//   npm run build && npm run bench:startup [-- --runs 15]
//
// Targets (issue 11): `dq --version` within 3×, `dq validate` on the example project within 5×.
// A benchmark, not a test: it prints the figures and exits 1 when a target is missed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'dq.js');
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 11;

const cases = [
  { name: 'node -e 0', args: ['-e', '0'], target: undefined },
  { name: 'dq --version', args: [bin, '--version'], target: 3 },
  { name: 'dq validate', args: [bin, 'validate', '--config', path.join(root, 'checks.config.yaml')], target: 5 },
];

// `dq validate` checks that the example project's warehouse exists: build the demo once if not.
if (!existsSync(path.join(root, '.dq', 'demo.duckdb'))) {
  const built = spawnSync(process.execPath, [bin, 'demo', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(2);
}

const times = new Map(cases.map((c) => [c.name, []]));
for (let i = 0; i < runs; i++) {
  for (const c of cases) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, c.args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) {
      console.error(`${c.name} exited ${result.status} (is dist/ built? npm run build): ${result.stderr}`);
      process.exit(2);
    }
    times.get(c.name).push(ms);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const base = median(times.get('node -e 0'));
let missed = false;
console.log(`median of ${runs} runs each, interleaved (node ${process.version}):`);
for (const c of cases) {
  const m = median(times.get(c.name));
  const ratio = m / base;
  const verdict = c.target === undefined ? '' : ratio <= c.target ? `  ok (target ≤ ${c.target}×)` : `  MISSED (target ≤ ${c.target}×)`;
  if (c.target !== undefined && ratio > c.target) missed = true;
  console.log(`  ${c.name.padEnd(14)} ${m.toFixed(0).padStart(6)} ms  ${ratio.toFixed(2).padStart(5)}×${verdict}`);
}
process.exitCode = missed ? 1 : 0;
