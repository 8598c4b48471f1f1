import { describe, expect, it } from 'vitest';
import { renderDateChart } from '../../src/reports/chart.js';
import { formatThresholds, sortChecks, verdict } from '../../src/reports/format.js';
import { formatBounds, formatGroupLine, formatMetricValue, formatSeconds, formatShare, formatViolation, groupDate } from '../../src/run/format.js';
import { renderHtml } from '../../src/reports/html.js';
import { renderJUnit } from '../../src/reports/junit.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import type { CheckReport } from '../../src/run/report.js';
import { clone, findCheck, loadFixture } from './helpers.js';

describe('formatting', () => {
  it('formats metric values by unit', () => {
    expect([0.361, 0.125, 0.5, 1, 0, 0.9998, 0.00001].map(formatShare)).toEqual(['36.1%', '12.5%', '50%', '100%', '0%', '99.98%', '0.001%']);
    expect(formatMetricValue(157204, 'count')).toBe('157,204');
    expect(formatMetricValue(108000, 'seconds')).toBe('1d 6h');
    expect([4.25, 75, 4500, 172800].map(formatSeconds)).toEqual(['4.25s', '1m 15s', '1h 15m', '2d']);
    expect(formatMetricValue(1234.56789, 'number')).toBe('1,234.5679');
    expect(formatMetricValue('2026-01-03', 'date')).toBe('2026-01-03');
    expect(formatMetricValue(null, 'share')).toBe('—');
  });

  it('formats bounds as requirements and as violations', () => {
    expect(formatBounds({ min: 0.45 }, 'share')).toBe('≥ 45%');
    expect(formatBounds({ min: 1, max: 100, strictMax: true }, 'count')).toBe('≥ 1 and < 100');
    expect(formatViolation({ min: 0.45 }, 'share')).toBe('< 45%');
    expect(formatViolation({ min: 0, max: 1, strictMin: true }, 'number')).toBe('≤ 0 or > 1');
    expect(formatViolation({ equals: 0 }, 'count')).toBe('≠ 0');
    const c = findCheck(loadFixture('incident'), 'player_game_summary.usage_rate_coverage');
    expect(formatThresholds(c)).toBe('fails < 45% · warns < 47%');
    expect(formatThresholds({ ...c, thresholds: { fail: {} } })).toBe('—');
  });

  it('formats a failing group with its details', () => {
    expect(formatGroupLine({ key: { game_date: '2026-01-03' }, value: 0.125, rows: 2, details: { expected: 16, actual: 2, completeness: 0.125 } }, 'share')).toBe(
      'game_date=2026-01-03: 12.5% (rows 2; expected 16, actual 2, completeness 12.5%)',
    );
    expect(formatGroupLine({ key: { game_date: '2025-12-28' }, value: null, rows: 0, reason: 'missing' }, 'count')).toBe('game_date=2025-12-28: missing (no rows) (rows 0)');
    expect(groupDate({ team: 'LAL', game_date: '2026-01-03' })).toBe('2026-01-03');
    expect(groupDate({ game_id: '0022500123' })).toBeUndefined();
  });

  it('orders problems first and reads the verdict from the exit code', () => {
    const r = loadFixture('incident');
    expect(sortChecks(r.checks).map((c) => c.status)).toEqual(['fail', 'fail', 'fail', 'error', 'warn', 'skipped', 'pass', 'pass', 'pass', 'pass']);
    expect([0, 1, 2, 3].map((exit_code) => verdict({ ...r, exit_code }).label)).toEqual(['gate open', 'gate closed', 'could not evaluate', 'bad configuration']);
  });
});

describe('edge cases every renderer survives', () => {
  const base = findCheck(loadFixture('incident'), 'player_game_summary.daily_volume');
  const variants: Record<string, Partial<CheckReport>> = {
    'one date': { failing_groups: [{ key: { game_date: '2026-01-03' }, value: 3, rows: 3 }], failing_group_count: 1 },
    'only missing dates, no thresholds': {
      thresholds: { fail: {} },
      failing_groups: [{ key: { game_date: '2026-01-01' }, value: null, rows: 0, reason: 'missing' }],
      failing_group_count: 1,
    },
    'max threshold, seconds, multi-column keys': {
      metric: { name: 'lag', value: 90000, unit: 'seconds' },
      thresholds: { fail: { max: 86400 }, warn: { max: 43200 } },
      failing_groups: [
        { key: { game_date: '2026-01-02', team: 'LAL' }, value: 90000 },
        { key: { game_date: '2026-01-02', team: 'BOS' }, value: 120000 },
        { key: { game_date: '2025-06-30', team: 'BOS' }, value: 100000 },
      ],
      failing_group_count: 3,
    },
    'negative values, equals bound': {
      metric: { name: 'delta', value: -5, unit: 'number' },
      thresholds: { fail: { equals: 0 } },
      failing_groups: [
        { key: { d: '2026-01-01' }, value: -5 },
        { key: { d: '2026-01-09' }, value: 12.5 },
      ],
      failing_group_count: 2,
    },
    'no failing groups': { failing_groups: [], failing_group_count: 0 },
  };
  for (const [name, patch] of Object.entries(variants)) {
    it(name, () => {
      const report = clone(loadFixture('incident'));
      const i = report.checks.findIndex((c) => c.id === base.id);
      const check = { ...report.checks[i]!, ...patch } as CheckReport;
      report.checks[i] = check;
      const svg = renderDateChart(check, 'c');
      expect(svg).not.toMatch(/NaN|Infinity|undefined/);
      if (check.failing_groups.length) expect(svg).toContain('<svg');
      else expect(svg).toBe('');
      for (const out of [renderHtml(report), renderMarkdown(report), renderJUnit(report)]) expect(out).not.toMatch(/NaN|Infinity|undefined|\[object Object\]/);
    });
  }
});
