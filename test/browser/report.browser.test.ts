// report.html of a real run in a real browser: the example project's `audit` suite on the demo
// warehouse in the 2026-01-03 backfill incident (built into a temp folder), run through the
// library as `dq run audit --as-of 2026-01-04` does, rendered, and opened in headless Chromium.
// The verdict, the failing checks and charts of the failing dates are visible and readable, the
// filter and status toggles work, nothing is fetched, no script or CSP errors.
// Leaves screenshots in reports/screenshots/ (report.png: the first screen, 1280x900; also
// report-full.png and report-chart.png) and copies report.png to docs/images/report-html.png,
// the picture the README shows. The run's clock is fixed, so the first screen is the same on
// every run on one machine and the copy changes only when the page does.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderers } from '../../src/reports/formats.js';
import { writeReportFiles } from '../../src/reports/write.js';
import type { RunReport } from '../../src/run/report.js';
import { runDemoSuite, steppingClock, type DemoRun } from '../support/demo-run.js';

const CHROMIUM = process.env['DQ_CHROMIUM'] ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../reports/screenshots/', import.meta.url));
const DOCS_IMAGE = fileURLToPath(new URL('../../docs/images/report-html.png', import.meta.url));

const RECONCILE = 'team_offense_game_summary.reconcile_schedule';
const PER_GAME = 'team_offense_game_summary.two_rows_per_game';
const VOLUME = 'team_offense_game_summary.daily_volume';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, outer: Box) => a.x >= outer.x - 0.5 && a.y >= outer.y - 0.5 && a.x + a.width <= outer.x + outer.width + 0.5 && a.y + a.height <= outer.y + outer.height + 0.5;

async function boxes(locator: Locator): Promise<Box[]> {
  return locator.evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })));
}

function expectApart(list: Box[], what: string): void {
  for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) expect(overlap(list[i]!, list[j]!), `${what} ${i} and ${j} overlap`).toBe(false);
}

