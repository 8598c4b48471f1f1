// action.yml, the composite GitHub Action: its structure (inputs used and declared, steps named,
// run steps with a shell, outputs wired), and its run step executed by bash as the runner would,
// with dq replaced by a stub that records its arguments: those arguments are then run by the real
// dq (in-process) on the example project, so the action cannot hand dq a command it refuses.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dqIn } from '../cli/in-process.js';
import { copyDemoWarehouse } from '../support/demo-cache.js';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}

interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const text = readFileSync('action.yml', 'utf8');
const action = parse(text) as Action;
const steps = action.runs.steps;
const runStep = steps.find((s) => s.id === 'dq')!;

/** `${{ inputs.NAME }}` and `inputs.NAME` inside expressions. */
const inputsUsed = (s: string) => new Set([...s.matchAll(/\binputs\.([\w-]+)/g)].map((m) => m[1]!));

describe('action.yml', () => {
  it('is a composite action with described inputs and outputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.name).toBeTruthy();
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toBeTruthy();
    for (const [name, output] of Object.entries(action.outputs)) expect(output.description, name).toBeTruthy();
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['suite', 'select', 'target', 'args', 'working-directory', 'node-version', 'formats']));
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['exit-code', 'report-dir']));
  });

  it('uses only inputs it declares, and every input it declares', () => {
    const used = inputsUsed(JSON.stringify(action.runs) + JSON.stringify(action.outputs));
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('names every step; run steps have a shell, uses steps a pinned major version', () => {
    for (const step of steps) {
      expect(step.name, JSON.stringify(step)).toBeTruthy();
      expect(Boolean(step.run) !== Boolean(step.uses), `${step.name}: run or uses`).toBe(true);
      if (step.run) expect(step.shell, step.name).toBe('bash');
      if (step.uses) expect(step.uses, step.name).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    }
  });

  it('wires outputs and step references to steps that exist', () => {
    const ids = new Set(steps.map((s) => s.id).filter(Boolean));
    const referenced = [...(text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g))].map((m) => [m[1]!, m[2]!]);
    expect(referenced.length).toBeGreaterThan(0);
    for (const [id, output] of referenced) {
      expect(ids.has(id), `steps.${id}`).toBe(true);
      expect(runStep.run, `the step writes ${output}`).toContain(`echo "${output}=`);
    }
  });

  it('never splices an input into a script (inputs reach run steps through env)', () => {
    for (const step of steps) if (step.run) expect(inputsUsed(step.run), step.name).toEqual(new Set());
    expect(Object.values(runStep.env ?? {}).join(' ')).toMatch(/inputs\.suite/);
  });

  it('runs dq in the working directory, uploads the report folder even when dq fails', () => {
    expect(runStep['working-directory']).toBe('${{ inputs.working-directory }}');
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.if).toMatch(/always\(\)/);
    expect(upload.with?.path).toBe('${{ steps.dq.outputs.report-dir }}');
    expect(steps.indexOf(upload)).toBeGreaterThan(steps.indexOf(runStep));
    const install = steps.find((s) => s.name === 'Install dq')!;
    expect(install['working-directory']).toBe('${{ github.action_path }}');
    expect(install.run).toMatch(/^npm ci\b/);
  });
});

