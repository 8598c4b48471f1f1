// The chart's time axis: long stretches without a failing date (an off-season) are cut out.
import { describe, expect, it } from 'vitest';
import { renderDateChart, timeAxis, timeTicks } from '../../src/reports/chart.js';
import type { CheckReport } from '../../src/run/report.js';
import { findCheck, loadFixture } from './helpers.js';

const day = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

describe('time axis', () => {
  it('keeps one segment for dates close together', () => {
    const { segments, pxPerDay } = timeAxis([day('2026-01-01'), day('2026-01-03'), day('2026-01-20')], 1000);
    expect(segments).toHaveLength(1);
    expect(segments[0]!.x0).toBe(0);
    expect(segments[0]!.x1).toBeCloseTo(1000);
    expect(pxPerDay).toBeCloseTo(1000 / (19 + 2));
  });

  it('cuts the off-season out: two seasons share the width, on one scale', () => {
    const spring = ['2025-01-02', '2025-02-10', '2025-03-20', '2025-04-13'].map(day);
    const fall = ['2025-10-21', '2025-12-01', '2026-01-03'].map(day);
    const { segments, pxPerDay } = timeAxis([...spring, ...fall], 1000);
    expect(segments.map((s) => [s.first, s.last])).toEqual([
      [spring[0], spring[3]],
      [fall[0], fall[2]],
    ]);
    // Same px per day in both segments; the 190-day gap takes a fixed 22 px.
    for (const s of segments) expect((s.x1 - s.x0) / (s.to - s.from)).toBeCloseTo(pxPerDay);
    expect(segments[1]!.x0 - segments[0]!.x1).toBe(22);
    expect(segments[1]!.x1).toBeCloseTo(1000);
    // Month ticks in each segment, none in the gap.
    const labels = timeTicks(segments).map((t) => t.label);
    expect(labels).toContain('Jan 2025');
    expect(labels).toContain('Jan 2026');
    expect(labels.some((l) => /Jun|Jul|Aug/.test(l))).toBe(false);
  });

  it('labels a lone date with itself, keeps axis labels apart and draws a break marker per gap', () => {
    const check: CheckReport = {
      ...findCheck(loadFixture('incident'), 'player_game_summary.usage_rate_coverage'),
      failing_groups: ['2021-12-23', '2023-10-24', '2025-01-02', '2025-01-09', '2025-02-20'].map((d) => ({ key: { game_date: d }, value: 0.2 })),
      failing_group_count: 5,
    };
    const svg = renderDateChart(check, 'c');
    expect(svg.match(/class="axis-break"/g)).toHaveLength(2);
    // The first lone date is labelled with itself; the next one's label would collide with it and is left out.
    expect(svg).toContain('text-anchor="middle">2021-12-23</text>');
    const ticks = [...svg.matchAll(/<text x="([\d.]+)" y="258.0" text-anchor="middle">([^<]+)<\/text>/g)].map((m) => ({ x: Number(m[1]), w: m[2]!.length * 6.6 }));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.x - ticks[i]!.w / 2).toBeGreaterThan(ticks[i - 1]!.x + ticks[i - 1]!.w / 2);
    expect(svg).toContain('2023-10-25 to 2025-01-01: no failing game_date (435 days left out of the axis)');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });
});
