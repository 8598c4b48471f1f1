// Signals at every phase of `dq run`: an interruption (SIGINT / SIGTERM; here the injected
// AbortSignal they abort) during loading, planning, dry runs, query start, execution,
// evaluation, drill-down or report writing ends the run with exit 130 within 2 s, with a report
// of what finished and the rest `error: interrupted`.
// (Run by test/wrapped-modules.test.ts, whose module wrappers interrupt at the stage `phase.name` names.)
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowCount } from '../../src/checks/row-count.js';
import { renderers } from '../../src/reports/formats.js';
import type { RunReport } from '../../src/run/report.js';
import { makeProject, PASSING_AND_FAILING_ORDER_CHECKS } from '../e2e/fixture.js';
import { dqIn, never, wrappedDuckDb, writtenReport, type EngineOverrides } from './in-process.js';
import { phase } from './stage-state.js';

/** Generous for a shared machine; the run itself waits at most ~1 s for a stuck engine. */
const WITHIN_MS = 2_000;

let cwd: string;
let runs = 0;
beforeAll(async () => {
  cwd = await makeProject({ 'checks/orders.yaml': PASSING_AND_FAILING_ORDER_CHECKS });
});
afterEach(() => {
  phase.name = '';
  vi.restoreAllMocks();
});

/**
 * `dq run` with an interruption that `arm` triggers (it gets `interrupt`); returns the result,
 * the report and how long main() took after the interruption.
 */
async function interruptedRun(arm: (interrupt: () => void) => EngineOverrides | void, args: string[] = []) {
  const controller = new AbortController();
  let abortedAt: number | undefined;
  const interrupt = () => {
    if (abortedAt !== undefined) return;
    abortedAt = performance.now();
    controller.abort(new Error('SIGTERM received'));
  };
  phase.interrupt = interrupt;
  const overrides = arm(interrupt) ?? {};
  const out = path.join(cwd, `out-${++runs}`);
  const result = await dqIn(cwd, ['run', '--as-of', '2026-01-10', '-q', '-f', 'console,json', '--out', out, ...args], {
    interrupt: controller.signal,
    openEngine: wrappedDuckDb(overrides),
  });
  const afterAbortMs = abortedAt === undefined ? Infinity : performance.now() - abortedAt;
  return { ...result, report: writtenReport(out), afterAbortMs };
}

const statuses = (report: RunReport | undefined) => Object.fromEntries(report!.checks.map((c) => [c.id, c.status === 'error' ? c.message : c.status]));
const ALL_INTERRUPTED = { 'orders.row_count': 'interrupted', 'orders.coverage_amount': 'interrupted' };

function expectInterrupted(result: Awaited<ReturnType<typeof interruptedRun>>) {
  expect(result.code).toBe(130);
  expect(result.afterAbortMs).toBeLessThan(WITHIN_MS);
  expect(result.stdout).toContain('exit 130');
}

describe('an interruption at any phase of dq run ends in exit 130 within 2 s', () => {
  it('during loading: the report lists every check as interrupted', async () => {
    const result = await interruptedRun(() => {
      phase.name = 'load';
    });
    expectInterrupted(result);
    expect(result.report).toMatchObject({ exit_code: 130 });
    expect(statuses(result.report)).toEqual(ALL_INTERRUPTED);
  });

  it('during planning', async () => {
    const result = await interruptedRun(() => {
      phase.name = 'compile';
    });
    expectInterrupted(result);
    expect(statuses(result.report)).toEqual(ALL_INTERRUPTED);
  });

  it('during the dry runs, with an engine that never answers them', async () => {
    const result = await interruptedRun((interrupt) => ({
      dryRun: () => (setTimeout(interrupt, 20), never()),
    }));
    expectInterrupted(result);
    expect(statuses(result.report)).toEqual(ALL_INTERRUPTED);
  });

  it('while a query starts, with an engine that ignores the signal (the 110 s hang)', async () => {
    const result = await interruptedRun((interrupt) => ({
      execute: () => (setTimeout(interrupt, 20), never()),
    }));
    expectInterrupted(result);
    expect(result.report).toMatchObject({ exit_code: 130, status: 'error' });
    expect(statuses(result.report)).toEqual(ALL_INTERRUPTED);
  });

  it('while a query runs, with an engine that still answers after the signal: 130, not its verdict', async () => {
    const result = await interruptedRun((interrupt) => ({
      execute: async (request, real) => {
        setTimeout(interrupt, 10);
        await new Promise((resolve) => setTimeout(resolve, 200));
        return real.execute({ ...request, signal: undefined });
      },
    }));
    expectInterrupted(result);
    expect(result.report!.exit_code).toBe(130);
  });

  it('during evaluation: the checks already measured keep their verdicts', async () => {
    const measure = rowCount.measure;
    vi.spyOn(rowCount, 'measure').mockImplementation((...args) => {
      phase.interrupt();
      return measure(...args);
    });
    const result = await interruptedRun(() => undefined, ['--no-drill-down']);
    expectInterrupted(result);
    expect(statuses(result.report)).toEqual({ 'orders.row_count': 'pass', 'orders.coverage_amount': 'fail' });
    expect(result.report!.exit_code).toBe(130);
  });

  it('during the drill-down: the verdicts found stay', async () => {
    let executed = 0;
    const result = await interruptedRun((interrupt) => ({
      // The first query answers every check; the second is the drill-down.
      execute: () => (++executed > 1 ? (setTimeout(interrupt, 20), never()) : undefined),
    }));
    expectInterrupted(result);
    expect(statuses(result.report)).toEqual({ 'orders.row_count': 'pass', 'orders.coverage_amount': 'fail' });
  });

  it('while the report is written: report.json and the console say 130', async () => {
    const json = renderers.json;
    vi.spyOn(renderers, 'json').mockImplementation((report) => {
      phase.interrupt();
      return json(report);
    });
    const result = await interruptedRun(() => undefined, ['--no-drill-down']);
    expectInterrupted(result);
    expect(result.report!.exit_code).toBe(130);
  });

  it('dq run --dry-run, with dry runs that never answer', async () => {
    const result = await interruptedRun(
      (interrupt) => ({
        dryRun: () => (setTimeout(interrupt, 20), never()),
      }),
      ['--dry-run'],
    );
    expect(result.code).toBe(130);
    expect(result.afterAbortMs).toBeLessThan(WITHIN_MS);
    expect(result.stdout).toContain('interrupted before every query was dry-run');
  });
});
