import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatReportSql } from '../../src/dialects/format-sql.js';
import { renderJUnit } from '../../src/reports/junit.js';
import type { RunReport } from '../../src/run/report.js';
import { clone, findCheck, HOSTILE, hostileReport, loadFixture, parseJUnit, type El } from './helpers.js';
import { validateJenkinsJUnit } from './junit-xsd.js';

const parse = parseJUnit;

function testcases(doc: El): El[] {
  return doc['testsuites'].testsuite.flatMap((s: El) => s.testcase);
}

function text(el: El | string | undefined): string {
  if (el === undefined) return '';
  return typeof el === 'string' ? el : String(el['#text'] ?? '');
}

describe('renderJUnit', () => {
  const report = loadFixture('incident');
  const xml = renderJUnit(report);
  const doc = parse(xml);
  const root = doc['testsuites'];

  it('is valid against the Jenkins junit-10.xsd rules', () => {
    expect(validateJenkinsJUnit(xml)).toEqual([]);
    expect(validateJenkinsJUnit(renderJUnit(loadFixture('passing')))).toEqual([]);
    expect(validateJenkinsJUnit(renderJUnit(hostileReport()))).toEqual([]);
    // The validator itself rejects what the XSD rejects.
    expect(validateJenkinsJUnit(xml.replace('<testsuites name="dqgate"', '<testsuites name="dqgate" skipped="1"'))).toEqual([
      "/testsuites: attribute 'skipped' not allowed",
    ]);
    expect(validateJenkinsJUnit(xml.replace(/time="2\.464"/, 'time="2.5s"'))[0]).toMatch(/time/);
  });

  it('totals on <testsuites> match the report summary', () => {
    expect(root['@_name']).toBe('dqgate');
    expect(Number(root['@_tests'])).toBe(report.summary.total);
    expect(Number(root['@_failures'])).toBe(report.summary.fail); // fail_on error: warnings pass
    expect(Number(root['@_errors'])).toBe(report.summary.error);
    expect(root['@_time']).toBe('2.464');
    const suites: El[] = root.testsuite;
    const sum = (k: string) => suites.reduce((n, s) => n + Number(s[k]), 0);
    expect(sum('@_tests')).toBe(report.summary.total);
    expect(sum('@_failures')).toBe(report.summary.fail);
    expect(sum('@_errors')).toBe(report.summary.error);
    expect(sum('@_skipped')).toBe(report.summary.skipped);
  });

  it('has one <testsuite> per check file named after its table, and one <testcase> per check', () => {
    const files = [...new Set(report.checks.map((c) => c.file))];
    const suites: El[] = root.testsuite;
    expect(suites.map((s) => s['@_file'])).toEqual(files);
    for (const s of suites) {
      const checks = report.checks.filter((c) => c.file === s['@_file']);
      expect(s['@_name']).toBe(checks[0]!.table);
      expect(s['@_timestamp']).toBe('2026-01-04T00:31:07');
      expect(Number(s['@_tests'])).toBe(checks.length);
      expect(Number(s['@_failures'])).toBe(checks.filter((c) => c.status === 'fail').length);
      expect(Number(s['@_errors'])).toBe(checks.filter((c) => c.status === 'error').length);
      expect(Number(s['@_skipped'])).toBe(checks.filter((c) => c.status === 'skipped').length);
      expect(s.testcase.map((t: El) => t['@_name'])).toEqual(checks.map((c) => c.id));
      for (const t of s.testcase) expect(t['@_classname']).toBe(checks[0]!.table);
      const props = Object.fromEntries(s.properties.property.map((p: El) => [p['@_name'], p['@_value']]));
      expect(props['dqgate.run_id']).toBe(report.run_id);
      expect(props['dqgate.failing_partitions'] ?? '').toBe((report.failing_partitions[checks[0]!.table] ?? []).join(','));
    }
    const cases = testcases(doc);
    expect(cases).toHaveLength(report.checks.length);
    expect(cases.find((t) => t['@_name'] === 'player_game_summary.usage_rate_coverage')!['@_time']).toBe('0.612');
  });

  it('marks each check by its status', () => {
    const byId = new Map(testcases(doc).map((t) => [t['@_name'], t]));
    for (const c of report.checks) {
      const t = byId.get(c.id)!;
      expect(Boolean(t.failure), `${c.id} failure`).toBe(c.status === 'fail');
      expect(Boolean(t.error), `${c.id} error`).toBe(c.status === 'error');
      expect(Boolean(t.skipped), `${c.id} skipped`).toBe(c.status === 'skipped');
    }
    const skipped = byId.get('player_game_summary.usage_rate_range')!.skipped;
    expect(skipped['@_message']).toBe('blocked by team_offense_game_summary.reconcile_schedule');
    const warn = byId.get('nbac_schedule.freshness')!;
    expect(text(warn['system-out'])).toMatch(/^WARNING \(does not close the gate: fail_on is 'error'\)/);
    expect(text(warn['system-out'])).toContain('newest game_date is 1d 6h old');
  });

  it('failure bodies say where: table, metric vs threshold, every listed failing date, the query and where its SQL is', () => {
    const byId = new Map(testcases(doc).map((t) => [t['@_name'], t]));
    // The loop below must have something to check.
    expect(report.checks.filter((x) => x.status === 'fail').length).toBeGreaterThan(0);
    for (const c of report.checks.filter((x) => x.status === 'fail')) {
      const f = byId.get(c.id)!.failure;
      expect(f['@_message']).toBe(c.message);
      expect(f['@_type']).toBe(c.type);
      const body = text(f);
      expect(body).toContain(`table:     ${c.table}`);
      const q = report.queries.find((x) => x.id === c.query_id)!;
      expect(body).not.toContain(q.sql);
      expect(body).toContain(`query ${q.id} (${q.kind}, ${q.status}, ${q.duration_ms} ms): SQL in the system-out of testsuite ${c.file}`);
      for (const g of c.failing_groups.slice(0, 20)) expect(body).toContain(`game_date=${g.key['game_date']}:`);
      if (c.failing_group_count > 20) expect(body).toContain(`… and ${c.failing_group_count - 20} more`);
    }
    const coverage = text(byId.get('player_game_summary.usage_rate_coverage')!.failure);
    expect(coverage).toContain('metric:    usage_rate_coverage = 36.1%');
    expect(coverage).toContain('threshold: fails < 45% · warns < 47%');
    expect(coverage).toContain('game_date=2026-01-03: 12.5% (rows 208)');
    expect(coverage).toContain('failing groups: 33 (first 20 listed)');
    expect(coverage).toContain('… and 13 more');
    const reconcile = text(byId.get('team_offense_game_summary.reconcile_schedule')!.failure);
    expect(reconcile).toContain('game_date=2026-01-03: 12.5% (rows 2; expected 16, actual 2, completeness 12.5%)');
    expect(reconcile).toContain('game_date=2025-12-31: 50% (rows 7; expected 14, actual 7, completeness 50%)');
    expect(reconcile).toContain('game_date=2025-12-26: 11.1% (rows 2; expected 18, actual 2, completeness 11.1%)');
    const volume = text(byId.get('player_game_summary.daily_volume')!.failure);
    expect(volume).toContain('game_date=2025-12-28: missing (no rows) (rows 0)');
    const error = byId.get('team_offense_game_summary.pace_range')!.error;
    expect(error['@_message']).toBe(findCheck(report, 'team_offense_game_summary.pace_range').message);
    expect(text(error)).toContain('Candidate bindings: "team_offense_game_summary.possession_count"');
  });

  it('puts each query\'s SQL once, in the system-out of the first testsuite with one of its checks', () => {
    const suites: El[] = root.testsuite;
    for (const q of report.queries) {
      const first = report.checks.find((c) => c.query_id === q.id)!;
      const holders = suites.filter((x) => text(x['system-out'] ?? '').includes(formatReportSql(q.sql, report.target.engine)));
      expect(holders.map((x) => x['@_file'])).toEqual([first.file]);
      expect(text(holders[0]!['system-out'])).toContain(`-- query ${q.id} (${q.kind} on ${q.table}, ${q.status}, ${q.duration_ms} ms, ${q.check_ids.length} check`);
    }
  });

  it("fails warnings when the run's fail_on is warn", () => {
    const r: RunReport = clone(report);
    r.fail_on = 'warn';
    const d = parse(renderJUnit(r));
    expect(Number(d['testsuites']['@_failures'])).toBe(r.summary.fail + r.summary.warn);
    const warn = testcases(d).find((t) => t['@_name'] === 'nbac_schedule.freshness')!;
    expect(warn.failure['@_type']).toBe('freshness.warn');
    expect(warn['system-out']).toBeUndefined();
  });

  it('a passing run has no failures, errors or skips', () => {
    const d = parse(renderJUnit(loadFixture('passing')));
    expect(d['testsuites']['@_failures']).toBe('0');
    expect(d['testsuites']['@_errors']).toBe('0');
    expect(testcases(d).every((t) => !t.failure && !t.error && !t.skipped)).toBe(true);
  });

  it('escapes warehouse values, which round-trip exactly', () => {
    const r = hostileReport();
    const out = renderJUnit(r);
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;');
    const d = parse(out);
    const t = testcases(d).find((x) => x['@_name'] === 'player_game_summary.usage_rate_coverage')!;
    expect(t.failure['@_message']).toBe(`coverage ${HOSTILE} < 45%`);
    expect(text(t.failure)).toContain(`team_abbr=${HOSTILE}`);
    expect(text(t.failure)).toContain(`note ${HOSTILE}`);
    const suite = d['testsuites'].testsuite.find((x: El) => x['@_file'] === 'checks/player_game_summary.yaml');
    expect(text(suite['system-out'])).toContain(`'${HOSTILE}' AS x`); // the literal exactly as sent (the SQL is laid out over lines)
    const props = d['testsuites'].testsuite[0].properties.property;
    expect(props.find((p: El) => p['@_name'] === 'dqgate.run_id')['@_value']).toBe(`run-${HOSTILE}`);
  });

  it('shows control characters escaped and keeps multi-line messages on one attribute line', () => {
    const r = clone(report);
    const c = findCheck(r, 'player_game_summary.usage_rate_coverage');
    c.message = 'bad\u0000byte\u0007 and\nnew line';
    const out = renderJUnit(r);
    expect(XMLValidator.validate(out)).toBe(true);
    const t = testcases(parse(out)).find((x) => x['@_name'] === c.id)!;
    expect(t.failure['@_message']).toBe('bad\\x00byte\\x07 and new line');
  });
});
