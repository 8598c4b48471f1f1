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

/** What a formatter may move: a bracket or separator, a quoted or commented stretch, other code. */
export type SqlTokenKind = 'span' | 'code' | '(' | ')' | '[' | ']' | '{' | '}' | ',' | ';';

/**
 * One token of SQL text: a span (string, quoted identifier or comment, verbatim), one bracket or
 * separator character, or a run of other code up to whitespace, a bracket, a separator or a span.
 */
export interface SqlToken {
  kind: SqlTokenKind;
  text: string;
  /** Whitespace stood between the previous token and this one. */
  spaceBefore: boolean;
}

// SQL whitespace (a no-break space is not: engines read it as part of a name or an error).
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
// ( ) , ; [ ] { } by character code.
const PUNCTUATION = new Set([40, 41, 44, 59, 91, 93, 123, 125]);

/** The tokens of `sql`, in order; joined with their whitespace they give back the text. */
export function sqlTokens(sql: string, quoting: readonly QuotedForm[]): SqlToken[] {
  const tokens: SqlToken[] = [];
  let spaceBefore = false;
  const code = (from: number, to: number) => {
    let start = -1;
    for (let i = from; i < to; i++) {
      const c = sql.charCodeAt(i);
      const space = isSpace(c);
      if (!space && !PUNCTUATION.has(c)) {
        if (start < 0) start = i;
        continue;
      }
      if (start >= 0) {
        tokens.push({ kind: 'code', text: sql.slice(start, i), spaceBefore });
        spaceBefore = false;
        start = -1;
      }
      if (space) spaceBefore = true;
      else {
        tokens.push({ kind: sql[i] as SqlTokenKind, text: sql[i]!, spaceBefore });
        spaceBefore = false;
      }
    }
    if (start >= 0) {
      tokens.push({ kind: 'code', text: sql.slice(start, to), spaceBefore });
      spaceBefore = false;
    }
  };
  let at = 0;
  for (const span of sqlSpans(sql, quoting)) {
    code(at, span.start);
    tokens.push({ kind: 'span', text: sql.slice(span.start, span.end), spaceBefore });
    spaceBefore = false;
    at = span.end;
  }
  code(at, sql.length);
  return tokens;
}
