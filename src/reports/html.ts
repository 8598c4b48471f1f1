// report.html: one self-contained file for people. The gate's verdict at the top, the failing
// partitions per table, a filterable table of every check, and a card per problem check with an
// inline SVG chart of its per-date values and its failing groups, linking to its query.
// Each query's SQL (and engine error) is shown once, in the Queries section: 2,000 checks of one
// batch link to one copy instead of repeating it 2,000 times.
// No network: CSS, SVG and the (vanilla) filter script are inline, and a Content-Security-Policy
// allows only those exact inline blocks (by hash), nothing from anywhere else.
// Everything from the warehouse or the config goes through `esc`; no report data is put into the
// script, which only reads data-* attributes.
import { createHash } from 'node:crypto';
import type { CheckReport, CheckStatus, FailingGroup, QueryReport, RunReport } from '../run/report.js';
import {
  formatDetail,
  formatGroupKey,
  formatGroupValue,
  formatMetricValue,
  formatNumber,
  groupDate,
  groupMetricOf,
  groupThresholds,
  isMissingGroup,
  valueText,
} from '../run/format.js';
import { formatReportSql } from '../dialects/format-sql.js';
import { datePoints, esc, escBlock, renderDateChart } from './chart.js';
import { drillDownBlock } from './html-drill-down.js';
import { samplesBlock } from './html-samples.js';
import { trendsSection, type TrendHistory } from './trends.js';
import { excludedUpstreamLines, upstreamNote, withUpstreamNote } from './upstream-note.js';
import {
  describeGroupMetric,
  formatThresholds,
  groupColumns,
  runSeconds,
  sortChecks,
  STATUS_LABEL,
  verdict,
} from './format.js';

const STATUSES: CheckStatus[] = ['fail', 'error', 'warn', 'skipped', 'pass'];
const STATUS_NAME: Record<CheckStatus, string> = { fail: 'Failed', error: 'Errors', warn: 'Warnings', skipped: 'Skipped', pass: 'Passed' };
const COUNT_NAME: Record<CheckStatus, (n: number) => string> = {
  fail: () => 'failed',
  error: (n) => (n === 1 ? 'error' : 'errors'),
  warn: (n) => (n === 1 ? 'warning' : 'warnings'),
  skipped: () => 'skipped',
  pass: () => 'passed',
};
/** Date chips shown in the checks table before "+N more". */
const TABLE_DATES = 6;

