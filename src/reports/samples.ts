// A check's samples (report.samples) for people: its most frequent offending values, each with
// its row count and one row's key. The text reports (console, report.md, junit.xml) and the HTML
// card read them through here. Sample values are warehouse data: every caller makes them inert.
import { formatGroupKey, formatNumber, valueText } from '../run/format.js';
import type { CheckReport, CheckSamples, Sample } from '../run/report.js';

/** "offending values (3, most frequent first)", or "offending rows" for checks listing rows by key. */
export function samplesHeading(check: CheckReport): string | undefined {
  const samples = check.samples;
  if (!samples || samples.values.length === 0) return undefined;
  const byKey = samples.values.every((s) => s.value === undefined);
  return `${byKey ? 'offending rows' : 'offending values'} (${samples.values.length} shown${byKey ? '' : ', most frequent first'})`;
}

/** A sample's value as text: JSON, so a string's quotes and spaces show ("refundd", " paid"). */
export function sampleValueText(sample: Sample): string {
  return sample.value === undefined ? '' : JSON.stringify(sample.value);
}

export function rowsText(rows: number): string {
  return `${formatNumber(rows, 0)} ${rows === 1 ? 'row' : 'rows'}`;
}

/**
 * The samples as a table of text (report.md, report.html): a `value` column when any sample has a
 * value, the `rows` column (at `rowsColumn`), then the key columns. Not yet escaped.
 */
export function samplesTable(samples: CheckSamples): { head: string[]; rows: string[][]; rowsColumn: number; withValue: boolean } {
  const withValue = samples.values.some((s) => s.value !== undefined);
  const head = [...(withValue ? ['value'] : []), 'rows', ...samples.key_columns];
  const rows = samples.values.map((s) => [...(withValue ? [sampleValueText(s)] : []), formatNumber(s.rows, 0), ...samples.key_columns.map((k) => valueText(s.key?.[k]))]);
  return { head, rows, rowsColumn: withValue ? 1 : 0, withValue };
}

/** `"refundd": 3 rows (e.g. order_id=17)`; `order_id=17: 1 row` for a row listed by key. Not yet inert. */
export function sampleLine(sample: Sample): string {
  const key = sample.key ? formatGroupKey(sample.key) : undefined;
  if (sample.value === undefined) return `${key ?? '(no key)'}: ${rowsText(sample.rows)}`;
  return `${sampleValueText(sample)}: ${rowsText(sample.rows)}${key ? ` (e.g. ${key})` : ''}`;
}

/** The heading and one line per sample, then the note when samples are missing; [] when neither. Not yet inert. */
export function sampleLines(check: CheckReport): string[] {
  const heading = samplesHeading(check);
  const lines = heading ? [`${heading}:`, ...check.samples!.values.map((s) => `  ${sampleLine(s)}`)] : [];
  if (check.samples_note) lines.push(check.samples_note);
  return lines;
}
