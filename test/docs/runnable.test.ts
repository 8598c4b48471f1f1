// The shell commands of README.md and docs/*.md that are marked runnable, run as a reader would,
// so the docs cannot drift from what dq does; and the demo story's verdict (`npm run demo`, run
// once here for both).
//
// Conventions (in the Markdown):
// - `<!-- runnable -->` on the line before a ```bash or ```sh block: every line of the block is a
//   command, run in order in one fresh copy of the example project (checks.config.yaml, checks/,
//   suites/) whose demo warehouse .dq/demo.duckdb is as `npm run demo` leaves it (repaired). A
//   trailing comment that says `exit N` is the exit code the line must end with; otherwise 0.
// - `<!-- output-of: COMMAND -->` on the line before a ``` block that shows output: COMMAND is run
//   the same way (its exit code per `exit N` in the marker, else 0) and every line of the block
//   must appear in a line of its stdout, except `...` lines (elisions; a line ending in `...`
//   shows its beginning). Runs of spaces compare as
//   one, and durations (`0.2 s`, `12 ms`) as "some duration".
// Mark only commands that are safe and quick: no `npm install`, no BigQuery without a server, no
// command that writes outside the project.
//
// How a command runs (fast: in-process unless it genuinely needs a shell):
// - `dq ARGS` and `npx dq ARGS` → main(['node', 'dq', ...ARGS]) in this process, cwd = the project;
// - `npm run demo` → `dq demo story` in-process (asserted to be package.json's `demo` script);
// - a dq line whose only shell syntax is `"$(mktemp -d)"` → in-process too, each substitution a
//   fresh empty folder made as mktemp makes it (bash and the built binary cost half a second of CPU);
// - anything else, or a line with other shell syntax (`$`, `;`, `&&`, `|`, redirections, globs) →
//   `bash -c LINE` in the project folder, with `dq` and `npx dq` on PATH running the built dq
//   (dist/, rebuilt when a source is newer: test/e2e/built-bin.ts).
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { copyDemoWarehouse } from '../support/demo-cache.js';
import { builtBin } from '../e2e/built-bin.js';

const REPO = process.cwd();
const DOCS = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

interface Command {
  line: string;
  exit: number;
}

interface Runnable {
  file: string;
  line: number;
  commands: Command[];
}

interface Output {
  file: string;
  line: number;
  command: Command;
  expected: string[];
}

/** `# ... exit N ...` in a trailing comment (a `#` after whitespace, outside quotes) → N. */
function expectedExit(text: string): number {
  const comment = /(?:^|\s)#([^'"]*)$/.exec(text)?.[1] ?? '';
  const match = /\bexit (\d+)\b/.exec(comment);
  return match ? Number(match[1]) : 0;
}

function parseDocs(): { runnables: Runnable[]; outputs: Output[] } {
  const runnables: Runnable[] = [];
  const outputs: Output[] = [];
  for (const file of DOCS) {
    const text = readFileSync(file, 'utf8');
    const pattern = /<!-- (runnable|output-of: (.+?)) -->\n```(\w*)\n([\s\S]*?)```/g;
    for (const m of text.matchAll(pattern)) {
      const line = text.slice(0, m.index).split('\n').length;
      const body = m[4]!.split('\n').filter((l) => l.trim() !== '');
      if (m[1] === 'runnable') {
        expect(['bash', 'sh'], `${file}:${line}: a runnable block must be bash or sh`).toContain(m[3]);
        runnables.push({ file, line, commands: body.filter((l) => !l.trimStart().startsWith('#')).map((l) => ({ line: l, exit: expectedExit(l) })) });
      } else {
        outputs.push({ file, line, command: { line: m[2]!, exit: expectedExit(m[2]!) }, expected: body.filter((l) => l.trim() !== '...') });
      }
    }
  }
  return { runnables, outputs };
}

/** Shell words of a line without shell syntax; undefined when the line needs a real shell. */
function words(line: string): string[] | undefined {
  const code = line.trim();
  const out: string[] = [];
  const token = /\s*(?:'([^']*)'|"([^"$`\\]*)"|([^\s'"$;&|<>()`\\*?]+))/y;
  const space = /\s*/y;
  let current = '';
  let pos = 0;
  while (pos < code.length) {
    // A `#` that begins a word begins the comment, whatever it holds (quotes too): the line ends.
    space.lastIndex = pos;
    space.exec(code);
    if ((pos === 0 || space.lastIndex > pos) && code[space.lastIndex] === '#') break;
    token.lastIndex = pos;
    const m = token.exec(code);
    if (!m) return undefined;
    if (m[0].length !== m[0].trimStart().length && current) {
      out.push(current);
      current = '';
    }
    current += m[1] ?? m[2] ?? m[3] ?? '';
    pos = token.lastIndex;
  }
  if (current) out.push(current);
  return out;
}

