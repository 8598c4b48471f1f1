// report.html: a check's drill-down (its worst partitions) as a chart of the per-partition metric
// with the threshold lines (chart.ts) and a table. Kept apart from html.ts's card so that other
// sections of the card can change without touching it.
import { formatMetricValue, formatNumber, valueText } from '../run/format.js';
import type { CheckReport } from '../run/report.js';
import { esc, renderDateChart } from './chart.js';
import { drillDownOf } from './drill-down.js';

/** The drill-down block of a check's card, or '' when it has none. `chartId` must be unique in the page. */
export function drillDownBlock(check: CheckReport, chartId: string): string {
  const drill = drillDownOf(check);
  if (!drill) return '';
  const unit = check.metric.unit;
  const chart = renderDateChart(drill.view, chartId);
  const rows = drill.groups
    .map(
      (g) =>
        `<tr><td>${esc(valueText(g.key[drill.by]))}</td><td class="num">${esc(formatMetricValue(g.value, unit))}</td>` +
        `<td class="num">${g.rows === undefined ? '' : esc(formatNumber(g.rows, 0))}</td></tr>`,
    )
    .join('');
  const table =
    `<div class="groups"><table class="drill-down"><thead><tr><th>${esc(drill.by)}</th><th>${esc(check.metric.name)}</th><th>rows</th></tr></thead>` +
    `<tbody>${rows}</tbody></table></div>`;
  const caption = `The ${formatNumber(drill.groups.length, 0)} partitions that pull the value down most, worst first${chart ? '; the dashed line is the threshold' : ''}.`;
  return (
    `<section class="drill-down-block" data-drill-down-for="${esc(check.id)}"><h4>${esc(drill.heading)}</h4>` +
    (chart ? `<div class="chart-box">${chart}</div>` : '') +
    `<p class="caption">${esc(caption)}</p>${table}</section>`
  );
}
