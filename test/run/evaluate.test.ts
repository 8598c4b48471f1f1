import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/checks/types.js';
import { brokenBound, evaluate } from '../../src/run/evaluate.js';
import { exitCodeFor, runStatus } from '../../src/run/exit-code.js';
import { formatBounds, formatValue } from '../../src/run/format.js';
import { spec } from '../support/checks.js';

const share = (value: number | null, rows: number): Measurement => ({
  metric: { name: 'coverage', value, unit: 'share' },
  value,
  rowsEvaluated: rows,
});

describe('evaluate', () => {
  const check = spec('coverage', { column: 'u', min: 0.45 });

  it('passes a metric inside its bounds', () => {
    expect(evaluate(check, share(0.48, 100), { min: 0.45 }, undefined).status).toBe('pass');
  });

  it('fails below the threshold and says the metric against it', () => {
    const verdict = evaluate(check, share(0.361, 1000), { min: 0.45 }, undefined);
    expect(verdict).toEqual({ status: 'fail', message: 'coverage 36.1%, expected ≥ 45%' });
  });

  it('fails a check that evaluated fewer rows than min_rows, whatever its metric', () => {
    const verdict = evaluate(check, share(null, 0), { min: 0.45 }, undefined);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toMatch(/evaluated 0 rows, fewer than min_rows 1/);
    expect(evaluate({ ...check, minRows: 500 }, share(1, 499), { min: 0.45 }, undefined).status).toBe('fail');
  });

  it('warns instead of failing for severity warn', () => {
    expect(evaluate({ ...check, severity: 'warn' }, share(0.3, 100), { min: 0.45 }, undefined).status).toBe('warn');
  });

  it('warns when only the stricter warn threshold is broken', () => {
    const verdict = evaluate(check, share(0.46, 100), { min: 0.45 }, { min: 0.47 });
    expect(verdict.status).toBe('warn');
    expect(verdict.message).toContain('warn threshold ≥ 47%');
  });

  it('fails a metric that could not be measured', () => {
    const m: Measurement = { metric: { name: 'age', value: null, unit: 'seconds' }, value: null, rowsEvaluated: 5 };
    expect(evaluate(check, m, { max: 10 }, undefined).status).toBe('fail');
  });
});

describe('bounds', () => {
  it('honours strict limits and equality', () => {
    expect(brokenBound(5, { min: 5 })).toBeNull();
    expect(brokenBound(5, { min: 5, strictMin: true })).toBe('min');
    expect(brokenBound(1, { equals: 0 })).toBe('equals');
    expect(brokenBound(11, { max: 10 })).toBe('max');
  });

  it('formats shares, durations and counts for people', () => {
    expect(formatValue(0.4567, 'share')).toBe('45.7%');
    expect(formatValue(172800, 'seconds')).toBe('2 days');
    expect(formatValue(1234567, 'count')).toBe('1,234,567');
    expect(formatBounds({ min: 0.45, max: 0.9 }, 'share')).toBe('≥ 45% and ≤ 90%');
  });
});

describe('exit code', () => {
  const summary = { total: 3, pass: 1, warn: 1, fail: 0, error: 0, skipped: 0 };
  it('maps statuses to the gate contract', () => {
    expect(exitCodeFor(runStatus(summary, 'error'))).toBe(0);
    expect(exitCodeFor(runStatus(summary, 'warn'))).toBe(1);
    expect(exitCodeFor(runStatus({ ...summary, fail: 1 }, 'error'))).toBe(1);
    expect(exitCodeFor(runStatus({ ...summary, fail: 1, error: 1 }, 'error'))).toBe(2);
  });
});

describe('an exact decimal answer against a bound its nearest double meets', () => {
  const metricCheck = spec('metric', { expression: 'sum(x)', max: 9007199254740992 });
  const exact = (text: string): Measurement => ({ metric: { name: 'value', value: text, unit: 'number' }, value: Number(text), rowsEvaluated: 1 });

  it.each([
    ['9007199254740993', { max: 9007199254740992 }],
    ['12345678901234568.01', { max: 12345678901234568 }],
    ['1000000000000000001', { equals: 1000000000000000000 }],
    ['-9007199254740993', { min: -9007199254740992 }],
    ['0.10000000000000000001', { max: 0.1, strictMax: false }],
  ] as const)('%s breaks %j', (text, bounds) => {
    expect(evaluate(metricCheck, exact(text), bounds, undefined).status).toBe('fail');
  });

  it.each([
    ['9007199254740992', { max: 9007199254740992 }],
    ['1000000000000000000.000', { equals: 1000000000000000000 }],
    ['1e3', { equals: 1000 }],
    ['0.5', { min: 0.5, max: 0.5 }],
  ] as const)('%s meets %j', (text, bounds) => {
    expect(evaluate(metricCheck, exact(text), bounds, undefined).status).toBe('pass');
  });
});