describe('report.html of a real demo run, in Chromium', () => {
  let demo: DemoRun;
  let report: RunReport;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run .ci/install-chromium.sh (or set DQ_CHROMIUM)`);
    // Blocking (the gate's story: the player checks skipped), overriding the suite's `block: false`.
    demo = await runDemoSuite({ suite: 'audit', block: true, clock: steppingClock('2026-01-04T11:30:00Z', 180), runId: '20260104T113000Z-audit' });
    report = demo.report;
    const written = await writeReportFiles(report, { outDir: join(demo.dir, 'reports', report.run_id), formats: ['html'], renderers });
    browser = await chromium.launch({ executablePath: CHROMIUM });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(written.files[0]!).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    demo?.cleanup();
  });

  const visibleRows = () => page.locator('#checks tbody tr:visible');
  const visibleIds = async () => visibleRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-check-id')));

  it('runs the incident: the gate closes on reconcile and two_rows_per_game, daily_volume warns', () => {
    expect(report.exit_code).toBe(1);
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([RECONCILE, PER_GAME]);
    expect(report.checks.find((c) => c.id === VOLUME)!.status).toBe('warn');
    expect(report.failing_partitions['nba_analytics.team_offense_game_summary']).toContain('2026-01-03');
  });

  it('shows the verdict at the top: gate closed, exit code 1, the counts of the run', async () => {
    const verdict = page.locator('#verdict');
    expect(await verdict.isVisible()).toBe(true);
    expect(await verdict.locator('h1').innerText()).toBe('Gate closed');
    expect(await verdict.locator('.exit').innerText()).toMatch(/EXIT CODE\s*1/i);
    const s = report.summary;
    const counts = await verdict.locator('.counts').innerText();
    for (const [n, word] of [[s.fail, 'failed'], [s.warn, 'warning'], [s.skipped, 'skipped'], [s.pass, 'passed']] as const) {
      expect(counts).toMatch(new RegExp(`${n}\\s*${word}`));
    }
    expect((await verdict.boundingBox())!.y).toBe(0);
    // The verdict colour is red.
    expect(await verdict.evaluate((el) => getComputedStyle(el).backgroundImage)).toContain('rgb(207, 34, 46)');
  });

  it('lists the failing checks first, with their failing dates as chips', async () => {
    const ids = await visibleIds();
    expect(ids).toHaveLength(report.checks.length);
    expect(ids.slice(0, 2)).toEqual([RECONCILE, PER_GAME]);
    for (const id of [RECONCILE, PER_GAME]) expect(await page.locator(`#checks tr[data-check-id="${id}"] .badge`).innerText()).toBe('FAIL');
    const chips = page.locator(`#checks tr[data-check-id="${RECONCILE}"] .chip`);
    // The missing partition first (hatched), then the least complete dates, then "+N more".
    expect(await chips.first().innerText()).toBe('2025-11-19');
    expect(await chips.first().getAttribute('class')).toContain('missing');
    expect(await chips.last().innerText()).toBe(`+${report.checks.find((c) => c.id === RECONCILE)!.failing_group_count - 6} more`);
  });

  it('charts the reconcile check: ~120 failing dates, 2026-01-03 among them, readable', async () => {
    const check = report.checks.find((c) => c.id === RECONCILE)!;
    expect(check.group_metric).toEqual({ name: 'completeness', unit: 'share', bounds: { equals: 1 }, detail_units: { completeness: 'share' } });
    const chart = page.locator(`svg[data-chart-for="${RECONCILE}"]`);
    await chart.scrollIntoViewIfNeeded();
    expect(await chart.isVisible()).toBe(true);
    const chartBox = (await chart.boundingBox())!;
    expect(chartBox.width).toBeGreaterThan(900);
    // Every failing date with a value is a point; the missing one is a hatched column.
    const valued = check.failing_groups.filter((g) => g.reason !== 'missing' && g.value !== null);
    expect(valued.length).toBeGreaterThan(100);
    expect(await chart.locator('g.point').count()).toBe(valued.length);
    for (const date of ['2025-12-26', '2025-12-31', '2026-01-03']) {
      const point = chart.locator(`g.point[data-date="${date}"] circle`);
      expect(await point.isVisible()).toBe(true);
      expect(inside((await point.boundingBox())!, chartBox)).toBe(true);
      expect(await point.evaluate((el) => getComputedStyle(el).fill)).toBe('rgb(207, 34, 46)');
    }
    const tooltip = await chart.locator('g.point[data-date="2026-01-03"] title').textContent();
    expect(tooltip).toBe('game_date=2026-01-03 · completeness 12.5% · rows 2 · expected 16 · actual 2');
    expect(await chart.locator('g.missing[data-date="2025-11-19"] rect').isVisible()).toBe(true);
    // Each group is held to completeness = 100% (not the check's own "mismatched_groups = 0").
    expect(await chart.locator('.threshold-fail text').textContent()).toBe('fail ≠ 100%');
    expect(await chart.locator('.axis-label').allTextContents()).toEqual(['completeness (%)', 'game_date']);
    // The off-season between the two stretches of failing dates is cut out of the axis.
    expect(await chart.locator('g.axis-break').count()).toBe(1);
    expect(await chart.locator('g.axis-break title').textContent()).toMatch(/^2025-04-14 to 2025-10-20: no failing game_date/);
    // Readable: neighbouring points stay apart, labels neither overlap each other nor leave the chart.
    const points = (await boxes(chart.locator('g.point circle'))).sort((a, b) => a.x - b.x);
    const distinctX = points.filter((p, i) => i === 0 || p.x - points[i - 1]!.x > 0.5);
    for (let i = 1; i < distinctX.length; i++) expect(distinctX[i]!.x - distinctX[i - 1]!.x).toBeGreaterThan(2);
    const labels = await boxes(chart.locator('text.point-label'));
    expect(labels.length).toBeGreaterThanOrEqual(3);
    expectApart(labels, 'point labels');
    const ticks = await boxes(chart.locator('.axis-x text:not(.axis-label)'));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expectApart(ticks, 'axis labels');
    for (const b of [...labels, ...ticks]) expect(inside(b, chartBox)).toBe(true);
    expect(await chart.locator('text.point-label').allTextContents()).toContain('2025-11-19 · missing');
  });

  it('charts daily_volume as ratios against its 50% bound; the per-game check has no date to chart', async () => {
    const volume = page.locator(`svg[data-chart-for="${VOLUME}"]`);
    await volume.scrollIntoViewIfNeeded();
    expect(await volume.locator('g.point[data-date="2026-01-03"] circle').isVisible()).toBe(true);
    // The tooltip states the group's figures from the report of the same run.
    const group = report.checks.find((c) => c.id === VOLUME)!.failing_groups.find((g) => g.key['game_date'] === '2026-01-03')!;
    const percent = `${Number(((group.value as number) * 100).toFixed(1))}%`;
    expect(await volume.locator('g.point[data-date="2026-01-03"] title').textContent()).toBe(
      `game_date=2026-01-03 · ratio ${percent} · rows ${group.rows} · rows ${group.details!['rows']} · trailing_median ${group.details!['trailing_median']}`,
    );
    expect(await volume.locator('.threshold-fail text').textContent()).toBe('fail < 50%');
    expectApart(await boxes(volume.locator('.axis-x text:not(.axis-label)')), 'axis labels');

    const perGame = report.checks.find((c) => c.id === PER_GAME)!;
    expect(perGame.failing_group_count).toBeGreaterThan(0);
    const card = page.locator(`article.card[data-check-id="${PER_GAME}"]`);
    expect(await card.locator('svg.chart').count()).toBe(0);
    expect(await card.locator('.groups th').allTextContents()).toEqual(['game_id', 'rows']);
    expect(await card.locator('.groups tbody tr').count()).toBe(perGame.failing_groups.length);
    expect(await card.locator('.facts').innerText()).toContain('rows per group (fails ≠ 2)');
  });

  it('filters rows by text, and by status with the toggle buttons', async () => {
    const filter = page.locator('#filter');
    await filter.fill('reconcile');
    const matching = report.checks.filter((c) => JSON.stringify([c.id, c.message, c.skipped_reason ?? '']).includes('reconcile')).map((c) => c.id);
    expect(matching.length).toBeGreaterThan(5);
    expect((await visibleIds()).sort()).toEqual([...matching].sort());
    expect(await page.locator('#shown').innerText()).toBe(`${matching.length} of ${report.checks.length} checks shown`);
    // A date finds the checks that failed on it; the detail cards follow the filter too.
    await filter.fill('2026-01-03');
    expect((await visibleIds()).sort()).toEqual([VOLUME, RECONCILE].sort());
    expect(await page.locator('article.card:visible').count()).toBe(2);
    await filter.fill('no such check');
    expect(await visibleRows().count()).toBe(0);
    expect(await page.locator('#no-match').isVisible()).toBe(true);
    await filter.fill('');
    expect(await visibleRows().count()).toBe(report.checks.length);

    const passToggle = page.locator('button[data-toggle-status="pass"]');
    await passToggle.click();
    expect(await passToggle.getAttribute('aria-pressed')).toBe('false');
    const nonPass = report.checks.filter((c) => c.status !== 'pass').length;
    expect(await visibleRows().count()).toBe(nonPass);
    expect(await page.locator('#checks tbody tr[data-status="pass"]:visible').count()).toBe(0);
    await page.locator('button[data-toggle-status="fail"]').click();
    expect(await visibleRows().count()).toBe(nonPass - report.summary.fail);
    await page.locator('button[data-toggle-status="fail"]').click();
    await passToggle.click();
    expect(await visibleRows().count()).toBe(report.checks.length);
    // "/" jumps to the filter.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter');
  });

  it("links a check's card to its query, shown once; following the link opens the query's SQL", async () => {
    const card = page.locator(`article[data-check-id="${RECONCILE}"]`);
    const link = card.locator('.query-ref a');
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^#query-\d+$/);
    const query = page.locator(href!);
    expect(await query.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    await link.click();
    expect(await query.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
    const sql = report.queries.find((q) => q.id === report.checks.find((c) => c.id === RECONCILE)!.query_id)!.sql;
    // Shown laid out for reading (line breaks, upper-case keywords); the same SQL as sent.
    const tokens = (text: string) => text.replace(/\s+/g, '').toLowerCase();
    expect(tokens((await query.locator('pre code').textContent())!)).toBe(tokens(sql));
    await expect.poll(() => query.isVisible()).toBe(true);
    expect(await page.locator('#queries details.sql').count()).toBe(new Set(report.checks.filter((c) => c.status !== 'pass' && c.query_id).map((c) => c.query_id)).size);
    await page.evaluate(() => history.replaceState(null, '', location.pathname));
  });

  it('fetches nothing and logs no errors (a CSP violation would show here)', () => {
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('saves screenshots to reports/screenshots/ and the first screen to docs/images/report-html.png', async () => {
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    const first = join(SCREENSHOTS, 'report.png');
    await page.screenshot({ path: first });
    await page.screenshot({ path: join(SCREENSHOTS, 'report-full.png'), fullPage: true });
    await page.locator(`article.card[data-check-id="${RECONCILE}"]`).screenshot({ path: join(SCREENSHOTS, 'report-chart.png') });
    const png = readFileSync(first);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // IHDR: the first screen is the 1280x900 viewport.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 900]);
    mkdirSync(join(DOCS_IMAGE, '..'), { recursive: true });
    copyFileSync(first, DOCS_IMAGE);
  });
});