let healthyWarehouse: string;
let shims: string;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dq-docs-warehouse-'));
  healthyWarehouse = path.join(dir, 'demo.duckdb');
  // The state `npm run demo` ends in: the incident, repaired (the demo story's last step).
  const { repairDemoWarehouse } = await import('../../src/demo/repair.js');
  await copyDemoWarehouse(healthyWarehouse, 'incident');
  await repairDemoWarehouse(healthyWarehouse);
  shims = mkdtempSync(path.join(tmpdir(), 'dq-docs-bin-'));
  // The built binary (rebuilt first when a source is newer): it starts in a tenth of tsx's time.
  const dq = `#!/bin/sh\nexec "${process.execPath}" "${await builtBin()}" "$@"\n`;
  const npx = `#!/bin/sh\nif [ "$1" = dq ]; then shift; exec "${path.join(shims, 'dq')}" "$@"; fi\necho "npx $1: not available in the docs test" >&2; exit 127\n`;
  writeFileSync(path.join(shims, 'dq'), dq);
  writeFileSync(path.join(shims, 'npx'), npx);
  chmodSync(path.join(shims, 'dq'), 0o755);
  chmodSync(path.join(shims, 'npx'), 0o755);
}, 120_000);

function exampleProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dq-docs-project-'));
  for (const entry of ['checks.config.yaml', 'checks', 'suites']) cpSync(path.join(REPO, entry), path.join(dir, entry), { recursive: true });
  mkdirSync(path.join(dir, '.dq'));
  copyFileSync(healthyWarehouse, path.join(dir, '.dq', 'demo.duckdb'));
  return dir;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** dq's argv for a line that is a plain dq command (see the mapping above), else undefined. */
function dqArgs(line: string): string[] | undefined {
  const argv = words(line);
  if (!argv) return undefined;
  if (argv[0] === 'npx' && argv[1] === 'dq') return argv.slice(2);
  if (argv[0] === 'dq') return argv.slice(1);
  if (argv.join(' ') === 'npm run demo') {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.demo, "package.json's demo script").toMatch(/ demo story$/);
    return ['demo', 'story'];
  }
  return undefined;
}

const MKTEMP_D = /"\$\(mktemp -d\)"/g;
const SUBSTITUTED = '\0';

/**
 * dq's argv for a line run in-process (see the mapping above), each `"$(mktemp -d)"` replaced by a
 * new empty folder under the temp folder (mktemp's tmp.XXXXXX, honouring TMPDIR as os.tmpdir
 * does); undefined when the line needs bash. Folders are made only for a line that runs here.
 */
function inProcessArgs(line: string): string[] | undefined {
  const args = dqArgs(line.replace(MKTEMP_D, `'${SUBSTITUTED}'`));
  return args?.map((arg) => arg.replaceAll(SUBSTITUTED, () => mkdtempSync(path.join(tmpdir(), 'tmp.'))));
}

/**
 * The environment commands run in: no colour, and not the test's own CI job (a run with the
 * markdown format would append its report to the job summary of the CI running this test).
 */
function docsEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.GITHUB_STEP_SUMMARY;
  delete env.FORCE_COLOR;
  return env;
}