const CSS = `
:root{--fail:#cf222e;--fail-bg:#ffebe9;--error:#8250df;--error-bg:#fbefff;--warn:#9a6700;--warn-bg:#fff8c5;
--skipped:#57606a;--skipped-bg:#eaeef2;--pass:#1a7f37;--pass-bg:#dafbe1;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;
--mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif}
.wrap{max-width:1240px;margin:0 auto;padding:0 24px}
code,pre,.mono{font-family:var(--mono);font-size:12.5px}
h2{font-size:18px;margin:0 0 12px}
h3{font-size:15px;margin:0}
.verdict{color:#fff;padding:26px 0 22px}
.verdict-closed{background:linear-gradient(135deg,#a40e26,#cf222e)}
.verdict-open{background:linear-gradient(135deg,#116329,#1a7f37)}
.verdict-unevaluated{background:linear-gradient(135deg,#7d4e00,#bc4c00)}
.verdict-config{background:linear-gradient(135deg,#512a97,#8250df)}
.verdict-top{display:flex;align-items:center;gap:18px;flex-wrap:wrap}
.verdict-icon{width:56px;height:56px;flex:none}
.verdict h1{margin:0;font-size:34px;line-height:1.1;letter-spacing:-.01em}
.verdict .sub{margin:4px 0 0;font-size:16px;opacity:.95}
.exit{display:inline-block;margin-left:auto;padding:8px 14px;border:2px solid rgba(255,255,255,.7);border-radius:10px;font:700 18px/1 var(--mono);text-align:center}
.exit small{display:block;font:600 10px/1.4 system-ui,sans-serif;text-transform:uppercase;letter-spacing:.08em;opacity:.85}
.counts{display:flex;gap:10px;flex-wrap:wrap;margin:18px 0 12px;padding:0;list-style:none}
.counts li{background:#fff;color:var(--fg);border-radius:8px;padding:6px 12px 6px 10px;display:flex;align-items:baseline;gap:6px;box-shadow:0 1px 2px rgba(0,0,0,.15)}
.counts b{font-size:20px}
.counts .zero{opacity:.6}
.meta{display:flex;flex-wrap:wrap;gap:4px 22px;margin:0;font-size:13px;opacity:.95}
.meta div{display:flex;gap:6px}
.meta dt{opacity:.8}
.meta dd{margin:0;font-weight:600}
section.block{background:#fff;border:1px solid var(--line);border-radius:10px;margin:20px 0;padding:18px 20px}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px;vertical-align:baseline}
.badge{display:inline-block;min-width:64px;text-align:center;border-radius:999px;padding:1px 8px;font:700 11px/18px system-ui,sans-serif;letter-spacing:.04em;border:1px solid transparent}
.b-fail{background:var(--fail-bg);color:var(--fail);border-color:rgba(207,34,46,.35)}
.b-error{background:var(--error-bg);color:var(--error);border-color:rgba(130,80,223,.35)}
.b-warn{background:var(--warn-bg);color:var(--warn);border-color:rgba(154,103,0,.35)}
.b-skipped{background:var(--skipped-bg);color:var(--skipped);border-color:rgba(87,96,106,.3)}
.b-pass{background:var(--pass-bg);color:var(--pass);border-color:rgba(26,127,55,.3)}
.partitions{display:grid;grid-template-columns:minmax(220px,max-content) 1fr;gap:10px 18px;align-items:start}
.partitions .table-name{font-weight:600;font-family:var(--mono);font-size:13px}
.partitions .n{color:var(--muted);font-weight:400}
.chips{display:flex;flex-wrap:wrap;gap:4px}
.chip{font:12px/18px var(--mono);background:var(--fail-bg);color:#82071e;border:1px solid rgba(207,34,46,.25);border-radius:5px;padding:0 6px;white-space:nowrap}
.chip.more{background:#fff;color:var(--muted);border-color:var(--line)}
.chip.missing{background:repeating-linear-gradient(45deg,#fff1f0,#fff1f0 3px,#ffd8d3 3px,#ffd8d3 6px);font-weight:700}
.toolbar{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin-bottom:12px}
.toolbar input{flex:1 1 280px;font:inherit;padding:7px 10px;border:1px solid var(--line);border-radius:6px;background:#fff}
.toolbar input:focus{outline:2px solid #0969da;outline-offset:-1px}
.toggles{display:flex;gap:6px;flex-wrap:wrap}
.toggle{font:600 13px/1 system-ui,sans-serif;padding:7px 10px;border-radius:6px;border:1px solid var(--line);background:#fff;color:var(--fg);cursor:pointer}
.toggle[aria-pressed=false]{opacity:.45;text-decoration:line-through;background:var(--bg)}
.toggle .dot{margin-right:5px}
.shown{color:var(--muted);font-size:13px;margin-left:auto}
.dot-fail{background:var(--fail)}.dot-error{background:var(--error)}.dot-warn{background:#d4a72c}.dot-skipped{background:#8c959f}.dot-pass{background:var(--pass)}
table{border-collapse:collapse;width:100%}
th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border-bottom:2px solid var(--line);padding:6px 8px;white-space:nowrap}
td{border-bottom:1px solid #eaeef2;padding:8px;vertical-align:top}
#checks tr.row-fail{background:#fffafa}
#checks tr.row-error{background:#fdfaff}
#checks td.id{min-width:230px}
#checks td.result{overflow-wrap:anywhere;min-width:260px}
#checks td.id a{font:600 13px var(--mono);color:var(--fg);text-decoration:none}
#checks td.id a:hover{text-decoration:underline}
#checks .type{color:var(--muted);font-size:12px}
#checks td.metric{white-space:nowrap;font-variant-numeric:tabular-nums}
#checks td.metric b{font-size:15px}
.metric-fail{color:var(--fail)}.metric-warn{color:var(--warn)}.metric-error{color:var(--error)}
#checks td.threshold{color:var(--muted);font-size:13px;min-width:110px}
#checks td.table{font:12.5px var(--mono);color:var(--muted);min-width:170px}
#checks td.result .chips{margin-top:5px}
.empty{color:var(--muted);text-align:center;padding:18px}
.card{background:#fff;border:1px solid var(--line);border-left:5px solid var(--line);border-radius:10px;margin:16px 0;padding:16px 20px}
.card.c-fail{border-left-color:var(--fail)}.card.c-error{border-left-color:var(--error)}.card.c-warn{border-left-color:#d4a72c}.card.c-skipped{border-left-color:#8c959f}
.card-head{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.card-head h3{font:700 15px var(--mono)}
.card-head .on{color:var(--muted);font-size:13px}
.card .message{font-size:15px;margin:8px 0 10px}
.facts{display:flex;flex-wrap:wrap;gap:6px 26px;margin:0 0 12px;font-size:13px}
.facts div{display:flex;gap:6px}.facts dt{color:var(--muted)}.facts dd{margin:0;font-weight:600}
.chart-box{margin:6px 0 4px;overflow-x:auto}
.chart{display:block;width:100%;max-width:1080px;height:auto;font-family:system-ui,sans-serif}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;font-size:12px;color:var(--muted);margin:2px 0 10px;align-items:center}
.legend svg{vertical-align:middle;margin-right:5px}
.caption{font-size:12px;color:var(--muted);margin:0 0 10px}
.groups{max-height:360px;overflow:auto;border:1px solid #eaeef2;border-radius:6px;margin-bottom:10px;width:max-content;max-width:100%}
.groups table{width:auto}
.groups td,.groups th{padding-right:28px}
.groups table th{position:sticky;top:0;background:#fff}
.groups td{font:12.5px var(--mono);padding:4px 8px;white-space:nowrap}
.groups td.num{text-align:right;font-variant-numeric:tabular-nums}
.groups tr.missing td{background:#fff1f0;color:#82071e;font-weight:600}
details.sql summary{cursor:pointer;color:#0969da;font-size:13px}
details.sql{margin:8px 0}
.query-ref{font-size:13px;margin:6px 0 0}
pre{background:var(--bg);border:1px solid #eaeef2;border-radius:6px;padding:10px 12px;overflow:auto;margin:8px 0;white-space:pre}
pre.error-text{background:var(--error-bg);border-color:rgba(130,80,223,.3);color:#3e1f79;white-space:pre-wrap}
footer{color:var(--muted);font-size:12px;padding:10px 0 40px}
@media print{.toolbar{display:none}.card,section.block{break-inside:avoid}}
`;

