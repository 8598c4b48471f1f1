// report.html in a real browser: the verdict, the failing checks and a chart of the failing dates
// are visible, the filter and status toggles work, nothing is fetched, no script or CSP errors.
// Leaves a screenshot at reports/screenshots/report.png.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderers } from '../../src/reports/formats.js';
import { writeReportFiles } from '../../src/reports/write.js';
import type { RunReport } from '../../src/run/report.js';

const CHROMIUM = process.env['DQ_CHROMIUM'] ?? '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../../reports/screenshots/report.png', import.meta.url));
// Later: a real `dq run` of the demo warehouse instead of the fixture.
const report = JSON.parse(readFileSync(new URL('../fixtures/reports/incident.json', import.meta.url), 'utf8')) as RunReport;

describe('report.html in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run .ci/install-chromium.sh (or set DQ_CHROMIUM)`);
    const written = await writeReportFiles(report, {
      outDir: join(mkdtempSync(join(tmpdir(), 'dq-browser-')), report.run_id),
      formats: ['html'],
      renderers,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
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
  });

  const visibleRows = () => page.locator('#checks tbody tr:visible');
  const visibleIds = async () => visibleRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-check-id')));

  it('shows the verdict at the top: gate closed, exit code 1', async () => {
    const verdict = page.locator('#verdict');
    expect(await verdict.isVisible()).toBe(true);
    expect(await verdict.locator('h1').innerText()).toBe('Gate closed');
    expect(await verdict.locator('.exit').innerText()).toMatch(/EXIT CODE\s*1/i);
    expect(await verdict.locator('.counts').innerText()).toMatch(/3\s*failed[\s\S]*1\s*error[\s\S]*1\s*warning[\s\S]*4\s*passed/);
    const box = await verdict.boundingBox();
    expect(box!.y).toBe(0);
    // The verdict colour is red.
    const bg = await verdict.evaluate((el) => getComputedStyle(el).backgroundImage);
    expect(bg).toContain('rgb(207, 34, 46)');
  });

  it('lists the failing checks first', async () => {
    const failing = report.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    const ids = await visibleIds();
    expect(ids).toHaveLength(report.checks.length);
    expect(ids.slice(0, failing.length)).toEqual(failing);
    for (const id of failing) expect(await page.locator(`#checks tr[data-check-id="${id}"] .badge`).innerText()).toBe('FAIL');
  });

  it('shows a chart with the failing dates, 2026-01-03 among them', async () => {
    const chart = page.locator('svg[data-chart-for="team_offense_game_summary.reconcile_schedule"]');
    await chart.scrollIntoViewIfNeeded();
    expect(await chart.isVisible()).toBe(true);
    const chartBox = (await chart.boundingBox())!;
    expect(chartBox.width).toBeGreaterThan(600);
    for (const date of ['2025-12-26', '2025-12-31', '2026-01-03']) {
      const point = chart.locator(`g.point[data-date="${date}"] circle`);
      expect(await point.isVisible()).toBe(true);
      const p = (await point.boundingBox())!;
      expect(p.x).toBeGreaterThanOrEqual(chartBox.x);
      expect(p.x + p.width).toBeLessThanOrEqual(chartBox.x + chartBox.width);
      expect(await point.evaluate((el) => getComputedStyle(el).fill)).toBe('rgb(207, 34, 46)');
    }
    expect(await chart.locator('text.point-label[data-date="2026-01-03"]').innerHTML()).toBe('2026-01-03 · 12.5%');
    expect(await chart.locator('g.point[data-date="2026-01-03"] title').textContent()).toContain('expected 16 · actual 2');
    expect(await chart.locator('.threshold-fail text').textContent()).toBe('fail < 100%');
    // The missing partition is drawn, and distinct from the points.
    const missing = page.locator('svg[data-chart-for="player_game_summary.daily_volume"] g.missing[data-date="2025-12-28"] rect');
    expect(await missing.isVisible()).toBe(true);
    // The coverage chart plots every listed date.
    const coverage = report.checks.find((c) => c.id === 'player_game_summary.usage_rate_coverage')!;
    expect(await page.locator('svg[data-chart-for="player_game_summary.usage_rate_coverage"] g.point').count()).toBe(coverage.failing_groups.length);
  });

  it('filters rows by text, and by status with the toggle buttons', async () => {
    const filter = page.locator('#filter');
    await filter.fill('reconcile');
    const matching = report.checks.filter((c) => JSON.stringify([c.id, c.message, c.skipped_reason ?? '']).includes('reconcile')).map((c) => c.id);
    expect((await visibleIds()).sort()).toEqual([...matching].sort());
    expect(await visibleRows().count()).toBe(matching.length);
    expect(await page.locator('#shown').innerText()).toBe(`${matching.length} of ${report.checks.length} checks shown`);
    // A date finds the checks that failed on it; the detail cards follow the filter too.
    await filter.fill('2026-01-03');
    expect((await visibleIds()).sort()).toEqual(['player_game_summary.usage_rate_coverage', 'team_offense_game_summary.reconcile_schedule']);
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

  it('fetches nothing and logs no errors (a CSP violation would show here)', () => {
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('saves a screenshot to reports/screenshots/report.png', async () => {
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(readFileSync(SCREENSHOT).subarray(1, 4).toString()).toBe('PNG');
  });
});
