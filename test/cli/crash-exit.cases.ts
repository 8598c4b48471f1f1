// Exit codes are total: an unexpected exception at any stage of `dq run` ends in exit 2 (never
// 0 or 1), with one line on stderr, the report of whatever finished where the stage allows it,
// and never a previous run's --failing-partitions list left behind.
// (Run by test/wrapped-modules.test.ts, whose module wrappers throw at the stage `fault.stage` names.)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { coverage } from '../../src/checks/coverage.js';
import { rowCount } from '../../src/checks/row-count.js';
import { renderers } from '../../src/reports/formats.js';
import type { RunReport } from '../../src/run/report.js';
import { makeProject, PASSING_AND_FAILING_ORDER_CHECKS } from '../e2e/fixture.js';
import { dqIn, wrappedDuckDb, writtenReport } from './in-process.js';
import { fault } from './stage-state.js';

const STALE = 'shop.orders 1999-01-01\n';

let cwd: string;
let run = 0;
beforeAll(async () => {
  cwd = await makeProject({ 'checks/orders.yaml': PASSING_AND_FAILING_ORDER_CHECKS });
});
afterEach(() => {
  fault.stage = '';
  vi.restoreAllMocks();
});

/** `dq run` with a stale failing-partitions file and its own --out folder. */
async function dqRun(extra: string[] = [], options: Parameters<typeof dqIn>[2] = {}) {
  const out = path.join(cwd, `out-${++run}`);
  const partitions = path.join(cwd, `partitions-${run}.txt`);
  writeFileSync(partitions, STALE);
  const result = await dqIn(cwd, ['run', '--as-of', '2026-01-10', '-q', '-f', 'console,json', '--out', out, '--failing-partitions', partitions, ...extra], options);
  const listed = existsSync(partitions) ? readFileSync(partitions, 'utf8') : undefined;
  return { ...result, report: writtenReport(out), listed };
}

function expectCrash(result: Awaited<ReturnType<typeof dqRun>>, line: RegExp) {
  expect(result.code).toBe(2);
  const lines = result.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(result.listed ?? '').not.toContain('1999-01-01');
}

const byId = (report: RunReport | undefined, id: string) => report!.checks.find((c) => c.id === id)!;

