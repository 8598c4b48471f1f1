// A secret variable's value, placed in SQL the way each dialect inlines a string (escaped inside
// a literal) or quoted raw by an engine error, never survives redaction.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dialects } from '../../src/dialects/registry.js';
import { redactText, secretValues } from '../../src/run/redact.js';

// `*` is the redaction itself; any other character, quotes and backslashes included.
const secret = fc.string({ minLength: 1, maxLength: 20, unit: fc.constantFrom("'", '"', '\\', '\n', 'a', 'b', 'Z', '0', ' ', '%', '$') });

describe('redactText', () => {
  it('leaves no trace of any secret in SQL of any dialect, nor in text quoting it raw', () => {
    fc.assert(
      fc.property(fc.array(secret, { minLength: 1, maxLength: 3 }), fc.string({ maxLength: 10 }), (secrets, around) => {
        for (const dialect of dialects) {
          const sql = secrets.map((s) => `x = ${dialect.stringLiteral(s)} AND y LIKE '${around}${s}'`).join(' OR ');
          const redacted = redactText(`${sql} -- error near "${secrets.join('')}"`, secrets);
          for (const s of secrets) {
            // Neither the value nor the value as escaped inside the dialect's literal (which reveals it).
            for (const trace of [s, dialect.stringLiteral(s).slice(1, -1)]) {
              expect(redacted.includes(trace), `${dialect.name}: ${JSON.stringify(trace)} in ${redacted}`).toBe(false);
            }
          }
        }
      }),
    );
  });

  it('redacts only the variables declared secret, and only non-empty values', () => {
    expect(secretValues({ a: 'one', b: 'two', n: 42, e: '' }, ['b', 'n', 'e', 'undeclared'])).toEqual(['two', '42']);
    expect(redactText("a = 'one' AND b = 'two' AND n = 42", ['two', '42'])).toBe("a = 'one' AND b = '***' AND n = ***");
  });
});
