import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeCell, renderMarkdown, STEP_SUMMARY_LIMIT, writeGitHubStepSummary } from '../../src/reports/markdown.js';
import type { RunReport } from '../../src/run/report.js';
import { clone, HOSTILE, hostileReport, loadFixture } from './helpers.js';

/** Splits a GFM table row into cells, honouring `\|`. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** What a cell shows once rendered: backslash escapes and entities undone. */
function shown(cell: string): string {
  return cell
    .replace(/\\(.)/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

function checkRows(md: string): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| Status | Check |'));
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(cells(lines[i]!));
  return rows;
}

describe('renderMarkdown', () => {
  const report = loadFixture('incident');
  const md = renderMarkdown(report);

  it('starts with the verdict and exit code, then the counts', () => {
    expect(md.split('\n')[0]).toBe('## ❌ dqgate: gate closed — exit code 1');
    expect(md).toContain('**10 checks:** 3 failed · 1 error · 1 warning · 1 skipped · 4 passed');
    expect(renderMarkdown(loadFixture('passing')).split('\n')[0]).toBe('## ✅ dqgate: gate open — exit code 0');
    const errored: RunReport = clone(report);
    errored.exit_code = 2;
    expect(renderMarkdown(errored).split('\n')[0]).toBe('## ⚠️ dqgate: could not evaluate — exit code 2');
  });

  it('has one table row per check: failures and errors, then warnings, skipped, passes', () => {
    const rows = checkRows(md);
    const rank = { fail: 0, error: 0, warn: 1, skipped: 2, pass: 3 } as const;
    const expected = report.checks
      .map((c, i) => ({ c, i }))
      .sort((a, b) => rank[a.c.status] - rank[b.c.status] || a.i - b.i)
      .map(({ c }) => c);
    expect(rows.map((r) => shown(r[1]!))).toEqual(expected.map((c) => c.id));
    expect(rows.map((r) => r[0]!.split(' ')[1])).toEqual(expected.map((c) => c.status.toUpperCase()));
    expect(rows.map((r) => shown(r[2]!))).toEqual(expected.map((c) => c.table));
    expect(rows.every((r) => r.length === 6)).toBe(true);
    const coverage = rows.find((r) => r[1] === 'player_game_summary.usage_rate_coverage')!;
    expect(shown(coverage[3]!)).toBe('usage_rate_coverage = 36.1%');
    expect(shown(coverage[4]!)).toBe('fails < 45% · warns < 47%');
    const skipped = rows.find((r) => r[0]!.includes('SKIPPED'))!;
    expect(shown(skipped[5]!)).toBe('blocked by team_offense_game_summary.reconcile_schedule');
    expect(shown(rows.find((r) => r[0]!.includes('PASS') && r[1]!.includes('minutes'))![3]!)).toBe('not_null_share = 99.98%');
  });

  it('lists failing groups in <details> blocks, with reconcile details and the rest counted', () => {
    const blocks = md.split('<details').slice(1).map((b) => b.slice(0, b.indexOf('</details>')));
    const withGroups = report.checks.filter((c) => c.failing_groups.length > 0);
    expect(blocks).toHaveLength(withGroups.length);
    const coverage = blocks.find((b) => b.includes('player_game_summary.usage_rate_coverage'))!;
    expect(coverage).toContain('33 failing groups (first 20 shown)');
    expect(coverage.split('\n').filter((l) => /^\| \d{4}-\d{2}-\d{2} \|/.test(l))).toHaveLength(20);
    expect(coverage).toContain('| 2026-01-03 | 12.5% | 208 |');
    expect(coverage).toContain('… and 13 more');
    const reconcile = blocks.find((b) => b.includes('reconcile_schedule'))!;
    expect(reconcile).toContain('| game_date | value | rows | expected | actual | completeness |');
    expect(reconcile).toContain('| 2026-01-03 | 12.5% | 2 | 16 | 2 | 12.5% |');
    expect(reconcile).toContain('| 2025-12-31 | 50% | 7 | 14 | 7 | 50% |');
    expect(reconcile).toContain('| 2025-12-26 | 11.1% | 2 | 18 | 2 | 11.1% |');
    const volume = blocks.find((b) => b.includes('daily_volume'))!;
    expect(volume).toContain('| 2025-12-28 | **missing** (no rows) | 0 |');
  });

  it('lists the failing partitions per table, ready to paste into a re-run', () => {
    for (const [table, dates] of Object.entries(report.failing_partitions)) {
      expect(md).toContain(`**${table}** (${dates.length}):\n\n\`\`\`text\n${dates.join(',')}\n\`\`\``);
    }
    expect(renderMarkdown(loadFixture('passing'))).not.toContain('Failing partitions');
  });

  it('escapes |, backticks and HTML in cells so warehouse values stay text', () => {
    expect(escapeCell('a|b`c`<b>&')).toBe('a\\|b\\`c\\`&lt;b&gt;&amp;');
    const out = renderMarkdown(hostileReport());
    expect(out).not.toMatch(/<script/i);
    const rows = checkRows(out);
    expect(rows.every((r) => r.length === 6)).toBe(true);
    const coverage = rows.find((r) => r[1] === 'player_game_summary.usage_rate_coverage')!;
    expect(shown(coverage[5]!)).toBe(`coverage ${HOSTILE} < 45%`);
    const line = out.split('\n').find((l) => l.startsWith('| 2025-12-26 |'))!;
    expect(shown(cells(line)[1]!)).toBe(HOSTILE);
  });
});

describe('writeGitHubStepSummary', () => {
  it('does nothing without GITHUB_STEP_SUMMARY', async () => {
    expect(await writeGitHubStepSummary('# x\n', {})).toBe(false);
  });

  it('appends to the file GitHub names', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dq-summary-')), 'step_summary');
    writeFileSync(file, '# earlier step\n');
    const md = renderMarkdown(loadFixture('incident'));
    expect(await writeGitHubStepSummary(md, { GITHUB_STEP_SUMMARY: file })).toBe(true);
    expect(await writeGitHubStepSummary('second\n', { GITHUB_STEP_SUMMARY: file })).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(`# earlier step\n\n${md}\nsecond\n`);
  });

  it('cuts a summary that would pass the 1 MiB limit', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dq-summary-')), 'step_summary');
    await writeGitHubStepSummary('x'.repeat(STEP_SUMMARY_LIMIT + 10), { GITHUB_STEP_SUMMARY: file });
    const written = readFileSync(file);
    expect(written.length).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
    expect(written.toString()).toMatch(/summary cut at GitHub’s 1 MiB limit/);
  });
});
