// report.html: a check's samples (its most frequent offending values) as a table in its card.
// Values are warehouse data: every cell goes through `esc`.
import type { CheckReport } from '../run/report.js';
import { esc } from './chart.js';
import { samplesHeading, samplesTable } from './samples.js';

/** The samples block of a check's card, or '' when it has neither samples nor a note. */
export function samplesBlock(check: CheckReport): string {
  const heading = samplesHeading(check);
  const note = check.samples_note ? `<p class="caption samples-note">${esc(check.samples_note)}</p>` : '';
  if (!heading) return note ? `<section class="samples-block" data-samples-for="${esc(check.id)}">${note}</section>` : '';
  const samples = check.samples!;
  const { head, rows: table, rowsColumn, withValue } = samplesTable(samples);
  const rows = table.map((cells) => `<tr>${cells.map((c, i) => (i === rowsColumn ? `<td class="num">${esc(c)}</td>` : `<td>${esc(c)}</td>`)).join('')}</tr>`).join('');
  const caption = samples.key_columns.length && withValue ? '<p class="caption">The key columns are those of one row holding the value.</p>' : '';
  return (
    `<section class="samples-block" data-samples-for="${esc(check.id)}"><h4>${esc(heading)}</h4>` +
    `<div class="groups"><table class="samples"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>` +
    `${caption}${note}</section>`
  );
}
