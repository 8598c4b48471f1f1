// The HTML report's Trends section (issue 13): each check's metric over the recent recorded runs
// of the same selection next to today's value (an inline SVG sparkline), and for grouped checks
// today's full per-partition series (passing partitions too) with the threshold lines, failing
// and missing partitions marked. Kept apart from html.ts, which only places the section.
// Markup is well-formed XML, every text from the report or the store goes through `esc`, and the
// figures are attributes and <title>s: nothing here runs.
import { checkSeries } from '../history/series.js';
import { metricNumber, type RunRecord } from '../history/records.js';
import { formatGroupKey, formatMetricValue, groupMetricOf, groupThresholds } from '../run/format.js';
import { partitionValuesOf, type PartitionValue } from '../run/partition-values.js';
import type { CheckReport, MetricUnit, RunReport } from '../run/report.js';
import { esc } from './chart.js';

/** What the store gave for the trends: the earlier runs of this selection (newest first), or why it could not. */
export type TrendHistory = { runs: readonly RunRecord[] } | { error: string };

const f = (n: number) => n.toFixed(1);
const COLOR: Record<string, string> = { pass: '#1a7f37', warn: '#9a6700', fail: '#cf222e', error: '#8250df', skipped: '#6e7781' };

interface SparkPoint {
  run_id: string;
  label: string;
  value: number | null;
  status: string;
  today: boolean;
}

/** y of each value between the series' min and max (the middle when they are equal). */
function scale(values: readonly (number | null)[], top: number, bottom: number, extra: readonly number[] = []): (v: number) => number {
  const numbers = [...values.filter((v): v is number => v !== null), ...extra];
  const lo = Math.min(...numbers);
  const hi = Math.max(...numbers);
  return (v) => (numbers.length === 0 || hi === lo ? (top + bottom) / 2 : bottom - ((v - lo) / (hi - lo)) * (bottom - top));
}

