// Reads SQL text just far enough to know which parts are string literals, quoted identifiers
// and comments, using a dialect's `quoting` (its QuotedForms). Everything else is code.
import type { QuotedForm } from './dialect.js';

/** One quoted or commented stretch: [start, end) with its content in [contentStart, contentEnd). */
export interface SqlSpan {
  form: QuotedForm;
  start: number;
  contentStart: number;
  contentEnd: number;
  end: number;
  /** False when the text ends before the closing delimiter (for a -- comment: before a newline). */
  closed: boolean;
}

function openAt(sql: string, i: number, form: QuotedForm): RegExpExecArray | null {
  form.open.lastIndex = i;
  return form.open.exec(sql);
}

/**
 * The quoted and commented stretches of `sql`, in order. One left open at the end of the text
 * runs to the end (the statement is invalid then, but what follows the opener is still inside).
 */
export function sqlSpans(sql: string, quoting: readonly QuotedForm[]): SqlSpan[] {
  const spans: SqlSpan[] = [];
  let i = 0;
  scan: while (i < sql.length) {
    for (const form of quoting) {
      const opening = openAt(sql, i, form);
      if (!opening) continue;
      const close = typeof form.close === 'string' ? form.close : form.close(opening);
      const contentStart = i + opening[0].length;
      let j = contentStart;
      let depth = 1;
      let contentEnd = sql.length;
      let end = sql.length;
      let closed = false;
      while (j < sql.length) {
        if (form.backslash && sql[j] === '\\') {
          j += 2;
          continue;
        }
        if (form.nests && sql.startsWith(form.nests, j)) {
          depth++;
          j += form.nests.length;
          continue;
        }
        if (sql.startsWith(close, j)) {
          if (form.doubled && sql.startsWith(close, j + close.length)) {
            j += 2 * close.length;
            continue;
          }
          if (--depth > 0) {
            j += close.length;
            continue;
          }
          contentEnd = j;
          end = j + close.length;
          closed = true;
          break;
        }
        j++;
      }
      spans.push({ form, start: i, contentStart: Math.min(contentStart, sql.length), contentEnd, end, closed });
      i = end;
      continue scan;
    }
    i++;
  }
  return spans;
}

/** The span `index` is inside (its content), if any. */
export function spanAt(spans: readonly SqlSpan[], index: number): SqlSpan | undefined {
  return spans.find((s) => index >= s.contentStart && index < s.contentEnd);
}
