// Drill-down for people: the worst partitions of a failed table-wide check in every format, and
// no drill-down where a partition's value means something else (freshness). Expected partitions
// and values are recomputed in plain TypeScript from the fixture's rows (test/e2e/fixture.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/reports/console.js';
import { renderHtml } from '../../src/reports/html.js';
import { renderJUnit } from '../../src/reports/junit.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import type { RunReport } from '../../src/run/report.js';
import { makeProject } from '../e2e/fixture.js';
import { byId, runProject } from '../e2e/run-project.js';
import { parseJUnit } from '../reports/helpers.js';

const CHECKS = `table: shop.orders
partition: created_at
checks:
  - name: amount_coverage
    coverage: { column: amount, min: 90% }
    where: id % 3 <> 0
  - name: stale
    freshness: { column: created_at, max_age: 1 day }
    where: created_at < DATE '2026-01-05'
`;

/** shop.orders as the fixture builds it: id, created_at, amount present. */
function orders(): { id: number; day: string; amount: boolean }[] {
  const rows = [];
  for (let i = 1; i <= 100; i++) {
    const d = Math.floor((i - 1) / 10);
    if (d === 4 && (i - 1) % 10 >= 2) continue;
    rows.push({ id: i, day: `2026-01-${String(d + 1).padStart(2, '0')}`, amount: i % 5 !== 0 });
  }
  return rows;
}

/** Per day of the rows with id % 3 <> 0: coverage, worst first, ties by date. */
function expectedWorst(): { day: string; coverage: number; rows: number }[] {
  const byDay = new Map<string, { rows: number; present: number }>();
  for (const r of orders().filter((r) => r.id % 3 !== 0)) {
    const d = byDay.get(r.day) ?? { rows: 0, present: 0 };
    d.rows++;
    if (r.amount) d.present++;
    byDay.set(r.day, d);
  }
  return [...byDay]
    .map(([day, d]) => ({ day, coverage: d.present / d.rows, rows: d.rows }))
    .sort((a, b) => a.coverage - b.coverage || a.day.localeCompare(b.day))
    .slice(0, 10);
}

describe('drill-down', () => {
  let report: RunReport;
  beforeAll(async () => {
    report = await runProject(await makeProject({ 'checks/orders.yaml': CHECKS }));
  });

  it('does not drill a failed freshness check into partitions: a partition’s newest value is not the table’s', () => {
    const stale = byId(report, 'orders.stale');
    expect(stale.status).toBe('fail');
    expect(stale.drill_down).toBeUndefined();
    const drillQueries = report.queries.filter((q) => q.purpose === 'drill_down');
    expect(drillQueries.flatMap((q) => q.check_ids)).toEqual(['orders.amount_coverage']);
  });

  it('drills a failed coverage check into its worst partitions, worst first', () => {
    const coverage = byId(report, 'orders.amount_coverage');
    expect(coverage.status).toBe('fail');
    const worst = expectedWorst();
    expect(coverage.drill_down!.groups.map((g) => [g.key.created_at, g.value])).toEqual(worst.map((w) => [w.day, w.coverage]));
  });

  it('shows the worst partitions under the FAIL line on the console', () => {
    const text = renderConsole(report, { color: false });
    const block = text.split('\n');
    const at = block.findIndex((l) => l.trim() === 'worst partitions by created_at (coverage per partition):');
    expect(at).toBeGreaterThan(block.findIndex((l) => l.includes('FAIL orders.amount_coverage')));
    const listed = block.slice(at + 1, at + 1 + expectedWorst().length).map((l) => /^ {6}created_at=(\S+): /.exec(l)?.[1]);
    expect(listed).toEqual(expectedWorst().map((w) => w.day));
    expect(text).not.toMatch(/worst partitions by created_at \(freshness/);
  });

  it('lists them as a Markdown table', () => {
    const md = renderMarkdown(report);
    const section = md.slice(md.indexOf('### Worst partitions'));
    expect(section).toContain('| created_at | coverage |');
    const dates = [...section.matchAll(/^\| (2026-01-\d\d) \| /gm)].map((m) => m[1]);
    expect(dates).toEqual(expectedWorst().map((w) => w.day));
  });

  it('puts them in the JUnit failure body', () => {
    const doc = parseJUnit(renderJUnit(report));
    const tc = doc.testsuites.testsuite[0].testcase.find((t: { '@_name': string }) => t['@_name'] === 'orders.amount_coverage');
    const body = String(tc.failure['#text']);
    const lines = body.slice(body.indexOf('worst partitions by created_at')).split('\n').slice(1, 1 + expectedWorst().length);
    expect(lines.map((l) => /^ {2}created_at=(\S+): /.exec(l)?.[1])).toEqual(expectedWorst().map((w) => w.day));
  });

  it('charts them in report.html with the threshold line', () => {
    const html = renderHtml(report);
    const block = /<section class="drill-down-block" data-drill-down-for="orders\.amount_coverage">[\s\S]*?<\/section>/.exec(html)?.[0];
    expect(block).toBeDefined();
    expect(block).toContain('<svg class="chart"');
    // One point per drilled partition, and the fail threshold (90%) drawn as a line.
    expect(block!.match(/<circle /g)?.length).toBe(expectedWorst().length);
    expect(block).toContain('<g class="threshold threshold-fail">');
    expect(html).not.toContain('data-drill-down-for="orders.stale"');
  });
});
