// Inline SVG chart of a check's per-date values (failing groups keyed by a YYYY-MM-DD value):
// x = date, y = the group's value in the group metric's unit (reconcile: completeness, volume:
// ratio to the trailing median), the bounds each group is held to as lines, the failing dates
// as red points with <title> tooltips, missing partitions as hatched columns.
// Pure string output; every text from the report goes through `esc`.
import {
  formatDetail,
  formatGroupKey,
  formatMetricValue,
  formatNumber,
  formatSeconds,
  formatShare,
  groupDate,
  groupDateColumn,
  groupMetricOf,
  groupThresholds,
  isMissingGroup,
} from '../run/format.js';
import type { CheckReport, MetricUnit } from '../run/report.js';
import { inert, inertBlock } from './inert.js';

/** Text and attribute escaping for HTML and inline SVG; control characters shown escaped (inert.ts). */
export function esc(value: unknown): string {
  return entities(inert(String(value)));
}

/** Escaping for a multi-line block (SQL, an engine error in a <pre>): line breaks kept. */
export function escBlock(value: string): string {
  return entities(inertBlock(value));
}

function entities(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface ChartPoint {
  date: string;
  day: number;
  value: number | null;
  missing: boolean;
  /** Tooltip text. */
  title: string;
}

const DAY_MS = 86_400_000;

function dayOf(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The check's failing groups that carry a date, as chart points (sorted by date); empty when none do. */
export function datePoints(check: CheckReport): ChartPoint[] {
  const gm = groupMetricOf(check);
  const named = check.group_metric !== undefined && gm.name !== check.metric.name;
  const points: ChartPoint[] = [];
  for (const g of check.failing_groups) {
    const date = groupDate(g.key);
    if (!date) continue;
    // A missing partition is a column, not a point, whatever its value (reconcile's is 0%).
    const missing = isMissingGroup(g);
    // A group without a value (reconcile: a date the other table does not expect) has no place on the y axis.
    if (!missing && g.value === null) continue;
    const value = missing ? 'missing partition: no rows' : `${named ? `${gm.name} ` : ''}${formatMetricValue(g.value, gm.unit)}`;
    const parts = [formatGroupKey(g.key), value];
    if (g.rows !== undefined) parts.push(`rows ${formatNumber(g.rows, 0)}`);
    for (const [k, v] of Object.entries(g.details ?? {})) if (!(named && k === gm.name)) parts.push(`${k} ${formatDetail(k, v, gm)}`);
    if (g.reason && !missing) parts.push(`reason ${g.reason}`);
    points.push({ date, day: dayOf(date), value: missing ? null : g.value, missing, title: parts.join(' · ') });
  }
  return points.sort((a, b) => a.day - b.day);
}

/** A stretch of the time axis: failing dates `first`..`last`, drawn (with padding) as days `from`..`to` at x0..x1. */
export interface AxisSegment {
  first: number;
  last: number;
  from: number;
  to: number;
  x0: number;
  x1: number;
}

/** Gaps between failing dates longer than this many days (and 10% of the whole span) break the axis. */
const BREAK_DAYS = 45;
/** Width of an axis break, in px. */
const BREAK_PX = 22;

/**
 * The time axis for these (sorted, distinct) days over `width` px: one scale for every day, but
 * long stretches without any failing date (a sport's off-season, a quiet year) are cut out and
 * drawn as a narrow break, so the dates that are there get the room. Each segment is padded so
 * its edge points sit off the break and the plot edge.
 */
export function timeAxis(days: number[], width: number): { segments: AxisSegment[]; pxPerDay: number } {
  const breakAt = Math.max(BREAK_DAYS, (days[days.length - 1]! - days[0]!) * 0.1);
  const runs: { first: number; last: number }[] = [];
  for (const day of days) {
    const run = runs[runs.length - 1];
    if (run && day - run.last <= breakAt) run.last = day;
    else runs.push({ first: day, last: day });
  }
  const core = runs.reduce((sum, r) => sum + (r.last - r.first), 0);
  const pad = Math.max(1, Math.round(core * 0.03));
  const pxPerDay = (width - BREAK_PX * (runs.length - 1)) / (core + 2 * pad * runs.length);
  const segments: AxisSegment[] = [];
  let x = 0;
  for (const r of runs) {
    const from = r.first - pad;
    const to = r.last + pad;
    segments.push({ ...r, from, to, x0: x, x1: x + (to - from) * pxPerDay });
    x += (to - from) * pxPerDay + BREAK_PX;
  }
  return { segments, pxPerDay };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Date ticks for the segments, about six over the axis: every N days from each segment's first
 * date for short spans, else the first of every N months ("Feb 2025") or years. A segment no
 * tick falls in is labelled with its first date.
 */
export function timeTicks(segments: AxisSegment[]): { day: number; label: string }[] {
  const days = segments.reduce((sum, s) => sum + (s.to - s.from), 0);
  const stepDays = [1, 2, 3, 5, 7, 14, 21].find((step) => days / step <= 6);
  const months = [1, 2, 3, 6, 12, 24, 60].find((m) => days / (30.44 * m) <= 6) ?? 120;
  const ticks: { day: number; label: string }[] = [];
  for (const seg of segments) {
    const inside: { day: number; label: string }[] = [];
    if (stepDays !== undefined) {
      for (let d = seg.first; d <= seg.to; d += stepDays) inside.push({ day: d, label: dateOfDay(d) });
    } else {
      const start = new Date(seg.from * DAY_MS);
      for (let i = start.getUTCFullYear() * 12 + start.getUTCMonth(); ; i++) {
        const day = Math.round(Date.UTC(Math.floor(i / 12), i % 12, 1) / DAY_MS);
        if (day > seg.to) break;
        if (day >= seg.from && i % months === 0) inside.push({ day, label: months >= 12 ? String(Math.floor(i / 12)) : `${MONTHS[i % 12]} ${Math.floor(i / 12)}` });
      }
    }
    ticks.push(...(inside.length ? inside : [{ day: seg.first, label: dateOfDay(seg.first) }]));
  }
  return ticks;
}

function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const f = raw / pow;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * pow;
}

/** Steps of whole minutes, hours or days, so duration ticks read 6h, 12h, 18h rather than 13h 53m. */
function niceSecondsStep(raw: number): number {
  const steps = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];
  return steps.find((s) => s >= raw) ?? Math.ceil(raw / 604800) * 604800;
}

function tickLabel(value: number, unit: MetricUnit): string {
  if (unit === 'share') return formatShare(value);
  if (unit === 'seconds') return formatSeconds(value);
  return formatNumber(value, 2);
}

const W = 1080;
const H = 290;
const M = { l: 64, r: 24, t: 22, b: 50 };

interface Box {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

/** An inline SVG chart of the check's per-date values, or '' when no failing group has a date. */
export function renderDateChart(check: CheckReport, chartId: string): string {
  const points = datePoints(check);
  if (points.length === 0) return '';
  const gm = groupMetricOf(check);
  const unit = gm.unit;
  const { fail, warn } = groupThresholds(check);
  const keyName = check.failing_groups.map((g) => groupDateColumn(g.key)).find((k) => k !== undefined) ?? 'date';

  // y domain: 0 and every value and threshold; shares above 50% show the whole 0–100% range.
  const values = points.flatMap((p) => (p.value === null ? [] : [p.value]));
  const limits = [fail.min, fail.max, fail.equals, warn?.min, warn?.max, warn?.equals].filter((v): v is number => v !== undefined);
  let lo = Math.min(0, ...values, ...limits);
  let hi = Math.max(0, ...values, ...limits);
  if (unit === 'share' && hi <= 1 && hi > 0.5 && lo >= 0) hi = 1;
  else hi = hi + (hi - lo) * 0.1;
  if (hi === lo) hi = lo + 1;
  const step = unit === 'seconds' ? niceSecondsStep((hi - lo) / 5) : niceStep((hi - lo) / 5);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;

  // x domain: the dates, on one scale, with long stretches without a failing date cut out.
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const { segments, pxPerDay } = timeAxis([...new Set(points.map((p) => p.day))], pw);
  const x = (day: number) => {
    const seg = segments.find((s) => day <= s.to) ?? segments[segments.length - 1]!;
    return M.l + seg.x0 + (day - seg.from) * pxPerDay;
  };
  const y = (v: number) => M.t + ph - ((v - lo) / (hi - lo)) * ph;
  const f = (n: number) => n.toFixed(1);
  // Many dates close together: smaller points and thinner stems, so neighbours stay apart.
  const radius = Math.max(3, Math.min(4.5, pxPerDay * 0.6));
  const stem = Math.max(0.75, Math.min(1.5, pxPerDay * 0.3));

  const out: string[] = [];
  const titleId = `${chartId}-title`;
  const descId = `${chartId}-desc`;
  out.push(
    `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${titleId} ${descId}" data-chart-for="${esc(check.id)}">`,
    `<title id="${titleId}">${esc(check.id)}: ${esc(gm.name)} by ${esc(keyName)}</title>`,
    `<desc id="${descId}">${points.length} failing dates from ${esc(points[0]!.date)} to ${esc(points[points.length - 1]!.date)}</desc>`,
    `<defs><pattern id="${chartId}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff1f0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#cf222e" stroke-width="2" stroke-opacity="0.45"/></pattern>`,
    `<clipPath id="${chartId}-clip"><rect x="${M.l}" y="${M.t}" width="${pw}" height="${ph}"/></clipPath></defs>`,
    `<rect class="plot-bg" x="${M.l}" y="${M.t}" width="${pw}" height="${ph}" fill="#fff"/>`,
  );

  // The failing zone: below fail.min / above fail.max.
  if (fail.min !== undefined && fail.min > lo) {
    out.push(`<rect class="fail-zone" x="${M.l}" y="${f(y(fail.min))}" width="${pw}" height="${f(y(lo) - y(fail.min))}" fill="#cf222e" fill-opacity="0.06"/>`);
  }
  if (fail.max !== undefined && fail.max < hi) {
    out.push(`<rect class="fail-zone" x="${M.l}" y="${M.t}" width="${pw}" height="${f(y(fail.max) - M.t)}" fill="#cf222e" fill-opacity="0.06"/>`);
  }

  // Grid and y axis.
  out.push('<g class="axis axis-y" font-size="11" fill="#57606a">');
  for (let i = 0; i <= 20; i++) {
    const v = Number((lo + i * step).toFixed(10));
    if (v > hi + step / 2) break;
    const yy = f(y(v));
    out.push(`<line x1="${M.l}" x2="${M.l + pw}" y1="${yy}" y2="${yy}" stroke="#d0d7de" stroke-width="1"${i === 0 ? '' : ' stroke-dasharray="2 3"'}/>`);
    out.push(`<text x="${M.l - 8}" y="${f(y(v) + 4)}" text-anchor="end">${esc(tickLabel(v, unit))}</text>`);
  }
  out.push(
    `<text class="axis-label" transform="translate(16 ${f(M.t + ph / 2)}) rotate(-90)" text-anchor="middle" font-size="12" fill="#24292f">${esc(gm.name)}${unit === 'share' ? ' (%)' : ''}</text>`,
    '</g>',
  );

  // Axis breaks: a blank band over the plot and a ≈ on the axis where a stretch without failing dates is cut out.
  const base = M.t + ph;
  for (let i = 1; i < segments.length; i++) {
    const gap0 = M.l + segments[i - 1]!.x1;
    const gap1 = M.l + segments[i]!.x0;
    const mid = (gap0 + gap1) / 2;
    const days = segments[i]!.first - segments[i - 1]!.last - 1;
    out.push(
      `<g class="axis-break"><title>${esc(`${dateOfDay(segments[i - 1]!.last + 1)} to ${dateOfDay(segments[i]!.first - 1)}: no failing ${keyName} (${days} days left out of the axis)`)}</title>`,
      `<rect x="${f(gap0 + 4)}" y="${M.t}" width="${f(gap1 - gap0 - 8)}" height="${ph}" fill="#f6f8fa"/>`,
      `<path d="M${f(mid - 6)} ${f(base + 4)} l4 -8 M${f(mid + 2)} ${f(base + 4)} l4 -8" stroke="#57606a" stroke-width="1.2" fill="none"/></g>`,
    );
  }

  // x axis: one line per segment, date ticks whose labels do not collide.
  out.push('<g class="axis axis-x" font-size="11" fill="#57606a">');
  for (const seg of segments) out.push(`<line x1="${f(M.l + seg.x0)}" x2="${f(M.l + seg.x1)}" y1="${f(base)}" y2="${f(base)}" stroke="#57606a"/>`);
  let labelEnd = -Infinity;
  for (const tick of timeTicks(segments)) {
    const xx = x(tick.day);
    const half = tick.label.length * 3.3;
    if (xx - half < labelEnd + 8 || xx + half > W - 2) continue;
    labelEnd = xx + half;
    out.push(`<line x1="${f(xx)}" x2="${f(xx)}" y1="${f(base)}" y2="${f(base + 5)}" stroke="#57606a"/>`);
    out.push(`<text x="${f(xx)}" y="${f(base + 18)}" text-anchor="middle">${esc(tick.label)}</text>`);
  }
  out.push(`<text class="axis-label" x="${f(M.l + pw / 2)}" y="${H - 8}" text-anchor="middle" font-size="12" fill="#24292f">${esc(keyName)}</text>`, '</g>');

  // Missing partitions: a hatched column over the whole height.
  const colW = Math.max(6, Math.min(18, pxPerDay * 0.8));
  for (const p of points.filter((pt) => pt.missing)) {
    out.push(
      `<g class="missing" data-date="${esc(p.date)}"><title>${esc(p.title)}</title>`,
      `<rect x="${f(x(p.day) - colW / 2)}" y="${M.t}" width="${f(colW)}" height="${ph}" fill="url(#${chartId}-hatch)" stroke="#cf222e" stroke-width="1" stroke-dasharray="3 2"/>`,
      `<path d="M${f(x(p.day) - 5)} ${f(M.t + ph - 11)} l10 10 m0 -10 l-10 10" stroke="#82071e" stroke-width="2.2" fill="none"/>`,
      '</g>',
    );
  }

  // Threshold lines, labelled.
  const thresholdLabels: Box[] = [];
  const thresholdLine = (v: number | undefined, kind: 'fail' | 'warn', text: string, anchorEnd: boolean) => {
    if (v === undefined || v < lo || v > hi) return;
    const yy = f(y(v));
    const width = text.length * 6.6;
    const tx = anchorEnd ? M.l + pw - 4 - width : M.l + 4;
    thresholdLabels.push({ x1: tx, x2: tx + width, y1: y(v) - 16, y2: y(v) - 2 }, { x1: M.l, x2: M.l + pw, y1: y(v) - 1.5, y2: y(v) + 1.5 });
    const color = kind === 'fail' ? '#cf222e' : '#9a6700';
    out.push(
      `<g class="threshold threshold-${kind}"><line x1="${M.l}" x2="${M.l + pw}" y1="${yy}" y2="${yy}" stroke="${color}" stroke-width="${kind === 'fail' ? 1.6 : 1.2}" stroke-dasharray="${kind === 'fail' ? '7 4' : '2 3'}"/>`,
      `<text x="${anchorEnd ? M.l + pw - 4 : M.l + 4}" y="${f(y(v) - 5)}" text-anchor="${anchorEnd ? 'end' : 'start'}" font-size="11" font-weight="600" fill="${color}" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(text)}</text></g>`,
    );
  };
  const failText = (v: number, side: 'min' | 'max' | 'equals') =>
    `fail ${side === 'min' ? (fail.strictMin ? '≤' : '<') : side === 'max' ? (fail.strictMax ? '≥' : '>') : '≠'} ${formatMetricValue(v, unit)}`;
  const warnText = (v: number, side: 'min' | 'max') =>
    `warn ${side === 'min' ? (warn?.strictMin ? '≤' : '<') : warn?.strictMax ? '≥' : '>'} ${formatMetricValue(v, unit)}`;
  thresholdLine(warn?.min, 'warn', warnText(warn?.min ?? 0, 'min'), false);
  thresholdLine(warn?.max, 'warn', warnText(warn?.max ?? 0, 'max'), false);
  thresholdLine(fail.min, 'fail', failText(fail.min ?? 0, 'min'), true);
  thresholdLine(fail.max, 'fail', failText(fail.max ?? 0, 'max'), true);
  thresholdLine(fail.equals, 'fail', failText(fail.equals ?? 0, 'equals'), true);

  // Stems from the threshold to each value show the shortfall; then the points.
  const ref = fail.min ?? fail.max ?? fail.equals;
  const valued = points.filter((p) => p.value !== null);
  out.push(`<g class="points" clip-path="url(#${chartId}-clip)">`);
  if (ref !== undefined) {
    for (const p of valued) {
      out.push(`<line x1="${f(x(p.day))}" x2="${f(x(p.day))}" y1="${f(y(ref))}" y2="${f(y(p.value!))}" stroke="#cf222e" stroke-opacity="${valued.length > 60 ? 0.22 : 0.35}" stroke-width="${f(stem)}"/>`);
    }
  }
  for (const p of valued) {
    out.push(
      `<g class="point" data-date="${esc(p.date)}"><title>${esc(p.title)}</title><circle cx="${f(x(p.day))}" cy="${f(y(p.value!))}" r="${f(radius)}" fill="#cf222e" stroke="#fff" stroke-width="${radius < 4 ? 1 : 1.5}"/></g>`,
    );
  }
  out.push('</g>');

  // Labels: the worst three values and every missing partition, placed without overlapping.
  const worst = [...valued]
    .sort((a, b) => (fail.max !== undefined && fail.min === undefined ? b.value! - a.value! : a.value! - b.value!))
    .slice(0, 3);
  const labelled = [...worst, ...points.filter((p) => p.missing)].sort((a, b) => a.day - b.day);
  // Obstacles: every point (so a label never sits on another date's point) and placed labels.
  const placed: Box[] = [
    ...thresholdLabels,
    ...valued.map((p) => ({ x1: x(p.day) - 6, x2: x(p.day) + 6, y1: y(p.value!) - 6, y2: y(p.value!) + 6 })),
  ];
  out.push('<g class="labels" font-size="11" font-weight="600">');
  for (const p of labelled) {
    const text = `${p.date} · ${p.missing ? 'missing' : formatMetricValue(p.value, unit)}`;
    const width = text.length * 6.3;
    const px = x(p.day);
    const py = p.missing ? M.t + 14 : y(p.value!);
    const own = (b: Box) => !p.missing && b.x1 === px - 6 && b.y1 === py - 6;
    let chosen: { box: Box; right: boolean } | undefined;
    // Beside the point first (right, then left), then ever further above or below it.
    search: for (const dy of [4, -10, 18, -24, 32, -38, 46, -52, -66, -80, -94, -108, -122, -136]) {
      for (const right of [true, false]) {
        const x1 = right ? px + 8 : px - 8 - width;
        const box = { x1, x2: x1 + width, y1: py + dy - 10, y2: py + dy + 3 };
        if (box.x1 < M.l || box.x2 > M.l + pw || box.y1 < M.t || box.y2 > M.t + ph) continue;
        if (!placed.some((b) => !own(b) && overlaps(b, box))) {
          chosen = { box, right };
          break search;
        }
      }
    }
    if (!chosen) continue;
    placed.push(chosen.box);
    const { box, right } = chosen;
    if (!p.missing && Math.abs(box.y2 - 6 - py) > 8) {
      // Moved away from its point: a leader line says which point it names.
      const lx = right ? box.x1 - 2 : box.x2 + 2;
      out.push(`<line class="leader" x1="${f(px)}" y1="${f(py)}" x2="${f(lx)}" y2="${f(box.y2 - 5)}" stroke="#a40e26" stroke-width="0.8"/>`);
    }
    out.push(
      `<text class="point-label" data-date="${esc(p.date)}" x="${f(right ? box.x1 : box.x2)}" y="${f(box.y2 - 2)}" text-anchor="${right ? 'start' : 'end'}" fill="${p.missing ? '#82071e' : '#a40e26'}" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(text)}</text>`,
    );
  }
  out.push('</g>', '</svg>');
  return out.join('');
}