const SCRIPT = `(function () {
  var input = document.getElementById('filter');
  var toggles = Array.prototype.slice.call(document.querySelectorAll('[data-toggle-status]'));
  var items = Array.prototype.slice.call(document.querySelectorAll('[data-filter-item]'));
  var shown = document.getElementById('shown');
  var none = document.getElementById('no-match');
  function apply() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var on = {};
    toggles.forEach(function (b) { on[b.getAttribute('data-toggle-status')] = b.getAttribute('aria-pressed') === 'true'; });
    var rows = 0, visible = 0;
    items.forEach(function (el) {
      var text = el.getAttribute('data-search') || '';
      var ok = on[el.getAttribute('data-status')] !== false && words.every(function (w) { return text.indexOf(w) !== -1; });
      el.hidden = !ok;
      if (el.tagName === 'TR') { rows++; if (ok) visible++; }
    });
    shown.textContent = visible + ' of ' + rows + ' checks shown';
    none.hidden = visible !== 0;
  }
  input.addEventListener('input', apply);
  toggles.forEach(function (b) {
    b.addEventListener('click', function () {
      b.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
      apply();
    });
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === '/' && document.activeElement !== input) { e.preventDefault(); input.focus(); }
  });
  function openTarget() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === 'DETAILS') target.open = true;
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
  apply();
})();`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Only the inline style and script blocks below may apply; nothing may be fetched (no CDN, fonts, images). */
const CSP = `default-src 'none'; style-src ${sha256(CSS)}; script-src ${sha256(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;

const VERDICT_ICON: Record<string, string> = {
  closed: '<path d="M19 19l18 18M37 19L19 37" stroke="#cf222e" stroke-width="5" stroke-linecap="round"/>',
  open: '<path d="M16 29l8 8 16-18" stroke="#1a7f37" stroke-width="5" fill="none" stroke-linecap="round" stroke-linejoin="round"/>',
  unevaluated: '<path d="M28 15v17" stroke="#bc4c00" stroke-width="5" stroke-linecap="round"/><circle cx="28" cy="40" r="3.2" fill="#bc4c00"/>',
  config: '<path d="M28 15v17" stroke="#8250df" stroke-width="5" stroke-linecap="round"/><circle cx="28" cy="40" r="3.2" fill="#8250df"/>',
};

/** Escaped text that may break after dots (long table and check ids). */
function breakable(text: string): string {
  return esc(text).replace(/\./g, '.<wbr>');
}

function badge(status: CheckStatus): string {
  return `<span class="badge b-${status}">${STATUS_LABEL[status]}</span>`;
}

function searchText(check: CheckReport): string {
  const parts = [check.id, check.name, check.table, check.file, check.type, check.status, check.message, check.skipped_reason ?? '', upstreamNote(check) ?? '', check.description ?? '', ...check.tags];
  for (const g of check.failing_groups) parts.push(formatGroupKey(g.key));
  return parts.join(' ').toLowerCase();
}

function dateChips(groups: FailingGroup[], total: number, limit: number, key = (g: FailingGroup) => groupDate(g.key) ?? formatGroupKey(g.key)): string {
  const shown = groups.slice(0, limit);
  const chips = shown.map((g) => {
    const missing = isMissingGroup(g);
    return `<span class="chip${missing ? ' missing' : ''}" title="${esc(formatGroupKey(g.key))}${missing ? ' · missing partition' : ''}">${esc(key(g))}</span>`;
  });
  if (total > shown.length) chips.push(`<span class="chip more">+${total - shown.length} more</span>`);
  return `<div class="chips">${chips.join('')}</div>`;
}

function header(report: RunReport): string {
  const v = verdict(report);
  const s = report.summary;
  const title = { open: 'Gate open', closed: 'Gate closed', unevaluated: 'Could not evaluate', config: 'Bad configuration' }[v.kind];
  const why: string[] = [];
  if (s.fail) why.push(`${s.fail} ${s.fail === 1 ? 'check' : 'checks'} failed`);
  if (s.error) why.push(`${s.error} could not be evaluated`);
  if (report.fail_on === 'warn' && s.warn) why.push(`${s.warn} ${s.warn === 1 ? 'warning' : 'warnings'} (fail_on: warn)`);
  const sub = why.length ? why.join(', ') : `all ${s.total} checks passed${s.warn ? ` (${s.warn} with warnings)` : ''}`;
  const counts = STATUSES.map(
    (st) => `<li class="${s[st] ? '' : 'zero'}"><span class="dot dot-${st}"></span><b>${s[st]}</b> ${COUNT_NAME[st](s[st])}</li>`,
  ).join('');
  const meta: [string, string][] = [
    ['suite', report.suite ?? '(ad-hoc selection)'],
    ['target', `${report.target.name} (${report.target.engine})`],
    ['as of', report.as_of],
    ['started', report.started_at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')],
    ['took', `${formatNumber(runSeconds(report), 1)}s`],
    ['fail on', report.fail_on],
    ['run', report.run_id],
  ];
  return `<header class="verdict verdict-${v.kind}" id="verdict" data-exit-code="${esc(report.exit_code)}">
