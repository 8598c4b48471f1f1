// Reports grow linearly with the checks: N checks batched into one query of S bytes of SQL give
// files of about N·(per check) + S, not N·S. Each query's SQL is written once per report file.
import { describe, expect, it } from 'vitest';
import { renderers } from '../../src/reports/formats.js';
import { batchReport } from './batch.js';

const MARKER = 'one-copy-of-the-batched-sql';

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('report size', () => {
  const small = batchReport(200, MARKER);
  const large = batchReport(400, MARKER);

  // report.md is the pull-request / job summary (GitHub caps it at 1 MiB): it carries no SQL.
  const copies: Record<string, number> = { json: 1, junit: 1, html: 1, markdown: 0 };

  for (const [format, expected] of Object.entries(copies)) {
    it(`${format}: the batched SQL appears ${expected === 1 ? 'once' : 'not at all'}, and doubling the checks at most about doubles the size`, () => {
      const a = renderers[format]!(small).content;
      const b = renderers[format]!(large).content;
      expect(occurrences(a, MARKER)).toBe(expected);
      expect(occurrences(b, MARKER)).toBe(expected);
      // The SQL grows with the checks too, so a copy per check would about quadruple the size.
      expect(Buffer.byteLength(b) / Buffer.byteLength(a)).toBeLessThan(2.2);
    });
  }
});
