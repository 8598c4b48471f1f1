// junit.xml for CI test panels (Jenkins, GitLab, GitHub test reporters): one <testsuite> per check
// file, one <testcase> per check. Built with xmlbuilder2, which escapes text and attributes and
// replaces characters XML 1.0 cannot carry, so warehouse values never break the document.
//
// The shape follows the Jenkins xunit-plugin junit-10.xsd (what Jenkins and GitLab read):
//   testsuites(name, tests, failures, errors, time)
//     > testsuite(name, tests, failures, errors, skipped, time, timestamp, file)
//       > properties > property(name, value)
//       > testcase(name, classname, time) > failure | error | skipped, system-out
//       > system-out
// That XSD has no `skipped` or `timestamp` on <testsuites>; the skipped total is the sum over the
// <testsuite> elements.
//
// Each query's SQL is written once: in the <system-out> of the first testsuite with a check of
// that query (Jenkins shows a suite's output on each of its test pages). A failure names its query
// and where its SQL is, instead of repeating a batched SQL per check: 2,000 checks in one batch
// would otherwise repeat it 2,000 times.
//
// Values (messages, group keys, engine errors) go through `inert` (inert.ts): a CR or an escape
// sequence in a value cannot forge a line in a CI log or panel.
import { createRequire } from 'node:module';
import type { create as Create } from 'xmlbuilder2';
type XMLBuilder = ReturnType<typeof Create>;
import { formatReportSql } from '../dialects/format-sql.js';
import type { CheckReport, QueryReport, RunReport } from '../run/report.js';
import { formatGroupLine, formatMetricValue, formatNumber, groupMetricOf } from '../run/format.js';
import { drillDownLines, drillDownOf } from './drill-down.js';
import { sampleLines } from './samples.js';
import { inert, inertBlock } from './inert.js';
import { withUpstreamNote } from './upstream-note.js';

// xmlbuilder2 (CommonJS) is required on the first junit.xml, not when dq starts: it is one of the
// slowest libraries to load, and most runs write no JUnit.
let create: typeof Create | undefined;
const xmlBuilder = (): typeof Create => (create ??= (createRequire(import.meta.url)('xmlbuilder2') as { create: typeof Create }).create);
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

/** Attributes are one line (a newline in an attribute would be read back as a space anyway), inert. */
function oneLine(text: string): string {
  return inert(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
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

/** Where a query's SQL is: the testsuite (check file) whose <system-out> holds it. */
export interface QueryPlace {
  query: QueryReport;
  suite: string;
}

/**
 * The body of a <failure>/<error>: what, where, metric vs threshold, the failing groups, the
 * query's error and where its SQL is. Each line is inert, so a value cannot start a line of its own.
 */
export function describeProblem(check: CheckReport, place: QueryPlace | undefined): string {
  const unit = check.metric.unit;
  const lines: string[] = [
    withUpstreamNote(check.message, check),
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
  const samples = sampleLines(check);
  if (samples.length > 0) lines.push('', ...samples);
  const drill = drillDownOf(check);
  if (drill) lines.push('', `${drill.heading}:`, ...drillDownLines(drill).map((line) => `  ${line}`));
  const body = lines.map(inert);
  if (place) {
    const { query } = place;
    body.push('', inert(`query ${query.id} (${query.kind}, ${query.status}, ${formatNumber(query.duration_ms, 0)} ms): SQL in the system-out of testsuite ${place.suite}`));
    // The engine's message is a block of its own (it may quote the SQL over several lines).
    if (query.error) body.push(`error: ${inertBlock(query.error)}`);
  }
  return body.join('\n');
}

/** The SQL of each query, once: "-- query q3 (set on t, ok, 612 ms, 2 checks)" and the SQL. */
function querySection(queries: QueryReport[], engine: string): string {
  return queries
    .map((q) => {
      const n = q.check_ids.length;
      const head = inert(`-- query ${q.id} (${q.kind} on ${q.table}, ${q.status}, ${formatNumber(q.duration_ms, 0)} ms, ${n} ${n === 1 ? 'check' : 'checks'})`);
      return `${head}\n${inertBlock(formatReportSql(q.sql, engine))}`;
    })
    .join('\n\n');
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

function addTestcase(suite: XMLBuilder, check: CheckReport, report: RunReport, places: Map<string, QueryPlace>): void {
  const tc = suite.ele('testcase', { name: oneLine(check.id), classname: oneLine(check.table), time: seconds(check.duration_ms / 1000) });
  const query = check.query_id ? places.get(check.query_id) : undefined;
  const el = outcome(check, report).element;
  if (el === 'failure' || el === 'error') {
    const type = oneLine(check.status === 'warn' ? `${check.type}.warn` : check.type);
    tc.ele(el, { message: oneLine(withUpstreamNote(check.message, check)), type }).txt(describeProblem(check, query));
  } else if (el === 'skipped') {
    tc.ele('skipped', { message: oneLine(check.skipped_reason ?? check.message) });
  }
  if (check.status === 'warn' && el === null) {
    tc.ele('system-out').txt(
      `WARNING (does not close the gate: fail_on is '${report.fail_on}')\n${describeProblem(check, query)}`,
    );
  } else if (check.status === 'pass') {
    tc.ele('system-out').txt(inert(withUpstreamNote(check.message, check)));
  }
}

/** Renders the run as junit.xml (UTF-8, with XML declaration). */
export function renderJUnit(report: RunReport): string {
  const queries = new Map(report.queries.map((q) => [q.id, q]));
  // One suite per check file, in the order files first appear in the report.
  const files = new Map<string, CheckReport[]>();
  // Each query's SQL goes to the first suite with one of its checks.
  const places = new Map<string, QueryPlace>();
  const sqlOf = new Map<string, QueryReport[]>();
  for (const c of report.checks) {
    const list = files.get(c.file);
    if (list) list.push(c);
    else files.set(c.file, [c]);
    const query = c.query_id ? queries.get(c.query_id) : undefined;
    if (query && !places.has(query.id)) {
      places.set(query.id, { query, suite: oneLine(c.file) });
      const held = sqlOf.get(c.file);
      if (held) held.push(query);
      else sqlOf.set(c.file, [query]);
    }
  }
  const all = totals(report.checks, report);
  const v = verdict(report);

  const doc = xmlBuilder()({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' });
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
      name: oneLine(checks[0]!.table),
      tests: String(t.tests),
      failures: String(t.failures),
      errors: String(t.errors),
      skipped: String(t.skipped),
      time: seconds(t.time),
      timestamp,
      file: oneLine(file),
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
    for (const c of checks) addTestcase(suite, c, report, places);
    const held = sqlOf.get(file);
    if (held) suite.ele('system-out').txt(querySection(held, report.target.engine));
  }
  return doc.end({ prettyPrint: true }) + '\n';
}