<div class="wrap">
<div class="verdict-top">
<svg class="verdict-icon" viewBox="0 0 56 56" aria-hidden="true"><circle cx="28" cy="28" r="27" fill="#fff"/>${VERDICT_ICON[v.kind]}</svg>
<div><h1>${esc(title)}</h1><p class="sub">${esc(sub)}</p></div>
<div class="exit"><small>exit code</small>${esc(report.exit_code)}</div>
</div>
<ul class="counts" aria-label="check counts">${counts}</ul>
<dl class="meta">${meta.map(([k, val]) => `<div><dt>${esc(k)}</dt><dd>${esc(val)}</dd></div>`).join('')}</dl>
</div>
</header>`;
}

function excludedUpstreamBlock(report: RunReport): string {
  const lines = excludedUpstreamLines(report);
  if (lines.length === 0) return '';
  return `<section class="block" id="upstream-not-run"><h2>Upstream checks not run</h2><ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul></section>`;
}

function partitionsBlock(report: RunReport): string {
  const tables = Object.entries(report.failing_partitions).filter(([, d]) => d.length > 0);
  if (tables.length === 0) return '';
  const missing = new Set<string>();
  for (const c of report.checks) for (const g of c.failing_groups) if (isMissingGroup(g)) missing.add(`${c.table}\u0000${groupDate(g.key)}`);
  const rows = tables
    .map(([table, dates]) => {
      const chips = dates.map((d) => `<span class="chip${missing.has(`${table}\u0000${d}`) ? ' missing' : ''}">${esc(d)}</span>`).join('');
      return `<div class="table-name">${esc(table)} <span class="n">(${dates.length})</span></div><div class="chips">${chips}</div>`;
    })
    .join('');
  return `<section class="block" id="partitions"><h2>Failing partitions</h2><p class="caption">Re-run exactly these partitions. Hatched: no rows at all (missing partition).</p><div class="partitions">${rows}</div></section>`;
}

function checksTable(report: RunReport, anchors: Map<string, string>): string {
  const toggles = STATUSES.map(
    (st) =>
      `<button type="button" class="toggle" data-toggle-status="${st}" aria-pressed="true"${report.summary[st] ? '' : ' disabled'}><span class="dot dot-${st}"></span>${STATUS_NAME[st]} ${report.summary[st]}</button>`,
  ).join('');
  const rows = sortChecks(report.checks)
    .map((c) => {
      const anchor = anchors.get(c.id);
      const id = anchor ? `<a href="#${anchor}">${breakable(c.id)}</a>` : `<a>${breakable(c.id)}</a>`;
      const metricClass = c.status === 'fail' ? 'metric-fail' : c.status === 'warn' ? 'metric-warn' : c.status === 'error' ? 'metric-error' : '';
      const total = Math.max(c.failing_group_count, c.failing_groups.length);
      const message = c.status === 'skipped' && c.skipped_reason ? `skipped: ${c.skipped_reason}` : withUpstreamNote(c.message, c);
      const chips = c.failing_groups.length ? dateChips(c.failing_groups, total, TABLE_DATES) : '';
      return `<tr class="row-${c.status}" data-filter-item data-status="${c.status}" data-check-id="${esc(c.id)}" data-search="${esc(searchText(c))}">