function sparkline(check: CheckReport, points: SparkPoint[]): string {
  const W = 180;
  const H = 32;
  const unit = check.metric.unit;
  const x = (i: number) => 4 + (points.length === 1 ? (W - 8) / 2 : (i * (W - 8)) / (points.length - 1));
  const y = scale(points.map((p) => p.value), 5, H - 5);
  const out = [`<svg class="sparkline" data-sparkline-for="${esc(check.id)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">`];
  out.push(`<title>${esc(`${check.id}: ${check.metric.name} over ${points.length} runs`)}</title>`);
  // A line through consecutive runs that have a value; a run without one leaves a gap.
  let segment: string[] = [];
  const flush = () => {
    if (segment.length > 1) out.push(`<polyline points="${segment.join(' ')}" fill="none" stroke="#57606a" stroke-width="1.2"/>`);
    segment = [];
  };
  points.forEach((p, i) => (p.value === null ? flush() : segment.push(`${f(x(i))},${f(y(p.value))}`)));
  flush();
  points.forEach((p, i) => {
    if (p.value === null) return;
    const title = `${p.today ? 'this run' : p.label} · ${p.status} · ${formatMetricValue(p.value, unit)}`;
    out.push(
      `<circle class="run run-${esc(p.status)}${p.today ? ' today' : ''}" data-run-id="${esc(p.run_id)}" data-value="${p.value}" cx="${f(x(i))}" cy="${f(y(p.value))}" r="${p.today ? 3.5 : 2.2}" fill="${COLOR[p.status] ?? '#57606a'}"><title>${esc(title)}</title></circle>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}

function partitionChart(check: CheckReport, values: readonly PartitionValue[]): string {
  const W = 640;
  const H = 150;
  const M = { l: 8, r: 8, t: 10, b: 14 };
  const gm = groupMetricOf(check);
  const { fail, warn } = groupThresholds(check);
  const sorted = [...values].sort((a, b) => formatGroupKey(a.key).localeCompare(formatGroupKey(b.key)));
  const lines: [string, number][] = [];
  for (const [kind, bounds] of [['fail', fail], ['warn', warn]] as const) {
    for (const v of [bounds?.min, bounds?.max, bounds?.equals]) if (v !== undefined) lines.push([kind, v]);
  }
  const y = scale(
    sorted.map((p) => p.value),
    M.t,
    H - M.b,
    lines.map(([, v]) => v),
  );
  const x = (i: number) => M.l + (sorted.length === 1 ? (W - M.l - M.r) / 2 : (i * (W - M.l - M.r)) / (sorted.length - 1));
  const missing = (p: PartitionValue) => p.reason === 'missing';
  const out = [`<svg class="partition-series" data-series-for="${esc(check.id)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">`];
  out.push(`<title>${esc(`${check.id}: ${gm.name} of each of ${sorted.length} partitions in this run`)}</title>`);
  for (const [kind, v] of lines) {
    out.push(
      `<line class="threshold threshold-${kind}" data-value="${v}" x1="${M.l}" x2="${W - M.r}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="${COLOR[kind]}" stroke-dasharray="6 3"><title>${esc(`${kind} threshold ${formatMetricValue(v, gm.unit as MetricUnit)}`)}</title></line>`,
    );
  }
  sorted.forEach((p, i) => {
    const key = formatGroupKey(p.key);
    if (missing(p) || p.value === null) {
      // No value to place: a cross on the axis (a missing partition is one the check expected, with no rows).
      const cx = x(i);
      const cy = H - M.b / 2;
      const what = missing(p) ? 'missing partition: no rows' : 'no value';
      out.push(
        `<path class="part part-missing" data-key="${esc(key)}" d="M${f(cx - 4)} ${f(cy - 4)} l8 8 m0 -8 l-8 8" stroke="${COLOR.fail}" stroke-width="2"><title>${esc(`${key} · ${what} · ${p.status}`)}</title></path>`,
      );
      return;
    }
    out.push(
      `<circle class="part part-${esc(p.status)}" data-key="${esc(key)}" data-value="${p.value}" cx="${f(x(i))}" cy="${f(y(p.value))}" r="${p.status === 'pass' ? 2 : 3.5}" fill="${COLOR[p.status] ?? '#57606a'}"><title>${esc(`${key} · ${formatMetricValue(p.value, gm.unit as MetricUnit)} · ${p.status}`)}</title></circle>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}

/** The Trends section: one row per check of the run, in the report's order. */
export function trendsSection(report: RunReport, history: TrendHistory): string {
  const out = ['<section class="block" id="trends"><h2>Trends</h2>'];
  if ('error' in history) {
    out.push(`<p class="caption">The history store could not be read, so no trends are shown: ${esc(history.error)}</p></section>`);
    return out.join('\n');
  }
  out.push(
    `<p class="caption">${esc(`Each check's metric over the ${history.runs.length} earlier recorded runs of this selection and this run (the larger point); grouped checks: every partition of this run, passing ones too, with the thresholds.`)}</p>`,
    '<table class="trends"><thead><tr><th>check</th><th>recent runs</th><th>this run</th></tr></thead><tbody>',
  );
  const partitionRows: string[] = [];
  for (const check of report.checks) {
    const earlier = checkSeries(check.id, history.runs).points.map((p) => ({ run_id: p.run_id, label: `${p.started_at} ${p.run_id}`, value: p.value, status: p.status, today: false }));
    const today = { run_id: report.run_id, label: report.started_at, value: metricNumber(check.metric.value), status: check.status, today: true };
    out.push(
      `<tr data-trend-for="${esc(check.id)}"><td>${esc(check.id)}</td><td>${sparkline(check, [...earlier, today])}</td><td>${esc(`${check.status} · ${formatMetricValue(check.metric.value, check.metric.unit)}`)}</td></tr>`,
    );
    const values = partitionValuesOf(report, check.id);
    if (values && values.length > 0) {
      partitionRows.push(`<h3>${esc(check.id)}</h3><div class="chart-box">${partitionChart(check, values)}</div>`);
    }
  }
  out.push('</tbody></table>', ...partitionRows, '</section>');
  return out.join('\n');
}
