// Every reporter formats failing group values in the check's group_metric, not in its metric:
// reconcile counts mismatched groups, but each group's value is its completeness (a share).
import { describe, expect, it } from 'vitest';
import { renderDateChart } from '../../src/reports/chart.js';
import { formatGroup } from '../../src/reports/console.js';
import { renderHtml } from '../../src/reports/html.js';
import { renderJUnit } from '../../src/reports/junit.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import type { CheckReport, RunReport } from '../../src/run/report.js';
import { clone, findCheck, loadFixture } from './helpers.js';

const RECONCILE = 'team_offense_game_summary.reconcile_schedule';
const VOLUME = 'player_game_summary.daily_volume';

/** The incident fixture with reconcile and volume shaped as real runs write them. */
function report(): RunReport {
  const r = clone(loadFixture('incident'));
  const reconcile = findCheck(r, RECONCILE);
  Object.assign(reconcile, {
    metric: { name: 'mismatched_groups', value: 4, unit: 'count' },
    thresholds: { fail: { equals: 0 } },
    group_metric: { name: 'completeness', unit: 'share', bounds: { equals: 1 } },
    failing_group_count: 4,
    failing_groups: [
      { key: { game_date: '2025-11-19' }, value: 0, rows: 0, reason: 'missing', details: { expected: 24, actual: 0, completeness: 0 } },
      { key: { game_date: '2026-01-03' }, value: 0.125, rows: 2, details: { expected: 16, actual: 2, completeness: 0.125 } },
      { key: { game_date: '2025-12-31' }, value: 0.5, rows: 7, details: { expected: 14, actual: 7, completeness: 0.5 } },
      { key: { game_date: '2026-01-05' }, value: null, rows: 4, reason: 'unexpected', details: { expected: null, actual: 4, completeness: null } },
    ],
  } satisfies Partial<CheckReport>);
  const volume = findCheck(r, VOLUME);
  Object.assign(volume, {
    metric: { name: 'low_volume_partitions', value: 1, unit: 'count' },
    thresholds: { fail: { equals: 0 } },
    group_metric: { name: 'ratio', unit: 'share', bounds: { min: 0.5 } },
    failing_group_count: 1,
    failing_groups: [{ key: { game_date: '2026-01-03' }, value: 0.2, rows: 2, details: { rows: 2, trailing_median: 10, ratio: 0.2 } }],
  } satisfies Partial<CheckReport>);
  return r;
}

