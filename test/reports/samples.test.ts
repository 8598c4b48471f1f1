// Samples in every format: the offending values of a failed check, their row counts and key
// columns under its FAIL line (console), as a table (report.md, report.html), in the JUnit failure
// body, and the note when they are missing. Sample values are warehouse data: inert everywhere.
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/reports/console.js';
import { renderHtml } from '../../src/reports/html.js';
import { renderJUnit } from '../../src/reports/junit.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { checkReportConsistency, validateReport } from '../../src/reports/report-schema.js';
import type { RunReport } from '../../src/run/report.js';
import { clone, findCheck, loadFixture, parseJUnit } from './helpers.js';

const HOSTILE = 'x\u001b[31m<b>&|`]]>\r\nFAKE';
const ID = 'player_game_summary.usage_rate_coverage';

function withSamples(): RunReport {
  const report = clone(loadFixture('incident'));
  const check = findCheck(report, ID);
  check.samples = {
    key_columns: ['game_id', 'player_lookup'],
    values: [
      { value: 'refundd', rows: 12, key: { game_id: '0022500001', player_lookup: 'lebronjames' } },
      { value: HOSTILE, rows: 3, key: { game_id: '0022500002', player_lookup: HOSTILE } },
      { value: 7, rows: 1, key: { game_id: '0022500003', player_lookup: 'x' } },
    ],
  };
  const reconcile = findCheck(report, 'team_offense_game_summary.reconcile_schedule');
  reconcile.samples_note = "samples left out: they would take the run over the target's budget";
  return report;
}

describe('samples in the reports', () => {
  it('are valid report.json', () => {
    const report = withSamples();
    expect(validateReport(report)).toEqual([]);
    expect(checkReportConsistency(report)).toEqual([]);
    // Only failed or warned checks list samples.
    const passing = clone(report);
    findCheck(passing, 'nbac_schedule.row_count').samples = { key_columns: [], values: [] };
    expect(checkReportConsistency(passing)).toEqual([expect.stringMatching(/only a failed or warned check lists samples/)]);
  });

  it('show under the FAIL line on the console, control characters escaped', () => {
    const text = renderConsole(withSamples(), { color: false });
    const lines = text.split('\n');
    const fail = lines.findIndex((l) => l.includes(`FAIL ${ID}`) && !l.includes('ms'));
    const at = lines.findIndex((l, i) => i > fail && l.trim().startsWith('offending values'));
    expect(at).toBeGreaterThan(fail);
    expect(lines[at]).toBe('    offending values (3 shown, most frequent first):');
    expect(lines.slice(at + 1, at + 4)).toEqual([
      '      "refundd": 12 rows (e.g. game_id=0022500001, player_lookup=lebronjames)',
      '      "x\\u001b[31m<b>&|`]]>\\r\\nFAKE": 3 rows (e.g. game_id=0022500002, player_lookup=x\\x1b[31m<b>&|`]]>\\r\\nFAKE)',
      '      7: 1 row (e.g. game_id=0022500003, player_lookup=x)',
    ]);
    expect(text).not.toContain('\u001b');
    expect(text).not.toMatch(/^FAKE/m);
    expect(text).toContain("    samples left out: they would take the run over the target's budget");
  });

  it('are a table in report.md, escaped', () => {
    const md = renderMarkdown(withSamples());
    const section = md.slice(md.indexOf('### Samples'));
    expect(section).toContain('| value | rows | game_id | player_lookup |');
    // Quotes as entities (GitHub shows them as quotes).
    expect(section).toContain('| &quot;refundd&quot; | 12 | 0022500001 | lebronjames |');
    const hostileRow = section.split('\n').find((l) => l.includes('| 3 |'))!;
    expect(hostileRow).not.toContain('\u001b');
    expect(hostileRow).not.toContain('<b>');
    expect(hostileRow.split(/(?<!\\)\|/)).toHaveLength(6);
    expect(section).toContain("samples left out: they would take the run over the target's budget");
  });

  it('are in the JUnit failure body, which reads back', () => {
    const doc = parseJUnit(renderJUnit(withSamples()));
    const cases = doc.testsuites.testsuite.flatMap((s: { testcase: unknown[] }) => s.testcase) as Record<string, any>[];
    const body = String(cases.find((t) => t['@_name'] === ID)!.failure['#text']);
    expect(body).toContain('offending values (3 shown, most frequent first):\n  "refundd": 12 rows (e.g. game_id=0022500001, player_lookup=lebronjames)');
    expect(body).toContain('"x\\u001b[31m<b>&|`]]>\\r\\nFAKE": 3 rows');
    expect(body).not.toMatch(/^FAKE/m);
  });

  it('are a table in report.html, HTML-escaped', () => {
    const html = renderHtml(withSamples());
    const block = new RegExp(`<section class="samples-block" data-samples-for="${ID.replace(/\./g, '\\.')}">[\\s\\S]*?</section>`).exec(html)?.[0];
    expect(block).toBeDefined();
    expect(block).toContain('<th>value</th><th>rows</th><th>game_id</th><th>player_lookup</th>');
    expect(block).toContain('<td>&quot;refundd&quot;</td><td class="num">12</td><td>0022500001</td><td>lebronjames</td>');
    expect(block).not.toContain('<b>');
    expect(block).not.toContain('\u001b');
    expect(block).toContain('&lt;b&gt;&amp;|`]]&gt;');
    expect(html).toContain("samples left out: they would take the run over the target&#39;s budget");
  });
});
