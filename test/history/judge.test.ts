// The change/anomaly judgement never passes on history it does not have (property tests).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from '../../src/history/check-history.js';
import { judgeAnomaly, judgeChange } from '../../src/history/judge.js';

const point = (value: number | null, i: number): HistoryPoint => ({ run_id: `r${i}`, started_at: '2026-01-01T00:00:00.000Z', status: value === null ? 'error' : 'pass', value });
const values = fc.array(fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }), { maxLength: 20 });

describe('judgeChange and judgeAnomaly', () => {
  it('change never passes unless each of the N baseline runs recorded a value', () => {
    fc.assert(
      fc.property(values, fc.integer({ min: 1, max: 10 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (history, n, today) => {
        const points = history.map(point);
        const judged = judgeChange({ baseline: n === 1 ? 'previous' : { medianOf: n }, maxDrop: 0.2 }, today, points, 'fail', 'number');
        const complete = points.length >= n && points.slice(0, n).every((p) => p.value !== null);
        if (!complete) expect(judged.status).toBe('warn');
      }),
    );
  });

  it('anomaly never passes on fewer than 5 recorded values, nor when today has no value', () => {
    fc.assert(
      fc.property(values, fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }), (history, today) => {
        const points = history.map(point);
        const judged = judgeAnomaly({ history: 14, sensitivity: 3 }, today, points, 'fail', 'number');
        const recorded = points.slice(0, 14).filter((p) => p.value !== null).length;
        if (recorded < 5 || today === null) expect(judged.status).not.toBe('pass');
      }),
    );
  });
});