describe('group values in the group metric', () => {
  it('console: the value named and in its unit; a missing partition without a redundant row count', () => {
    const r = report();
    const c = findCheck(r, RECONCILE);
    expect(c.failing_groups.map((g) => formatGroup(g, c))).toEqual([
      'game_date=2025-11-19: missing (no rows) (expected 24, actual 0)',
      'game_date=2026-01-03: completeness 12.5% (2 rows; expected 16, actual 2)',
      'game_date=2025-12-31: completeness 50% (7 rows; expected 14, actual 7)',
      'game_date=2026-01-05: completeness — (4 rows, unexpected; expected null, actual 4)',
    ]);
    const v = findCheck(r, VOLUME);
    expect(formatGroup(v.failing_groups[0]!, v)).toBe('game_date=2026-01-03: ratio 20% (2 rows; trailing_median 10)');
    // A grouped check's groups are in its own metric: no name repeated.
    const fixture = loadFixture('incident');
    const coverage = findCheck(fixture, 'player_game_summary.usage_rate_coverage');
    expect(formatGroup(coverage.failing_groups[0]!, coverage)).toBe('game_date=2025-12-26: 11.1% (234 rows)');
    const missing = findCheck(fixture, VOLUME).failing_groups.find((g) => g.reason === 'missing')!;
    expect(formatGroup(missing, findCheck(fixture, VOLUME))).toBe('game_date=2025-12-28: missing (no rows)');
  });

  it('junit: group lines in the group unit, and what the values are', () => {
    const xml = renderJUnit(report());
    expect(xml).toContain('groups:    completeness per group (fails ≠ 100%)');
    expect(xml).toContain('game_date=2026-01-03: 12.5% (rows 2; expected 16, actual 2, completeness 12.5%)');
    expect(xml).toContain('game_date=2025-11-19: missing (no rows) (rows 0; expected 24, actual 0, completeness 0%)');
    expect(xml).toContain('groups:    ratio per group (fails &lt; 50%)');
    expect(xml).toContain('game_date=2026-01-03: 20% (rows 2; rows 2, trailing_median 10, ratio 20%)');
    expect(xml).not.toMatch(/: 0\.125|: 0\.2 /);
  });

  it('markdown: the value column is named after the group metric; columns repeating it are left out', () => {
    const md = renderMarkdown(report());
    expect(md).toContain('Values: completeness per group (fails ≠ 100%).');
    expect(md).toContain('| game_date | completeness | rows | expected | actual | reason |');
    expect(md).toContain('| 2026-01-03 | 12.5% | 2 | 16 | 2 |  |');
    expect(md).toContain('| 2025-11-19 | **missing** (no rows) | 0 | 24 | 0 |  |');
    expect(md).toContain('| 2026-01-05 | — | 4 | null | 4 | unexpected |');
    expect(md).toContain('| game_date | ratio | rows | trailing_median |');
    expect(md).toContain('| 2026-01-03 | 20% | 2 | 10 |');
    // The check's own metric is still a count.
    expect(md).toContain('mismatched_groups = 4');
  });

  it('html: the groups table and the chart use the group metric and its per-group bounds', () => {
    const r = report();
    const html = renderHtml(r);
    expect(html).toContain('<th>completeness</th>');
    expect(html).toContain('<dt>values</dt><dd>completeness per group (fails ≠ 100%)</dd>');
    const chart = renderDateChart(findCheck(r, RECONCILE), 'c');
    // The per-group bound, not the check's "mismatched_groups = 0".
    expect(chart).toContain('>fail ≠ 100%</text>');
    expect(chart).not.toContain('fail ≠ 0<');
    expect(chart).toContain('completeness (%)</text>');
    expect(chart).toContain('>2026-01-03 · 12.5%</text>');
    expect(chart).toContain('<title>game_date=2026-01-03 · completeness 12.5% · rows 2 · expected 16 · actual 2</title>');
    // The missing partition is a hatched column (its completeness is 0, not null); the unexpected date has no value to plot.
    expect(chart).toContain('<g class="missing" data-date="2025-11-19">');
    expect(chart).not.toContain('data-date="2025-11-19"><title>game_date=2025-11-19 · completeness');
    expect(chart).not.toContain('2026-01-05');
    const volume = renderDateChart(findCheck(r, VOLUME), 'v');
    expect(volume).toContain('>fail &lt; 50%</text>');
    expect(volume).toContain('ratio (%)</text>');
    expect(volume).toContain('>2026-01-03 · 20%</text>');
  });

  it('rows per group read as counts', () => {
    const r = report();
    const c = findCheck(r, VOLUME);
    Object.assign(c, {
      type: 'rows_per_group',
      metric: { name: 'groups_out_of_bounds', value: 2, unit: 'count' },
      group_metric: { name: 'rows', unit: 'count', bounds: { equals: 2 } },
      failing_group_count: 2,
      failing_groups: [
        { key: { game_id: '0022400535' }, value: 1, rows: 1 },
        { key: { game_id: '0022400537' }, value: 3, rows: 3 },
      ],
    } satisfies Partial<CheckReport>);
    expect(formatGroup(c.failing_groups[0]!, c)).toBe('game_id=0022400535: rows 1');
    const md = renderMarkdown(r);
    expect(md).toContain('| game_id | rows |\n| --- | --- |\n| 0022400535 | 1 |\n| 0022400537 | 3 |');
    expect(renderJUnit(r)).toContain('groups:    rows per group (fails ≠ 2)');
    // Not keyed by a date: no chart.
    expect(renderDateChart(c, 'x')).toBe('');
  });
});
