import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatReportSql } from '../../src/dialects/format-sql.js';
import { escBlock } from '../../src/reports/chart.js';
import { renderHtml } from '../../src/reports/html.js';
import type { RunReport } from '../../src/run/report.js';
import { clone, findCheck, hostileReport, loadFixture } from './helpers.js';

/** The opening tags of `tag` with their attributes. */
function tags(html: string, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) attrs[a[1]!] = a[2] ?? '';
    out.push(attrs);
  }
  return out;
}

function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** The markup of the inline chart for a check. */
function chartOf(html: string, id: string): string {
  const start = html.indexOf(`data-chart-for="${id}"`);
  if (start < 0) return '';
  return html.slice(start, html.indexOf('</svg>', start));
}

describe('renderHtml', () => {
  const report = loadFixture('incident');
  const html = renderHtml(report);

  it('is one self-contained document: nothing is loaded from anywhere', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\((?!#)/i);
    expect(html).not.toMatch(/\b(src|srcset)=/i);
    expect(html).not.toMatch(/https?:\/\//);
    for (const a of tags(html, 'a')) if ('href' in a) expect(a['href']).toMatch(/^#(check|query)-\d+$/);
    expect(tags(html, 'script')).toEqual([{}]);
    expect(tags(html, 'style')).toEqual([{}]);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('has a Content-Security-Policy that allows exactly its own inline style and script', () => {
    const csp = unescape(tags(html, 'meta').find((m) => m['http-equiv'] === 'Content-Security-Policy')!['content']!);
    expect(csp).toMatch(/^default-src 'none';/);
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    const style = html.slice(html.indexOf('<style>') + 7, html.indexOf('</style>'));
    const script = html.slice(html.indexOf('<script>') + 8, html.indexOf('</script>'));
    expect(csp).toContain(`style-src ${hash(style)};`);
    expect(csp).toContain(`script-src ${hash(script)};`);
  });

  it('shows the verdict first: gate closed, exit code 1, the counts', () => {
    const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'));
    expect(header).toContain('class="verdict verdict-closed"');
    expect(header).toContain('<h1>Gate closed</h1>');
    expect(header).toContain('3 checks failed, 1 could not be evaluated');
    expect(header).toContain('<small>exit code</small>1</div>');
    for (const [n, label] of [[3, 'failed'], [1, 'error'], [1, 'warning'], [1, 'skipped'], [4, 'passed']] as const) {
      expect(header).toContain(`<b>${n}</b> ${label}</li>`);
    }
    expect(html.indexOf('<header')).toBeLessThan(html.indexOf('id="checks"'));
    const open = renderHtml(loadFixture('passing'));
    expect(open).toContain('<h1>Gate open</h1>');
    const unevaluated: RunReport = clone(report);
    unevaluated.exit_code = 2;
    expect(renderHtml(unevaluated)).toContain('<h1>Could not evaluate</h1>');
  });

  it('lists every check in the filterable table, problems first, with data-status', () => {
    const rows = tags(html, 'tr').filter((t) => 'data-check-id' in t);
    const rank = { fail: 0, error: 0, warn: 1, skipped: 2, pass: 3 } as const;
    const expected = report.checks.map((c, i) => ({ c, i })).sort((a, b) => rank[a.c.status] - rank[b.c.status] || a.i - b.i);
    expect(rows.map((r) => r['data-check-id'])).toEqual(expected.map((x) => x.c.id));
    expect(rows.map((r) => r['data-status'])).toEqual(expected.map((x) => x.c.status));
    for (const r of rows) expect('data-filter-item' in r).toBe(true);
    const search = rows.find((r) => r['data-check-id'] === 'player_game_summary.usage_rate_coverage')!['data-search']!;
    expect(search).toContain('game_date=2026-01-03');
    expect(tags(html, 'input').find((i) => i['id'] === 'filter')).toBeDefined();
    expect(tags(html, 'button').map((b) => b['data-toggle-status'])).toEqual(['fail', 'error', 'warn', 'skipped', 'pass']);
  });

  it('charts every check whose failing groups are keyed by a date, with threshold, failing and missing dates', () => {
    const dated = report.checks.filter((c) => c.failing_groups.some((g) => Object.values(g.key).some((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))));
    expect(dated.map((c) => c.id).sort()).toEqual(
      ['player_game_summary.daily_volume', 'player_game_summary.usage_rate_coverage', 'team_offense_game_summary.reconcile_schedule'].sort(),
    );
    const charts = tags(html, 'svg').filter((s) => 'data-chart-for' in s);
    expect(charts.map((s) => s['data-chart-for']).sort()).toEqual(dated.map((c) => c.id).sort());
    for (const c of dated) {
      const svg = chartOf(html, c.id);
      for (const g of c.failing_groups) {
        const date = g.key['game_date'] as string;
        const kind = g.value === null ? 'missing' : 'point';
        expect(svg, `${c.id} ${date}`).toMatch(new RegExp(`<g class="${kind}" data-date="${date}"><title>game_date=${date}`));
      }
      expect(svg).toContain('class="threshold threshold-fail"');
      expect(svg).toContain('<text class="axis-label"');
    }
    const coverage = chartOf(html, 'player_game_summary.usage_rate_coverage');
    expect(coverage).toContain('>fail &lt; 45%</text>');
    expect(coverage).toContain('>warn &lt; 47%</text>');
    expect(coverage).toContain('>40%</text>'); // shares as %
    expect(coverage).toContain('usage_rate_coverage (%)</text>');
    expect(coverage).toMatch(/data-date="2026-01-03"[^>]*>2026-01-03 · 12.5%<\/text>/); // a visible label on the worst dates
    const reconcile = chartOf(html, 'team_offense_game_summary.reconcile_schedule');
    expect(reconcile).toContain('<title>game_date=2026-01-03 · 12.5% · rows 2 · expected 16 · actual 2 · completeness 12.5%</title>');
    const volume = chartOf(html, 'player_game_summary.daily_volume');
    expect(volume).toContain('<title>game_date=2025-12-28 · missing partition: no rows · rows 0</title>');
    expect(volume).toContain('>2025-12-28 · missing</text>');
    // Groups without a date get a table but no chart.
    const r = clone(report);
    findCheck(r, 'team_offense_game_summary.reconcile_schedule').failing_groups.forEach((g, i) => (g.key = { game_id: `00225000${i}` }));
    const out = renderHtml(r);
    expect(chartOf(out, 'team_offense_game_summary.reconcile_schedule')).toBe('');
    expect(out).toContain('<td>002250000</td>');
  });

  it('has a card per problem check with its groups and SQL, none for passes', () => {
    const cards = tags(html, 'article');
    expect(cards.map((c) => c['data-check-id'])).toEqual(
      tags(html, 'tr').filter((t) => 'data-check-id' in t && t['data-status'] !== 'pass').map((t) => t['data-check-id']),
    );
    expect(html).toContain('Binder Error: Referenced column &quot;possessions&quot; not found in FROM clause!');
    expect(html).toContain('Skipped: blocked by team_offense_game_summary.reconcile_schedule');
    expect(html).toContain('&quot;minutes_played&quot; &gt; 0');
  });

  it('shows each query once, after the cards, and each card links to its query', () => {
    const cards = new Map([...html.matchAll(/<article [^>]*data-check-id="([^"]+)"[\s\S]*?<\/article>/g)].map((m) => [m[1]!, m[0]]));
    // Numbered in the order the cards first link to them.
    const linked = [...new Set([...cards.keys()].map((id) => findCheck(report, id).query_id).filter((q): q is string => q !== null))];
    expect(linked.length).toBeGreaterThan(1);
    const anchors = [...html.matchAll(/<details class="sql" id="(query-\d+)"/g)].map((m) => m[1]);
    expect(anchors).toEqual(linked.map((_, i) => `query-${i + 1}`));
    for (const [i, id] of linked.entries()) {
      const q = report.queries.find((x) => x.id === id)!;
      // Shown formatted (reports hold the SQL as it was sent).
      const sql = escBlock(formatReportSql(q.sql, report.target.engine));
      expect(html.split(sql).length - 1).toBe(1);
      expect(html.indexOf(sql)).toBeGreaterThan(html.indexOf(`<details class="sql" id="query-${i + 1}"`));
      for (const c of report.checks.filter((x) => x.query_id === id && x.status !== 'pass')) {
        expect(cards.get(c.id)).toContain(`<a href="#query-${i + 1}">query ${q.id}, ${q.kind}, ${q.status}, `);
        expect(cards.get(c.id)).not.toContain(sql);
      }
    }
    expect(html.indexOf('id="queries"')).toBeGreaterThan(html.lastIndexOf('</article>'));
  });

  it('keeps warehouse values as text: an injected tag never appears unescaped', () => {
    const out = renderHtml(hostileReport());
    expect(out).not.toMatch(/<script>alert/i);
    expect(out.match(/<script\b/g)).toHaveLength(1);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;|`x`]]&gt;');
    // Attributes cannot be broken out of either.
    for (const t of tags(out, 'tr')) expect(Object.keys(t).every((k) => /^(class|data-[a-z-]+)$/.test(k))).toBe(true);
    for (const t of tags(out, 'svg')) expect(Object.keys(t).every((k) => /^(class|viewBox|width|height|role|aria-[a-z]+|data-chart-for)$/.test(k))).toBe(true);
  });
});