describe('docs/github-action.md', () => {
  const doc = readFileSync('docs/github-action.md', 'utf8');

  it('lists exactly the inputs and outputs action.yml declares', () => {
    const rows = (heading: string) => {
      const section = doc.slice(doc.indexOf(`## ${heading}`)).split('\n## ')[0]!;
      return [...section.matchAll(/^\| `([\w-]+)` \|/gm)].map((m) => m[1]!).sort();
    };
    expect(rows('Inputs')).toEqual(Object.keys(action.inputs).sort());
    expect(rows('Outputs')).toEqual(Object.keys(action.outputs).sort());
  });

  it("example workflow: valid YAML whose dqgate step passes only inputs the action declares, and reads an output it has", () => {
    const block = /```yaml\n([\s\S]*?)```/.exec(doc)![1]!;
    const workflow = parse(block) as { jobs: Record<string, { steps?: Step[] }> };
    const uses = Object.values(workflow.jobs).flatMap((job) => job.steps ?? []).filter((step) => step.uses?.includes('/dqgate@'));
    expect(uses).toHaveLength(1);
    for (const input of Object.keys(uses[0]!.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
    for (const m of block.matchAll(/steps\.[\w-]+\.outputs\.([\w-]+)/g)) expect(Object.keys(action.outputs)).toContain(m[1]);
  });
});

describe("action.yml's run step, executed", () => {
  let project: string;

  beforeAll(async () => {
    project = mkdtempSync(path.join(tmpdir(), 'dq-action-project-'));
    for (const entry of ['checks.config.yaml', 'checks', 'suites']) cpSync(entry, path.join(project, entry), { recursive: true });
    await copyDemoWarehouse(path.join(project, '.dq', 'demo.duckdb'), 'incident');
  }, 120_000);

  /** The step's script under bash as the runner starts it (`bash --noprofile --norc -eo pipefail`), with the inputs as the runner passes them; dq is a stub that exits `stubExit`. */
  function runScript(inputs: Record<string, string>, stubExit: number) {
    const actionPath = mkdtempSync(path.join(tmpdir(), 'dq-action-path-'));
    mkdirSync(path.join(actionPath, 'bin'));
    const argvFile = path.join(actionPath, 'argv.json');
    writeFileSync(
      path.join(actionPath, 'bin', 'dq.js'),
      `require('node:fs').writeFileSync(${JSON.stringify(argvFile)}, JSON.stringify(process.argv.slice(2))); process.exit(${stubExit});\n`,
    );
    writeFileSync(path.join(actionPath, 'package.json'), '{"type":"commonjs"}');
    const runnerTemp = mkdtempSync(path.join(tmpdir(), 'dq-action-runner-'));
    const githubOutput = path.join(runnerTemp, 'output.txt');
    const env: Record<string, string> = {
      PATH: process.env.PATH!,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: githubOutput,
      RUNNER_TEMP: runnerTemp,
    };
    // As the runner does: the step's env, with each `${{ inputs.x }}` replaced by the input's value.
    for (const [name, value] of Object.entries(runStep.env ?? {})) {
      env[name] = value.replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_m, input: string) => inputs[input] ?? action.inputs[input]!.default ?? '');
    }
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', runStep.run!], { cwd: project, env, encoding: 'utf8' });
    const outputs = existsSync(githubOutput)
      ? Object.fromEntries(readFileSync(githubOutput, 'utf8').trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)))
      : {};
    const argv = existsSync(argvFile) ? (JSON.parse(readFileSync(argvFile, 'utf8')) as string[]) : undefined;
    return { code: result.status, stderr: result.stderr, outputs, argv };
  }

  it('passes dq\'s exit code through as the step result and the exit-code output', () => {
    for (const stubExit of [0, 1, 2, 3]) {
      const r = runScript({ suite: 'pre_phase4' }, stubExit);
      expect(r.code, r.stderr).toBe(stubExit);
      expect(r.outputs['exit-code']).toBe(String(stubExit));
    }
  });

  it('hands dq arguments it accepts: the real dq runs them on the example project and writes the report into the folder', async () => {
    const r = runScript({ suite: 'pre_phase4', args: `--as-of 2026-01-04 --var 'season_start=2021-10-01' -q` }, 1);
    expect(r.argv).toEqual([
      'run',
      'pre_phase4',
      '--format',
      'console,json,junit,markdown,html',
      '--out',
      r.outputs['report-dir'],
      '--as-of',
      '2026-01-04',
      '--var',
      'season_start=2021-10-01',
      '-q',
    ]);
    // The stub made no report: the folder is the empty one the step created (mktemp -d).
    expect(readdirSync(r.outputs['report-dir']!)).toEqual([]);
    const summary = path.join(r.outputs['report-dir']!, '..', 'summary.md');
    writeFileSync(summary, '');
    const previous = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = summary;
    try {
      const real = await dqIn(project, r.argv!);
      expect(real.code, real.stderr).toBe(1); // the incident: the gate closes
    } finally {
      if (previous === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = previous;
    }
    expect(readdirSync(r.outputs['report-dir']!).sort()).toEqual(['.dqgate-run.json', 'junit.xml', 'report.html', 'report.json', 'report.md']);
    expect(readFileSync(summary, 'utf8')).toContain('dqgate: gate closed — exit code 1');
  });

  it('passes select and target as options, and refuses args it cannot split (exit 3, dq not started)', () => {
    const r = runScript({ select: 'tag:pre_phase4', target: 'local', formats: 'json' }, 0);
    expect(r.argv).toEqual(['run', '--select', 'tag:pre_phase4', '--target', 'local', '--format', 'json', '--out', r.outputs['report-dir']]);
    const bad = runScript({ suite: 'pre_phase4', args: `--var 'unclosed` }, 0);
    expect(bad.code).toBe(3);
    expect(bad.argv).toBeUndefined();
    expect(bad.outputs['exit-code']).toBe('3');
  });

  it('never evaluates the args input as shell code', () => {
    const r = runScript({ suite: 'pre_phase4', args: '$(touch pwned) `touch pwned2` ; touch pwned3' }, 0);
    expect(r.argv).toEqual(['run', 'pre_phase4', '--format', 'console,json,junit,markdown,html', '--out', r.outputs['report-dir'], '$(touch', 'pwned)', '`touch', 'pwned2`', ';', 'touch', 'pwned3']);
    expect(readdirSync(project).filter((f) => f.startsWith('pwned'))).toEqual([]);
  });
});