async function runLine(line: string, cwd: string): Promise<Ran> {
  const args = inProcessArgs(line);
  if (!args) {
    const r = spawnSync('bash', ['-c', line], {
      cwd,
      encoding: 'utf8',
      env: { ...docsEnv(), PATH: `${shims}${path.delimiter}${process.env.PATH}` },
      timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const before = { cwd: process.cwd(), env: { ...process.env } };
  try {
    process.chdir(cwd);
    const env = docsEnv();
    for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
    Object.assign(process.env, env);
    const code = await main(['node', 'dq', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.chdir(before.cwd);
    for (const name of Object.keys(process.env)) if (!(name in before.env)) delete process.env[name];
    Object.assign(process.env, before.env);
    out.mockRestore();
    err.mockRestore();
  }
}

/** Durations vary run to run: `0.2 s`, `1.3 s`, `12 ms` all read `<duration>`. */
const normalise = (text: string) => text.replace(/\b\d+(?:\.\d+)? m?s\b/g, '<duration>').replace(/[ \t]+/g, ' ').trim();

const { runnables, outputs } = parseDocs();

/**
 * What a command prints when run on a fresh copy of the example project, run once per file: the
 * demo story (`npm run demo`, seconds of CPU) is both an output the README shows and the story
 * the tests below check, and its run does not depend on who asks first.
 */
const ranOnce = new Map<string, Promise<Ran>>();
function outputOf(line: string): Promise<Ran> {
  if (!ranOnce.has(line)) ranOnce.set(line, runLine(line, exampleProject()));
  return ranOnce.get(line)!;
}

describe('runnable docs', () => {
  it('marks commands in the README and the docs (the convention is in use)', () => {
    expect(runnables.map((r) => r.file)).toEqual(expect.arrayContaining(['README.md', 'docs/backfill-loop.md']));
    expect(outputs.length).toBeGreaterThan(0);
    for (const r of runnables) expect(r.commands.length, `${r.file}:${r.line}`).toBeGreaterThan(0);
  });

  it('maps dq lines to in-process calls and leaves shell lines to bash', () => {
    expect(dqArgs("npx dq run --select 'tag:pre_training' --format console,json   # exit 1")).toEqual(['run', '--select', 'tag:pre_training', '--format', 'console,json']);
    expect(dqArgs('dq validate')).toEqual(['validate']);
    // A comment ends the line, quotes in it included; a `#` inside a word does not begin one.
    expect(dqArgs("npx dq history t.c --last 5   # a check's metric over runs")).toEqual(['history', 't.c', '--last', '5']);
    expect(dqArgs('dq list a#b # listed')).toEqual(['list', 'a#b']);
    expect(dqArgs('npx dq run x --out "$(mktemp -d)"')).toBeUndefined();
    expect(dqArgs('cat failing.txt')).toBeUndefined();
    expect(dqArgs('npx dq demo repair && npx dq run x')).toBeUndefined();
    // `"$(mktemp -d)"` alone runs in-process, each one a new empty folder; with other shell syntax, bash.
    const args = inProcessArgs('npx dq run x --out "$(mktemp -d)" --format json --x "$(mktemp -d)"')!;
    expect([...args.slice(0, 3), ...args.slice(4, 7)]).toEqual(['run', 'x', '--out', '--format', 'json', '--x']);
    for (const dir of [args[3]!, args[7]!]) {
      expect(path.dirname(dir)).toBe(tmpdir());
      expect(readdirSync(dir)).toEqual([]);
    }
    expect(args[3]).not.toBe(args[7]);
    expect(inProcessArgs('npx dq run x --out "$(mktemp -d)" | cat')).toBeUndefined();
    expect(inProcessArgs('npx dq run x --out $(mktemp -d)')).toBeUndefined();
    expect(inProcessArgs('dq validate')).toEqual(['validate']);
    expect(expectedExit('npx dq run pre_phase4   # exit 1 (gate closed)')).toBe(1);
    expect(expectedExit('npx dq run pre_phase4   # exit code = the gate')).toBe(0);
  });

  it.each(runnables.map((r) => [`${r.file}:${r.line}`, r] as const))('%s: every command ends with the exit code the doc says', async (_where, block) => {
    const cwd = exampleProject();
    for (const command of block.commands) {
      const result = await runLine(command.line, cwd);
      expect(result.code, `${command.line}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`).toBe(command.exit);
    }
  });

  it.each(outputs.map((o) => [`${o.file}:${o.line}`, o] as const))('%s: the output shown is what the command prints', async (_where, output) => {
    const result = await outputOf(output.command.line);
    expect(result.code, `${output.command.line}\n${result.stderr}`).toBe(output.command.exit);
    const printed = normalise(result.stdout).split('\n');
    for (const line of output.expected) {
      // A line that ends in `...` shows its beginning.
      const shown = normalise(line).replace(/\s*\.\.\.$/, '');
      expect(printed.some((l) => l.includes(shown)), `${output.file}:${output.line} shows a line that ${output.command.line} does not print:\n${shown}\n--- printed\n${printed.join('\n')}`).toBe(true);
    }
  });
});

// `npm run demo`: the incident is caught, repaired, and the gate opens; the command's verdict.
// Read from what the command prints (the same run as the README's output above).
describe('the demo story (npm run demo)', () => {
  it('closes the gate on the incident, names 2026-01-03, and opens it after the repair', async () => {
    const { code, stdout, stderr } = await outputOf('npm run demo');
    // Exit 0 is the story's own verdict: the gate behaved (no problems listed on stderr).
    expect(code, stderr).toBe(0);
    expect(stderr).not.toContain('did not behave');
    expect(stdout).toContain('The gate caught the incident, named the broken dates, and opened once they were repaired.');
    expect(stdout).toContain('2026-01-03: 2 of 16 team rows');
    // Two reports shown, the gate closed then open: their verdict lines, in order.
    const verdicts = [...stdout.matchAll(/ · exit (\d+) \(/g)].map((m) => Number(m[1]));
    expect(verdicts).toEqual([1, 0]);
    // The first report's failing partitions (listed before its verdict line) name 2026-01-03.
    const before = stdout.slice(0, stdout.search(/ · exit 1 \(/));
    const listed = before.slice(before.indexOf('Failing partitions (re-run these)'));
    expect(before).toContain('Failing partitions (re-run these)');
    expect(listed.split(/\s+/)).toContain('2026-01-03');
  });
});
