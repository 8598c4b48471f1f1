// sqlSpans finds where the next quoted or commented stretch opens with one search over all of a
// dialect's openers. The answer must be the one the plain rule gives: at the first position where
// some opener matches, the first form in `quoting` order that matches there.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QuotedForm } from '../../src/dialects/dialect.js';
import { dialects } from '../../src/dialects/registry.js';
import { sqlSpans } from '../../src/dialects/lexer.js';

/** Pieces that open, close or escape something in some dialect, and plain code around them. */
const PIECES = ["'", '"', '`', "'''", '"""', '--', '#', '/*', '*/', '\n', '\\', 'r', 'b', 'rb', 'E', 'e', 'x', '$', '$t$', '$$', '_', '9', ' ', 'a.b', '(', ')'];
const sqlText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));

/** The plain rule, character by character: which form opens at `i`, if any. */
function formAt(sql: string, i: number, quoting: readonly QuotedForm[]): QuotedForm | undefined {
  return quoting.find((form) => {
    form.open.lastIndex = i;
    return form.open.exec(sql) !== null;
  });
}

describe('sqlSpans: the combined opener search', () => {
  for (const dialect of dialects) {
    it(`${dialect.name}: every span starts where the first opener matches, with the first form that matches there`, () => {
      fc.assert(
        fc.property(sqlText, (sql) => {
          const spans = sqlSpans(sql, dialect.quoting);
          let i = 0;
          for (const span of spans) {
            // No opener anywhere between the previous span's end and this one's start.
            for (let j = i; j < span.start; j++) expect(formAt(sql, j, dialect.quoting)).toBeUndefined();
            expect(span.form).toBe(formAt(sql, span.start, dialect.quoting));
            i = span.end;
          }
          for (let j = i; j < sql.length; j++) expect(formAt(sql, j, dialect.quoting)).toBeUndefined();
        }),
        { numRuns: 400 },
      );
    });
  }
});
