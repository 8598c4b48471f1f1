// Issue 13: the HTML report's Trends section, parsed as XML: each check's metric over the earlier
// recorded runs next to this run's, and a grouped check's every partition (passing ones too)
// with its threshold, failing and missing partitions marked; inert whatever the store holds.
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/history/records.js';
import { renderHtml } from '../../src/reports/html.js';
import type { TrendHistory } from '../../src/reports/trends.js';
import { attachPartitionValues, keepPartitionValues, type PartitionValue } from '../../src/run/partition-values.js';
import type { RunReport } from '../../src/run/report.js';
import { clone, findCheck, HOSTILE, loadFixture, parseXml } from './helpers.js';

const VOLUME = 'player_game_summary.daily_volume'; // row_count per game_date, fail below 100; today's metric 0

const PARTITIONS: PartitionValue[] = [
  { key: { game_date: '2025-12-24' }, value: 120, rows: 120, status: 'pass' },
  { key: { game_date: '2025-12-25' }, value: 130, rows: 130, status: 'pass' },
  { key: { game_date: '2025-12-26' }, value: 40, rows: 40, status: 'fail' },
  { key: { game_date: '2025-12-27' }, value: null, rows: 0, status: 'fail', reason: 'missing' },
  { key: { game_date: '2025-12-28' }, value: 110, rows: 110, status: 'pass' },
];

/** The incident report with every partition of the volume check attached, as run() attaches them. */
function reportWithPartitions(partitions: PartitionValue[] = PARTITIONS, base: RunReport = clone(loadFixture('incident'))): RunReport {
  keepPartitionValues(findCheck(base, VOLUME), partitions);
  return attachPartitionValues(base, base.checks, (k) => k);
}

/** An earlier run holding only the volume check with this metric. */
function earlier(runId: string, value: number | null, status: 'pass' | 'fail'): RunRecord {
  return {
    run_id: runId, started_at: `2025-12-2${runId.slice(-1)}T06:00:00.000Z`, finished_at: '', suite: null, select: [], exclude: [],
    target: 'prod', engine: 'bigquery', as_of: '', from: null, to: null, exit_code: 0, status, selection: '',
    checks: [
      {
        check_id: VOLUME, table: 'player_game_summary', type: 'row_count', status, metric_name: 'min_rows_per_date', metric_value: value,
        metric_text: value === null ? null : String(value), metric_unit: 'count', rows_evaluated: 1, failing_group_count: 0,
        partition_unit: null, partitions_complete: true, partitions: [],
      },
    ],
  };
}

// Newest first, as the store lists them.
const HISTORY: TrendHistory = { runs: [earlier('run-3', 0, 'fail'), earlier('run-2', 105, 'pass'), earlier('run-1', 118, 'pass')] };

/** The Trends section of the page, checked well-formed and parsed with attributes as text. */
function trends(html: string): any {
  const start = html.indexOf('<section class="block" id="trends">');
  expect(start).toBeGreaterThan(0);
  const xml = html.slice(start, html.indexOf('</section>', start) + '</section>'.length);
  return parseXml(xml, ['tr', 'circle', 'line', 'path', 'svg', 'h3', 'div', 'td', 'polyline'], { htmlEntities: true }).section;
}

const row = (section: any, id: string) => section.table.tbody.tr.find((r: any) => r['@_data-trend-for'] === id);
const sparkCircles = (section: any, id: string) => row(section, id).td[1].svg[0].circle as any[];
const seriesOf = (section: any, id: string) => section.div.map((d: any) => d.svg[0]).find((s: any) => s['@_data-series-for'] === id);

describe('the Trends section of report.html', () => {
  const section = trends(renderHtml(reportWithPartitions(), HISTORY));

  it("charts each check's metric over the earlier runs, oldest first, then this run's", () => {
    const circles = sparkCircles(section, VOLUME);
    expect(circles.map((c) => c['@_data-run-id'])).toEqual(['run-1', 'run-2', 'run-3', loadFixture('incident').run_id]);
    expect(circles.map((c) => Number(c['@_data-value']))).toEqual([118, 105, 0, 0]);
    expect(circles.map((c) => c['@_class'])).toEqual(['run run-pass', 'run run-pass', 'run run-fail', 'run run-fail today']);
    // A check with no earlier run shows this run alone; every check of the run has its row.
    expect(sparkCircles(section, 'nbac_schedule.row_count').map((c) => Number(c['@_data-value']))).toEqual([2614]);
    expect(section.table.tbody.tr).toHaveLength(loadFixture('incident').checks.length);
  });

  it('charts every partition of a grouped check, passing too, with the threshold, failing and missing marked', () => {
    const svg = seriesOf(section, VOLUME);
    const points = (svg.circle as any[]).map((c) => [c['@_data-key'], Number(c['@_data-value']), c['@_class']]);
    expect(points).toEqual([
      ['game_date=2025-12-24', 120, 'part part-pass'],
      ['game_date=2025-12-25', 130, 'part part-pass'],
      ['game_date=2025-12-26', 40, 'part part-fail'],
      ['game_date=2025-12-28', 110, 'part part-pass'],
    ]);
    expect((svg.path as any[]).map((p) => [p['@_data-key'], p['@_class']])).toEqual([['game_date=2025-12-27', 'part part-missing']]);
    expect((svg.line as any[]).map((l) => [l['@_class'], Number(l['@_data-value'])])).toEqual([['threshold threshold-fail', 100]]);
    // Checks without per-partition values have no series chart.
    expect(section.div).toHaveLength(1);
  });

  it('places the partitions by value: a lower value sits lower (larger y) on the chart', () => {
    const svg = seriesOf(section, VOLUME);
    const y = Object.fromEntries((svg.circle as any[]).map((c) => [Number(c['@_data-value']), Number(c['@_cy'])]));
    const threshold = Number(svg.line[0]['@_y1']);
    expect(y[40]).toBeGreaterThan(threshold);
    expect(y[110]).toBeLessThan(threshold);
    expect(y[130]).toBeLessThan(y[120]!);
  });

  it('is inert: hostile keys, run ids and store errors are text, never markup', () => {
    const partitions = [...PARTITIONS, { key: { game_date: '2025-12-29', team_abbr: HOSTILE }, value: 5, rows: 5, status: 'fail' as const }];
    const hostileRun = earlier('run-1', 7, 'fail');
    hostileRun.run_id = HOSTILE;
    const html = renderHtml(reportWithPartitions(partitions), { runs: [hostileRun] });
    const parsed = trends(html);
    expect(JSON.stringify(parsed)).not.toMatch(/"script"/);
    expect(sparkCircles(parsed, VOLUME)[0]['@_data-run-id']).toBe(HOSTILE);
    expect(seriesOf(parsed, VOLUME).circle.at(-1)['@_data-key']).toBe(`game_date=2025-12-29, team_abbr=${HOSTILE}`);
    const failed = trends(renderHtml(reportWithPartitions(), { error: `cannot read ${HOSTILE}` }));
    expect(failed.p['#text']).toContain(`cannot read ${HOSTILE}`);
    expect(failed.table).toBeUndefined();
  });

  it('is absent when the run has no history to show (no store read)', () => {
    expect(renderHtml(reportWithPartitions())).not.toContain('id="trends"');
  });
});
