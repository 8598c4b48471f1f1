// Every report format of one real run, checked against the JSON report of that same run: the
// example project's `audit` suite on the demo warehouse in the 2026-01-03 backfill incident,
// run through the library, written with writeReportFiles into a temp folder. The JSON is the
// reference: the JUnit counts and failure bodies and the Markdown tables must say what it says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_FORMATS, renderers } from '../../src/reports/formats.js';
import { formatThresholds, MAX_GROUPS_LISTED, sortChecks, STATUS_LABEL } from '../../src/reports/format.js';
import { checkReportConsistency, validateReport } from '../../src/reports/report-schema.js';
import { writeReportFiles } from '../../src/reports/write.js';
import { formatGroupLine, formatMetricValue, formatNumber, groupMetricOf, valueText } from '../../src/run/format.js';
import type { CheckReport, RunReport } from '../../src/run/report.js';
import { runDemoSuite, type DemoRun } from '../support/demo-run.js';
import { parseJUnit, type El } from './helpers.js';
import { validateJenkinsJUnit } from './junit-xsd.js';


const RECONCILE = 'team_offense_game_summary.reconcile_schedule';
const PER_GAME = 'team_offense_game_summary.two_rows_per_game';
const VOLUME = 'team_offense_game_summary.daily_volume';

/** Splits a GFM table row into cells, honouring `\|`. */
const cells = (row: string) =>
  row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