describe('an unexpected exception at any stage of dq run ends in exit 2', () => {
  it('loading: one line, no report, the stale failing-partitions file removed', async () => {
    fault.stage = 'load';
    const result = await dqRun();
    expectCrash(result, /^dq: Cannot read properties of undefined \(reading 'checks'\) at load$/);
    expect(result.report).toBeUndefined();
    expect(result.listed).toBeUndefined();
  });

  it('planning: a report whose checks are errors saying why', async () => {
    fault.stage = 'compile';
    const result = await dqRun();
    expectCrash(result, /^dq: internal error: boom while planning$/);
    expect(result.report).toMatchObject({ exit_code: 2, status: 'error', error: 'internal error: boom while planning' });
    for (const check of result.report!.checks) expect(check).toMatchObject({ status: 'error', message: expect.stringContaining('boom while planning') });
    expect(result.stdout).toContain('exit 2 (gate cannot be trusted');
  });

  it('opening the engine: every check an error with the reason', async () => {
    const result = await dqRun([], { openEngine: () => Promise.reject(new TypeError('boom while opening')) });
    expect(result.code).toBe(2);
    expect(result.report!.checks.map((c) => c.message)).toEqual(['boom while opening', 'boom while opening']);
    expect(result.listed).toBe('');
  });

  it('starting a query: an engine that throws synchronously errors its checks', async () => {
    const openEngine = wrappedDuckDb({
      execute: () => {
        throw new TypeError('boom while starting a query');
      },
    });
    const result = await dqRun([], { openEngine });
    expect(result.code).toBe(2);
    expect(result.report!.exit_code).toBe(2);
    expect(result.report!.checks.length).toBeGreaterThan(0);
    expect(result.report!.checks.every((c) => c.status === 'error' && c.message.includes('boom while starting a query'))).toBe(true);
  });

  it('an answer without rows: an error, not an empty result', async () => {
    const result = await dqRun([], { openEngine: wrappedDuckDb({ execute: async () => ({ stats: {} }) }) });
    expect(result.code).toBe(2);
    expect(result.report!.checks.length).toBeGreaterThan(0);
    expect(result.report!.queries.length).toBeGreaterThan(0);
    expect(result.report!.checks.every((c) => c.status === 'error' && /answered q\d+ without rows/.test(c.message))).toBe(true);
    expect(result.report!.queries.every((q) => q.rows === 0 && q.status === 'error')).toBe(true);
  });

  it("measuring: a check whose measure throws is an error; the others keep their verdicts", async () => {
    vi.spyOn(rowCount, 'measure').mockImplementation(() => {
      throw new TypeError("Cannot read properties of null (reading 'rows')");
    });
    const result = await dqRun(['--no-drill-down']);
    expect(result.code).toBe(2);
    expect(byId(result.report, 'orders.row_count')).toMatchObject({ status: 'error', message: expect.stringContaining("reading 'rows'") });
    expect(byId(result.report, 'orders.coverage_amount').status).toBe('fail');
  });

  it('drilling down: the verdicts stay, the run says the drill-down failed, exit 2', async () => {
    const measure = coverage.measure;
    let calls = 0;
    vi.spyOn(coverage, 'measure').mockImplementation((...args) => {
      if (++calls > 1) throw new TypeError('boom while drilling down');
      return measure(...args);
    });
    const result = await dqRun();
    expectCrash(result, /^dq: drill-down failed: boom while drilling down$/);
    expect(result.report).toMatchObject({ exit_code: 2, error: 'drill-down failed: boom while drilling down' });
    expect(byId(result.report, 'orders.coverage_amount').status).toBe('fail');
    expect(result.stdout).toContain('exit 2 (gate cannot be trusted');
  });

  it("collecting samples: a fault of dq's own is exit 2, never a note; the verdicts stay", async () => {
    // An engine's failure of the samples query is a note (test/run/samples); a throw from dq's
    // own code there is a crash like at any other stage.
    vi.spyOn(coverage, 'samples').mockImplementation(() => {
      throw new TypeError('boom while sampling');
    });
    const result = await dqRun(['--no-drill-down']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('boom while sampling');
    expect(result.report).toMatchObject({ exit_code: 2 });
    expect(byId(result.report, 'orders.coverage_amount')).toMatchObject({ status: 'fail' });
    expect(byId(result.report, 'orders.coverage_amount').samples_note).toBeUndefined();
  });

  it('after the checks (post-processing): one line, no report, the stale list removed', async () => {
    fault.stage = 'post';
    const result = await dqRun();
    expectCrash(result, /^dq: boom while summing up$/);
    expect(result.report).toBeUndefined();
    expect(result.listed).toBeUndefined();
  });

  it('rendering the console: the verdict still printed, report.json says 2', async () => {
    fault.stage = 'console';
    const result = await dqRun(['--no-drill-down']);
    expectCrash(result, /^dq: could not write the console report: boom while rendering the console$/);
    expect(result.stdout).toBe('exit 2 (the console report could not be rendered)\n');
    expect(result.report).toMatchObject({ exit_code: 2, error: expect.stringContaining('boom while rendering the console') });
  });

  it('rendering a report file: exit 2, and the console says 2', async () => {
    vi.spyOn(renderers, 'json').mockImplementation(() => {
      throw new TypeError('boom while rendering json');
    });
    const result = await dqRun(['--no-drill-down']);
    expectCrash(result, /^dq: could not write the report files: boom while rendering json$/);
    expect(result.stdout).toMatch(/exit 2 \(gate cannot be trusted/);
  });
});

describe('one verdict: console, exit code and report.json agree', () => {
  it('when the report folder cannot be written', async () => {
    const file = path.join(cwd, 'a-file');
    writeFileSync(file, '');
    const result = await dqIn(cwd, ['run', '--as-of', '2026-01-10', '-q', '-s', 'orders.row_count', '--out', path.join(file, 'out')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/exit 2 \(gate cannot be trusted/);
    expect(result.stdout).not.toMatch(/exit 0/);
    expect(result.stderr).toMatch(/^dq: could not write the report files: /);
  });

  it('when the failing-partitions file cannot be written: report.json is written with 2', async () => {
    const out = path.join(cwd, 'out-fp');
    const result = await dqIn(cwd, ['run', '--as-of', '2026-01-10', '-q', '-s', 'orders.row_count', '--out', out, '--failing-partitions', path.join(cwd, 'no', 'dir', 'fp.txt')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/1 pass.* exit 2 \(gate cannot be trusted/);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
    expect(report).toMatchObject({ status: 'pass', exit_code: 2, error: expect.stringContaining('could not write --failing-partitions') });
  });

  it('when a later output fails after report.json was written: report.json is rewritten with 2', async () => {
    const out = path.join(cwd, 'out-late');
    // The job summary is written after the report files; this one cannot be.
    vi.stubEnv('GITHUB_STEP_SUMMARY', path.join(cwd, 'no', 'such', 'summary.md'));
    try {
      const result = await dqIn(cwd, ['run', '--as-of', '2026-01-10', '-q', '-s', 'orders.row_count', '-f', 'console,json,markdown', '--out', out]);
      expect(result.code).toBe(2);
      expect(result.stdout).toMatch(/exit 2 \(gate cannot be trusted/);
      expect(existsSync(path.join(out, 'report.md'))).toBe(true);
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
      expect(report).toMatchObject({ status: 'pass', exit_code: 2, error: expect.stringContaining('GitHub job summary') });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
