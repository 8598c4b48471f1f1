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

describe.each(dialects.map((d) => [d.name, d] as const))('%s trailing statistics', (_name, dialect) => {
  it('refuses a lookback that is not a whole number >= 1, so only integers reach a window frame', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => dialect.trailingList('n', 'p', bad)).toThrow(/lookback/);
    expect(dialect.trailingList('n', 'p', 3)).toMatch(/\bp\b/);
  });

  it('reads the list it built with the median', () => {
    expect(dialect.listMedian('history')).toContain('history');
  });
});

describe('bigquery trailingList', () => {
  it('lists exactly `lookback` earlier values, nearest first', () => {
    const sql = dialects.find((d) => d.name === 'bigquery')!.trailingList('n', 'p', 3);
    expect(sql).toBe('[LAG(n, 1) OVER (ORDER BY p), LAG(n, 2) OVER (ORDER BY p), LAG(n, 3) OVER (ORDER BY p)]');
  });
});
