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

// Finds the next place any form opens, in one regular-expression search instead of trying every
// form at every character (which made a 700 kB statement take ~200 ms). The search finds the
// leftmost position where some opener matches, which is where the character-by-character scan
// would stop; which form opens there is then decided in `quoting`'s order, as before. Forms are
// combined only when their patterns can be (no backreferences, no flags but sticky).
const openers = new WeakMap<readonly QuotedForm[], RegExp | null>();

function anyOpener(quoting: readonly QuotedForm[]): RegExp | null {
  let combined = openers.get(quoting);
  if (combined === undefined) {
    const combinable = quoting.length > 0 && quoting.every((f) => f.open.flags === 'y' && !/\\[1-9k]/.test(f.open.source));
    combined = combinable ? new RegExp(quoting.map((f) => `(?:${f.open.source})`).join('|'), 'g') : null;
    openers.set(quoting, combined);
  }
  return combined;
}

/**
 * The quoted and commented stretches of `sql`, in order. One left open at the end of the text
 * runs to the end (the statement is invalid then, but what follows the opener is still inside).
 */
export function sqlSpans(sql: string, quoting: readonly QuotedForm[]): SqlSpan[] {
  const spans: SqlSpan[] = [];
  const next = anyOpener(quoting);
  let i = 0;
  scan: while (i < sql.length) {
    if (next) {
      next.lastIndex = i;
      const found = next.exec(sql);
      if (!found) break;
      i = found.index;
    }
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

/** Token kinds: a quoted or commented stretch, other code; a bracket or separator is its character code. */
export const SPAN = 0;
export const CODE = 1;

/**
 * The tokens of SQL text, as parallel arrays (a 700 kB statement has ~150,000; objects for each
 * cost more in garbage collection than the layout itself). A token is a span (string, quoted
 * identifier or comment), one of `( ) [ ] { } , ;` (kind = its character code), or a run of other
 * code up to whitespace, one of those or a span.
 */
export interface SqlTokens {
  readonly sql: string;
  readonly count: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly kind: Uint8Array;
  /** 1 where whitespace stood between the previous token and this one. */
  readonly spaceBefore: Uint8Array;
}

// SQL whitespace (a no-break space is not: engines read it as part of a name or an error).
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
// ( ) , ; [ ] { } by character code.
const isPunctuation = (c: number) => c === 40 || c === 41 || c === 44 || c === 59 || c === 91 || c === 93 || c === 123 || c === 125;

/** The tokens of `sql`, in order; with the whitespace between them they give back the text. */
export function sqlTokens(sql: string, quoting: readonly QuotedForm[]): SqlTokens {
  const start = new Int32Array(sql.length);
  const end = new Int32Array(sql.length);
  const kind = new Uint8Array(sql.length);
  const spaceBefore = new Uint8Array(sql.length);
  let count = 0;
  let space = 0;
  const push = (k: number, from: number, to: number) => {
    start[count] = from;
    end[count] = to;
    kind[count] = k;
    spaceBefore[count++] = space;
    space = 0;
  };
  const code = (from: number, to: number) => {
    let run = -1;
    for (let i = from; i < to; i++) {
      const c = sql.charCodeAt(i);
      const blank = isSpace(c);
      if (!blank && !isPunctuation(c)) {
        if (run < 0) run = i;
        continue;
      }
      if (run >= 0) push(CODE, run, i);
      run = -1;
      if (blank) space = 1;
      else push(c, i, i + 1);
    }
    if (run >= 0) push(CODE, run, to);
  };
  let at = 0;
  for (const span of sqlSpans(sql, quoting)) {
    code(at, span.start);
    push(SPAN, span.start, span.end);
    at = span.end;
  }
  code(at, sql.length);
  return { sql, count, start, end, kind, spaceBefore };
}
