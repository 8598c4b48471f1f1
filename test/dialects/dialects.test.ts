import { describe, expect, it } from 'vitest';
import { dialects } from '../../src/dialects/registry.js';
import { renderTemplate } from '../../src/plan/templates.js';

describe.each(dialects.map((d) => [d.name, d] as const))('%s dialect', (_name, dialect) => {
  it('quotes identifiers so that a quote inside a name cannot end it', () => {
    const quoted = dialect.quoteIdentifier('we"ird`name');
    const q = quoted[0];
    expect(quoted.endsWith(q)).toBe(true);
    // Every quote char inside is escaped (doubled or backslashed).
    const inner = quoted.slice(1, -1);
    expect(inner.replace(/""|\\`|\\\\/g, '')).not.toContain(q);
  });

  it('escapes string literals so a value cannot break out of them', () => {
    const literal = dialect.stringLiteral("x' OR 1=1 --");
    expect(literal.startsWith("'")).toBe(true);
    expect(literal.slice(1, -1).replace(/''|\\'/g, '')).not.toContain("'");
  });

  it('inserts template variables as escaped literals, never raw SQL', () => {
    const sql = renderTemplate("d >= {{ var.start }} AND n > {{var.n}} AND a = {{ as_of }}", dialect, {
      vars: { start: "2021'--", n: 5 },
      asOf: '2026-01-04',
    });
    expect(sql).toBe(`d >= ${dialect.stringLiteral("2021'--")} AND n > 5 AND a = DATE '2026-01-04'`);
  });

  it('escapes a variable written inside quotes for that string, keeping the quotes the user wrote', () => {
    const sql = renderTemplate("d >= '{{ var.start }}' AND s = 'x{{ as_of }}'", dialect, {
      vars: { start: "2021'--" },
      asOf: '2026-01-04',
    });
    expect(sql).toBe(`d >= ${dialect.stringLiteral("2021'--")} AND s = 'x2026-01-04'`);
  });

  it('refuses an unknown template variable', () => {
    expect(() => renderTemplate('{{ var.nope }}', dialect, { vars: {}, asOf: '2026-01-04' })).toThrow(/nope/);
  });

  it('qualifies two-part table names with the default project only where projects exist', () => {
    const ref = dialect.tableRef('nba_analytics.games', 'proj');
    expect(ref.includes('proj')).toBe(dialect.name === 'bigquery');
  });
});
