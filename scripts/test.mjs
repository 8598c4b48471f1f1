// `npm test`: the type check (tsc --noEmit) and the tests (vitest run, with any arguments given
// to npm test) at the same time, not one after the other: vitest leaves a core idle for much of
// its run (files waiting on DuckDB, the BigQuery test server and the analyzer), which the type
// check fills. tsc's output is held until vitest is done, so the two never interleave; the exit
// code is vitest's, or tsc's when vitest passed and tsc did not.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

function run(args, options) {
  const [command, ...rest] = args;
  const child = spawn(command, rest, options);
  const output = [];
  child.stdout?.on('data', (chunk) => output.push(chunk));
  child.stderr?.on('data', (chunk) => output.push(chunk));
  const exit = new Promise((resolve) => {
    child.on('error', (error) => {
      output.push(Buffer.from(`${error.message}\n`));
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  return { child, output, exit };
}

const typecheck = run([bin('tsc'), '--noEmit'], { stdio: ['ignore', 'pipe', 'pipe'] });
const tests = run([bin('vitest'), 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl-C reaches both children through the process group; nothing to forward.

const testsExit = await tests.exit;
const typecheckExit = await typecheck.exit;
if (typecheckExit !== 0) {
  process.stderr.write('\ntsc --noEmit failed:\n');
  process.stderr.write(Buffer.concat(typecheck.output));
}
process.exitCode = testsExit !== 0 ? testsExit : typecheckExit;