/** What a markdown cell shows once rendered: backslash escapes and entities undone. */
const shown = (cell: string) =>
  cell
    .replace(/\\(.)/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The rows of the markdown table whose header line starts with `header`, as cells. */
function tableAfter(lines: string[], header: string, from = 0): { head: string[]; rows: string[][] } {
  const start = lines.findIndex((l, i) => i >= from && l.startsWith(header));
  expect(start, `no table starting with ${header}`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(cells(lines[i]!));
  return { head: cells(lines[start]!), rows };
}

describe('all formats of one real demo run agree with its JSON report', () => {
  let demo: DemoRun;
  let json: RunReport;
  let files: Record<string, string>;
  const checkOf = (id: string): CheckReport => json.checks.find((c) => c.id === id)!;

  beforeAll(async () => {
    // With blocking (overriding the suite's `block: false`): the player checks are skipped, so the
    // skipped rendering is covered; test/run/audit-mode.test.ts covers the unblocked audit.
    demo = await runDemoSuite({ suite: 'audit', block: true });
    const written = await writeReportFiles(demo.report, { outDir: join(demo.dir, 'reports', demo.report.run_id), formats: [...FILE_FORMATS], renderers });
    files = Object.fromEntries(written.files.map((f) => [f.split('/').pop()!, readFileSync(f, 'utf8')]));
    json = JSON.parse(files['report.json']!) as RunReport;
  });

  afterAll(() => demo?.cleanup());

  it('writes every format', () => {
    expect(Object.keys(files).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
  });

  it('json: valid against docs/report.schema.json, consistent, and the run as run() returned it', () => {
    expect(validateReport(json)).toEqual([]);
    expect(checkReportConsistency(json)).toEqual([]);
    expect(json).toEqual(JSON.parse(JSON.stringify(demo.report)));
    // The incident as the gate sees it.
    expect(json.exit_code).toBe(1);
    expect(json.summary).toMatchObject({ total: 23, fail: 2, warn: 1, error: 0 });
    expect(checkOf(RECONCILE).group_metric).toEqual({ name: 'completeness', unit: 'share', bounds: { equals: 1 }, detail_units: { completeness: 'share' } });
    expect(checkOf(VOLUME).group_metric).toEqual({ name: 'ratio', unit: 'share', bounds: { min: 0.5 } });
    expect(checkOf(PER_GAME).group_metric).toEqual({ name: 'rows', unit: 'count', bounds: { equals: 2 } });
  });

  describe('junit.xml', () => {
    let root: El;
    let cases: Map<string, El>;

    beforeAll(() => {
      const doc = parseJUnit(files['junit.xml']!);
      root = doc['testsuites'];
      cases = new Map(root.testsuite.flatMap((s: El) => s.testcase).map((t: El) => [t['@_name'], t]));
    });

    it('is valid against the Jenkins junit-10.xsd rules', () => {
      expect(validateJenkinsJUnit(files['junit.xml']!)).toEqual([]);
    });

    it('counts what the JSON counts, overall and per check file', () => {
      const s = json.summary;
      expect(Number(root['@_tests'])).toBe(s.total);
      // fail_on error: a warning does not fail the test case.
      expect(json.fail_on).toBe('error');
      expect(Number(root['@_failures'])).toBe(s.fail);
      expect(Number(root['@_errors'])).toBe(s.error);
      const suites: El[] = root.testsuite;
      expect(suites.reduce((n, x) => n + Number(x['@_skipped']), 0)).toBe(s.skipped);
      expect(suites.map((x) => x['@_file'])).toEqual([...new Set(json.checks.map((c) => c.file))]);
      for (const suite of suites) {
        const checks = json.checks.filter((c) => c.file === suite['@_file']);
        expect(suite.testcase.map((t: El) => t['@_name'])).toEqual(checks.map((c) => c.id));
        expect(Number(suite['@_failures'])).toBe(checks.filter((c) => c.status === 'fail').length);
        expect(Number(suite['@_skipped'])).toBe(checks.filter((c) => c.status === 'skipped').length);
        const props = Object.fromEntries(suite.properties.property.map((p: El) => [p['@_name'], p['@_value']]));
        expect(props['dqgate.failing_partitions'] ?? '').toBe((json.failing_partitions[checks[0]!.table] ?? []).join(','));
      }
    });

    it('has a failure body per failed check that says what the JSON says: message, metric, threshold, groups, SQL', () => {
      // The loop below must have something to check.
      expect(json.checks.filter((c) => c.status === 'fail').length).toBeGreaterThan(0);
      for (const check of json.checks.filter((c) => c.status === 'fail')) {
        const failure = cases.get(check.id)!['failure'] as El;
        expect(failure['@_message']).toBe(check.message);
        expect(failure['@_type']).toBe(check.type);
        const body = String(failure['#text']);
        const lines = body.split('\n');
        expect(lines[0]).toBe(check.message);
        expect(lines).toContain(`check:     ${check.id} (${check.type}, severity ${check.severity}, status ${STATUS_LABEL[check.status]})`);
        expect(lines).toContain(`metric:    ${check.metric.name} = ${formatMetricValue(check.metric.value, check.metric.unit)}`);
        expect(lines).toContain(`threshold: ${formatThresholds(check)}`);
        expect(lines).toContain(`rows:      ${formatNumber(check.rows_evaluated!, 0)} evaluated`);
        // The first 20 groups of the JSON, in its order, each in the group metric's unit.
        const listed = check.failing_groups.slice(0, MAX_GROUPS_LISTED);
        expect(lines).toContain(`failing groups: ${check.failing_group_count} (first ${listed.length} listed)`);
        const start = lines.indexOf(`failing groups: ${check.failing_group_count} (first ${listed.length} listed)`);
        expect(lines.slice(start + 1, start + 1 + listed.length)).toEqual(listed.map((g) => `  ${formatGroupLine(g, groupMetricOf(check))}`));
        expect(lines[start + 1 + listed.length]).toBe(`  … and ${check.failing_group_count - listed.length} more`);
        const query = json.queries.find((q) => q.id === check.query_id)!;
        expect(lines.at(-1)).toBe(`query ${query.id} (${query.kind}, ${query.status}, ${formatNumber(query.duration_ms, 0)} ms): SQL in the system-out of testsuite ${check.file}`);
      }
      // The figures themselves, as the incident has them.
      const reconcile = String(cases.get(RECONCILE)!['failure']['#text']);
      expect(reconcile).toContain('groups:    completeness per group (fails ≠ 100%)');
      expect(reconcile).toContain('  game_date=2025-11-19: missing (no rows) (rows 0; expected 24, actual 0, completeness 0%)');
      expect(reconcile).toContain('  game_date=2025-10-24: 3.8% (rows 1; expected 26, actual 1, completeness 3.8%)');
      const perGame = String(cases.get(PER_GAME)!['failure']['#text']);
      expect(perGame).toContain('groups:    rows per group (fails ≠ 2)');
      expect(perGame).toContain('  game_id=0022400535: 1 (rows 1)');
    });

    it('marks skipped checks with why, and keeps the warning as a note that does not fail', () => {
      for (const check of json.checks.filter((c) => c.status === 'skipped')) {
        expect(cases.get(check.id)!['skipped']['@_message']).toBe(check.skipped_reason);
      }
      const volume = cases.get(VOLUME)!;
      expect(volume['failure']).toBeUndefined();
      const note = String(volume['system-out']);
      expect(note.startsWith("WARNING (does not close the gate: fail_on is 'error')")).toBe(true);
      expect(note).toContain('game_date=2026-01-03: 16.7% (rows 2; rows 2, trailing_median 12, ratio 16.7%)');
    });
  });

  describe('report.md', () => {
    let lines: string[];
    beforeAll(() => {
      lines = files['report.md']!.split('\n');
    });

    it('has the verdict and one checks-table row per JSON check, problems first, with the same figures', () => {
      expect(lines[0]).toBe(`## ❌ dqgate: gate closed — exit code ${json.exit_code}`);
      const { rows } = tableAfter(lines, '| Status | Check |');
      const expected = sortChecks(json.checks);
      expect(rows).toHaveLength(json.checks.length);
      rows.forEach((row, i) => {
        const c = expected[i]!;
        expect(row).toHaveLength(6);
        expect(row[0]).toMatch(new RegExp(` ${STATUS_LABEL[c.status]}$`));
        expect(shown(row[1]!)).toBe(c.id);
        expect(shown(row[2]!)).toBe(c.table);
        expect(shown(row[3]!)).toBe(`${c.metric.name} = ${formatMetricValue(c.metric.value, c.metric.unit)}`);
        expect(shown(row[4]!)).toBe(formatThresholds(c));
        expect(shown(row[5]!)).toBe(c.status === 'skipped' ? c.skipped_reason : c.message);
      });
    });

    it('lists each check’s failing groups as the JSON has them, in the group metric', () => {
      const withGroups = sortChecks(json.checks).filter((c) => c.failing_groups.length > 0);
      expect(withGroups.map((c) => c.id)).toEqual([RECONCILE, PER_GAME, VOLUME]);
      for (const check of withGroups) {
        const at = lines.findIndex((l) => l.includes(`<b>${check.id}</b>`));
        expect(lines[at]).toContain(`${check.failing_group_count} failing groups (first ${MAX_GROUPS_LISTED} shown)`);
        const { head, rows } = tableAfter(lines, '|', at);
        const gm = groupMetricOf(check);
        expect(head[1]).toBe(gm.name);
        expect(rows).toHaveLength(MAX_GROUPS_LISTED);
        rows.forEach((row, i) => {
          const g = check.failing_groups[i]!;
          expect(shown(row[0]!)).toBe(valueText(Object.values(g.key)[0]));
          expect(shown(row[1]!)).toBe(g.reason === 'missing' ? '**missing** (no rows)' : formatMetricValue(g.value, gm.unit));
        });
      }
      // Reconcile: completeness, rows, expected, actual; the completeness detail is not repeated.
      expect(tableAfter(lines, '| game_date | completeness |').head).toEqual(['game_date', 'completeness', 'rows', 'expected', 'actual']);
      expect(lines).toContain('| 2025-10-24 | 3.8% | 1 | 26 | 1 |');
      expect(lines).toContain('| 2025-11-19 | **missing** (no rows) | 0 | 24 | 0 |');
      expect(tableAfter(lines, '| game_id |').head).toEqual(['game_id', 'rows']);
      expect(tableAfter(lines, '| game_date | ratio |').head).toEqual(['game_date', 'ratio', 'rows', 'trailing_median']);
    });

    it('gives every failing partition of the JSON, ready to paste', () => {
      for (const [table, dates] of Object.entries(json.failing_partitions)) {
        const at = lines.indexOf(`**${table}** (${dates.length}):`);
        expect(at).toBeGreaterThan(0);
        expect(lines[at + 3]).toBe(dates.join(','));
      }
    });
  });

  it('report.html: a row per JSON check and a chart for each check whose groups are dates', () => {
    const html = files['report.html']!;
    for (const c of json.checks) expect(html).toContain(`data-check-id="${c.id}" data-search=`);
    expect(html).toContain(`data-chart-for="${RECONCILE}"`);
    expect(html).toContain(`data-chart-for="${VOLUME}"`);
    expect(html).not.toContain(`data-chart-for="${PER_GAME}"`);
  });
});
