// junit.xml for CI test panels (Jenkins, GitLab, GitHub test reporters): one <testsuite> per check
// file, one <testcase> per check. Built with xmlbuilder2, which escapes text and attributes and
// replaces characters XML 1.0 cannot carry, so warehouse values never break the document.
//
// The shape follows the Jenkins xunit-plugin junit-10.xsd (what Jenkins and GitLab read):
//   testsuites(name, tests, failures, errors, time)
//     > testsuite(name, tests, failures, errors, skipped, time, timestamp, file)
//       > properties > property(name, value)
//       > testcase(name, classname, time) > failure | error | skipped, system-out
// That XSD has no `skipped` or `timestamp` on <testsuites>; the skipped total is the sum over the
// <testsuite> elements.
import { create } from 'xmlbuilder2';
type XMLBuilder = ReturnType<typeof create>;
import type { CheckReport, QueryReport, RunReport } from '../run/report.js';
import { formatGroupLine, formatMetricValue, formatNumber, groupMetricOf } from '../run/format.js';
import {
  describeGroupMetric,
  formatThresholds,
  listedGroups,
  runSeconds,
  STATUS_LABEL,
  verdict,
  warnFails,
} from './format.js';

/** Seconds with millisecond precision, in the form the XSD's SUREFIRE_TIME pattern accepts. */
function seconds(value: number): string {
  return Math.max(0, value).toFixed(3);
}

/** ISO-8601 without zone or fraction (2026-01-04T00:31:07), the form every JUnit reader parses; UTC. */
function junitTimestamp(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 19) : iso;
}

/** Attributes are one line: a newline in an attribute would be read back as a space anyway. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

interface Outcome {
  /** The element the testcase carries: failure, error, skipped or none. */
  element: 'failure' | 'error' | 'skipped' | null;
}

function outcome(check: CheckReport, report: RunReport): Outcome {
  switch (check.status) {
    case 'fail':
      return { element: 'failure' };
    case 'warn':
      return { element: warnFails(report) ? 'failure' : null };
    case 'error':
      return { element: 'error' };
    case 'skipped':
      return { element: 'skipped' };
    default:
      return { element: null };
  }
}

/** The body of a <failure>/<error>: what, where, metric vs threshold, the failing groups, the SQL. */
export function describeProblem(check: CheckReport, query: QueryReport | undefined): string {
  const unit = check.metric.unit;
  const lines: string[] = [
    check.message,
    '',
    `check:     ${check.id} (${check.type}, severity ${check.severity}, status ${STATUS_LABEL[check.status]})`,
    `table:     ${check.table}`,
    `file:      ${check.file}`,
    `metric:    ${check.metric.name} = ${formatMetricValue(check.metric.value, unit)}`,
    `threshold: ${formatThresholds(check)}`,
  ];
  const perGroup = describeGroupMetric(check);
  if (perGroup) lines.push(`groups:    ${perGroup}`);
  if (check.rows_evaluated !== null) lines.push(`rows:      ${formatNumber(check.rows_evaluated, 0)} evaluated`);
  if (check.description) lines.push(`about:     ${check.description}`);
  const total = Math.max(check.failing_group_count, check.failing_groups.length);
  if (total > 0) {
    const { groups, more } = listedGroups(check);
    lines.push('', `failing groups: ${total}${more > 0 ? ` (first ${groups.length} listed)` : ''}`);
    const gm = groupMetricOf(check);
    for (const g of groups) lines.push(`  ${formatGroupLine(g, gm)}`);
    if (more > 0) lines.push(`  … and ${more} more`);
  }
  if (query) {
    lines.push('', `query ${query.id} (${query.kind}, ${query.status}, ${formatNumber(query.duration_ms, 0)} ms):`);
    if (query.error) lines.push(`error: ${query.error}`, '');
    lines.push(query.sql);
  }
  return lines.join('\n');
}

interface SuiteTotals {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
}

function totals(checks: CheckReport[], report: RunReport): SuiteTotals {
  const t: SuiteTotals = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  for (const c of checks) {
    t.tests++;
    const el = outcome(c, report).element;
    if (el === 'failure') t.failures++;
    else if (el === 'error') t.errors++;
    else if (el === 'skipped') t.skipped++;
    t.time += c.duration_ms / 1000;
  }
  return t;
}

function addTestcase(suite: XMLBuilder, check: CheckReport, report: RunReport, queries: Map<string, QueryReport>): void {
  const tc = suite.ele('testcase', { name: check.id, classname: check.table, time: seconds(check.duration_ms / 1000) });
  const query = check.query_id ? queries.get(check.query_id) : undefined;
  const el = outcome(check, report).element;
  if (el === 'failure' || el === 'error') {
    tc.ele(el, { message: oneLine(check.message), type: check.status === 'warn' ? `${check.type}.warn` : check.type }).txt(describeProblem(check, query));
  } else if (el === 'skipped') {
    tc.ele('skipped', { message: oneLine(check.skipped_reason ?? check.message) });
  }
  if (check.status === 'warn' && el === null) {
    tc.ele('system-out').txt(
      `WARNING (does not close the gate: fail_on is '${report.fail_on}')\n${describeProblem(check, query)}`,
    );
  } else if (check.status === 'pass') {
    tc.ele('system-out').txt(check.message);
  }
}

/** Renders the run as junit.xml (UTF-8, with XML declaration). */
export function renderJUnit(report: RunReport): string {
  const queries = new Map(report.queries.map((q) => [q.id, q]));
  // One suite per check file, in the order files first appear in the report.
  const files = new Map<string, CheckReport[]>();
  for (const c of report.checks) {
    const list = files.get(c.file);
    if (list) list.push(c);
    else files.set(c.file, [c]);
  }
  const all = totals(report.checks, report);
  const v = verdict(report);

  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' });
  // A comment cannot escape anything, so it carries only fixed text and numbers.
  doc.com(` dqgate: ${v.label} (exit code ${Number(report.exit_code)}) `);
  const root = doc.ele('testsuites', {
    name: 'dqgate',
    tests: String(all.tests),
    failures: String(all.failures),
    errors: String(all.errors),
    time: seconds(runSeconds(report)),
  });
  const timestamp = junitTimestamp(report.started_at);
  for (const [file, checks] of files) {
    const t = totals(checks, report);
    const suite = root.ele('testsuite', {
      name: checks[0]!.table,
      tests: String(t.tests),
      failures: String(t.failures),
      errors: String(t.errors),
      skipped: String(t.skipped),
      time: seconds(t.time),
      timestamp,
      file,
    });
    const props = suite.ele('properties');
    const properties: [string, string][] = [
      ['dqgate.run_id', report.run_id],
      ['dqgate.suite', report.suite ?? ''],
      ['dqgate.target', report.target.name],
      ['dqgate.engine', report.target.engine],
      ['dqgate.as_of', report.as_of],
      ['dqgate.fail_on', report.fail_on],
      ['dqgate.exit_code', String(report.exit_code)],
      ['dqgate.version', report.tool.version],
    ];
    const partitions = report.failing_partitions[checks[0]!.table];
    if (partitions?.length) properties.push(['dqgate.failing_partitions', partitions.join(',')]);
    for (const [name, value] of properties) props.ele('property', { name, value: oneLine(value) });
    for (const c of checks) addTestcase(suite, c, report, queries);
  }
  return doc.end({ prettyPrint: true }) + '\n';
}