<td>${badge(c.status)}</td>
<td class="id">${id}<div class="type">${esc(c.type)}</div></td>
<td class="table">${breakable(c.table)}</td>
<td class="metric"><span class="mono">${esc(c.metric.name)}</span><br><b class="${metricClass}">${esc(formatMetricValue(c.metric.value, c.metric.unit))}</b></td>
<td class="threshold">${esc(formatThresholds(c))}</td>
<td class="result">${esc(message)}${chips}</td>
</tr>`;
    })
    .join('\n');
  return `<section class="block" id="checks-block">
<h2>Checks</h2>
<div class="toolbar">
<input type="search" id="filter" placeholder="Filter by check, table, date, message…  (press /)" aria-label="Filter checks" autocomplete="off">
<div class="toggles" role="group" aria-label="Show statuses">${toggles}</div>
<span class="shown" id="shown">${report.checks.length} of ${report.checks.length} checks shown</span>
</div>
<table id="checks">
<thead><tr><th>Status</th><th>Check</th><th>Table</th><th>Metric</th><th>Threshold</th><th>Result</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="empty" id="no-match" hidden>No checks match the filter.</p>
</section>`;
}

function groupsTable(check: CheckReport): string {
  const groups = check.failing_groups;
  const gm = groupMetricOf(check);
  const cols = groupColumns(check, groups);
  const head = [...cols.keys, cols.value, ...(cols.rows ? ['rows'] : []), ...cols.details, ...(cols.reason ? ['reason'] : [])];
  const body = groups
    .map((g) => {
      const missing = isMissingGroup(g);
      const cells = [
        ...cols.keys.map((k) => `<td>${esc(valueText(g.key[k]))}</td>`),
        `<td class="num">${missing ? 'missing' : esc(formatGroupValue(g, gm.unit))}</td>`,
        ...(cols.rows ? [`<td class="num">${g.rows === undefined ? '' : esc(formatNumber(g.rows, 0))}</td>`] : []),
        ...cols.details.map((k) => `<td class="num">${g.details && k in g.details ? esc(formatDetail(k, g.details[k]!, gm)) : ''}</td>`),
        ...(cols.reason ? [`<td>${esc(g.reason && !missing ? g.reason : '')}</td>`] : []),
      ];
      return `<tr${missing ? ' class="missing"' : ''}>${cells.join('')}</tr>`;
    })
    .join('');
  return `<div class="groups"><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div>`;
}

const LEGEND_POINT = '<svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="4.5" fill="#cf222e"/></svg>';
const LEGEND_MISSING =
  '<svg width="14" height="12" aria-hidden="true"><rect x="1" y="0.5" width="12" height="11" fill="#fff1f0" stroke="#cf222e" stroke-dasharray="3 2"/><path d="M4 3l6 6m0-6l-6 6" stroke="#82071e" stroke-width="1.6"/></svg>';
const LEGEND_FAIL = '<svg width="22" height="12" aria-hidden="true"><line x1="0" x2="22" y1="6" y2="6" stroke="#cf222e" stroke-width="1.6" stroke-dasharray="7 4"/></svg>';
const LEGEND_WARN = '<svg width="22" height="12" aria-hidden="true"><line x1="0" x2="22" y1="6" y2="6" stroke="#9a6700" stroke-width="1.2" stroke-dasharray="2 3"/></svg>';

/** A query of the Queries section and its anchor. */
interface QueryLink {
  query: QueryReport;
  anchor: string;
}

/** "q3, set, ok, 612 ms, 1,234 bytes billed". */
function queryFacts(query: QueryReport): string {
  const stats = [`${query.id}`, query.kind, query.status, `${formatNumber(query.duration_ms, 0)} ms`];
  if (query.bytes_billed !== undefined) stats.push(`${formatNumber(query.bytes_billed, 0)} bytes billed`);
  return stats.join(', ');
}

function card(check: CheckReport, anchor: string, index: number, link: QueryLink | undefined): string {
  const unit = check.metric.unit;
  const total = Math.max(check.failing_group_count, check.failing_groups.length);
  const facts: [string, string][] = [
    ['metric', `${check.metric.name} = ${formatMetricValue(check.metric.value, unit)}`],
    ['threshold', formatThresholds(check)],
  ];
  if (check.rows_evaluated !== null) facts.push(['rows evaluated', formatNumber(check.rows_evaluated, 0)]);
  if (total) facts.push(['failing groups', formatNumber(total, 0)]);
  const perGroup = describeGroupMetric(check);
  if (perGroup) facts.push(['values', perGroup]);
  facts.push(['file', check.file], ['severity', check.severity]);
  if (check.tags.length) facts.push(['tags', check.tags.join(', ')]);

  const parts: string[] = [];
  parts.push(
    `<article class="card c-${check.status}" id="${anchor}" data-filter-item data-status="${check.status}" data-check-id="${esc(check.id)}" data-search="${esc(searchText(check))}">`,
    `<div class="card-head">${badge(check.status)}<h3>${esc(check.id)}</h3><span class="on">${esc(check.type)} on ${esc(check.table)}</span></div>`,
    `<p class="message">${esc(check.status === 'skipped' && check.skipped_reason ? `Skipped: ${check.skipped_reason}` : withUpstreamNote(check.message, check))}</p>`,
  );
  if (check.description) parts.push(`<p class="caption">${esc(check.description)}</p>`);
  parts.push(`<dl class="facts">${facts.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>`);

  const chart = renderDateChart(check, `chart${index}`);
  if (chart) {
    const points = datePoints(check);
    const plotted = points.length;
    const hasMissing = points.some((p) => p.missing);
    const bounds = groupThresholds(check);
    const legend = [
      `<span>${LEGEND_POINT}failing date</span>`,
      hasMissing ? `<span>${LEGEND_MISSING}missing partition (no rows)</span>` : '',
      bounds.fail.min !== undefined || bounds.fail.max !== undefined || bounds.fail.equals !== undefined
        ? `<span>${LEGEND_FAIL}fail threshold${describeGroupMetric(check) ? ' per group' : ''}</span>`
        : '',
      bounds.warn ? `<span>${LEGEND_WARN}warn threshold</span>` : '',
    ].join('');
    const n = (count: number, word: string) => `${formatNumber(count, 0)} ${word}${count === 1 ? '' : 's'}`;
    const caption =
      total > plotted
        ? `${n(total, 'failing group')}; the ${formatNumber(plotted, 0)} with a date and a value are plotted. Dates that pass are not in the report.`
        : `${n(total, 'failing group')}, all plotted. Dates that pass are not in the report.`;
    parts.push(`<div class="chart-box">${chart}</div><div class="legend">${legend}</div><p class="caption">${esc(caption)} Hover a point for its figures.</p>`);
  }
  if (check.failing_groups.length) {
    if (!chart && total > check.failing_groups.length) {
      parts.push(`<p class="caption">${esc(`${total} failing groups; the ${check.failing_groups.length} the report lists are shown.`)}</p>`);
    }
    parts.push(groupsTable(check));
  }
  const samples = samplesBlock(check);
  if (samples) parts.push(samples);
  const drill = drillDownBlock(check, `drill${index}`);
  if (drill) parts.push(drill);
  if (link) {
    const what = link.query.error ? 'error and SQL' : 'SQL';
    parts.push(`<p class="query-ref">${what}: <a href="#${link.anchor}">query ${esc(queryFacts(link.query))}</a></p>`);
  }
  parts.push('</article>');
  return parts.join('\n');
}

/** The queries the cards link to, each with its engine error and its SQL, once. */
function queriesBlock(links: QueryLink[], engine: string): string {
  if (links.length === 0) return '';
  const items = links.map(({ query, anchor }) => {
    const n = query.check_ids.length;
    const error = query.error ? `<pre class="error-text">${escBlock(query.error)}</pre>` : '';
    return `<details class="sql" id="${anchor}"${query.error ? ' open' : ''}><summary>${esc(`${queryFacts(query)} · ${query.table} · ${n} ${n === 1 ? 'check' : 'checks'}`)}</summary>${error}<pre><code>${escBlock(formatReportSql(query.sql, engine))}</code></pre></details>`;
  });
  return `<section class="block" id="queries"><h2>Queries</h2><p class="caption">The SQL behind the checks above, once per query (checks batched on one table share one).</p>\n${items.join('\n')}\n</section>`;
}

/** Renders the run as one self-contained HTML page; with `trends`, its Trends section (trends.ts). */
export function renderHtml(report: RunReport, trends?: TrendHistory): string {
  const v = verdict(report);
  const queries = new Map(report.queries.map((q) => [q.id, q]));
  const problems = sortChecks(report.checks).filter((c) => c.status !== 'pass');
  const anchors = new Map(problems.map((c, i) => [c.id, `check-${i + 1}`]));
  // The queries the cards link to, in the order the cards first link to them.
  const links = new Map<string, QueryLink>();
  for (const c of problems) {
    const query = c.query_id ? queries.get(c.query_id) : undefined;
    if (query && !links.has(query.id)) links.set(query.id, { query, anchor: `query-${links.size + 1}` });
  }
  const cards = problems.map((c, i) => card(c, anchors.get(c.id)!, i + 1, c.query_id ? links.get(c.query_id) : undefined)).join('\n');
  const title = `${v.emoji} ${v.label} (exit ${report.exit_code}) · ${report.suite ?? 'dqgate'} · ${report.as_of}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dqgate ${esc(report.tool.version)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${header(report)}
<main class="wrap">
${checksTable(report, anchors)}
${partitionsBlock(report)}
${trends ? trendsSection(report, trends) : ''}
${excludedUpstreamBlock(report)}
${problems.length ? `<section id="details"><h2>Problems in detail</h2>\n${cards}\n</section>` : ''}
${queriesBlock([...links.values()], report.target.engine)}
</main>
<footer class="wrap">dqgate ${esc(report.tool.version)} · report schema v${esc(report.schema_version)} · run ${esc(report.run_id)} · ${esc(report.started_at)} → ${esc(report.finished_at)}</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
