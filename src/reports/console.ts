// The console report: one line per check, then the failures with where they are, then the
// verdict. Returns text; only the CLI prints. Every value from the warehouse or a check file goes
// through `inert`, so nothing in a value can act on the terminal (see inert.ts).
import { Chalk, type ChalkInstance } from 'chalk';
import { formatBytes, formatDetail, formatGroupKey, formatGroupValue, formatNumber, groupMetricOf, isMissingGroup } from '../run/format.js';
import type { CheckReport, CheckStatus, FailingGroup, RunReport } from '../run/report.js';
import { groupByMessage, nameSome } from './collapse.js';
import { drillDownLines, drillDownOf } from './drill-down.js';
import { sampleLines } from './samples.js';
import { inert } from './inert.js';
import { excludedUpstreamLines, withUpstreamNote } from './upstream-note.js';

const CONSOLE_GROUPS = 10;
/** Dates per line in the failing-partitions list: about 100 columns. */
const PARTITIONS_PER_LINE = 8;

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', error: 'ERROR', skipped: 'SKIP' };

function paint(chalk: ChalkInstance, status: CheckStatus, text: string): string {
  switch (status) {
    case 'pass':
      return chalk.green(text);
    case 'warn':
      return chalk.yellow(text);
    case 'fail':
      return chalk.red(text);
    case 'error':
      return chalk.magenta(text);
    case 'skipped':
      return chalk.gray(text);
  }
}

/**
 * One failing group: its key, its value in the group metric (named when that is not the check's
 * own metric), the rows behind it and its other figures.
 * "game_date=2025-10-24: completeness 3.8% (1 row; expected 26, actual 1)";
 * "game_date=2025-11-19: missing (no rows) (expected 24, actual 0)".
 */
export function formatGroup(group: FailingGroup, check: CheckReport): string {
  const gm = groupMetricOf(check);
  const ownMetric = gm.name === check.metric.name;
  const key = inert(formatGroupKey(group.key));
  const missing = isMissingGroup(group);
  // Offending rows of an `sql` check, schema problems: the key is all there is.
  if (group.value === null && !missing && !group.reason && !group.details) return key;
  const value = missing || ownMetric ? formatGroupValue(group, gm.unit) : `${gm.name} ${formatGroupValue(group, gm.unit)}`;
  const extra: string[] = [];
  // A missing partition says "no rows" already; a value that is a row count says it too.
  if (group.rows !== undefined && !missing && gm.name !== 'rows') extra.push(`${formatNumber(group.rows, 0)} ${group.rows === 1 ? 'row' : 'rows'}`);
  if (group.reason && !missing) extra.push(group.reason);
  const details = Object.entries(group.details ?? {})
    // Figures the line shows already: the value itself, and the rows.
    .filter(([k]) => !(k === gm.name && !ownMetric) && !(k === 'rows' && group.rows !== undefined))
    .map(([k, v]) => `${k} ${formatDetail(k, v, gm)}`);
  const tail = [extra.join(', '), details.join(', ')].filter(Boolean).join('; ');
  return `${key}: ${inert(value)}${tail ? ` (${inert(tail)})` : ''}`;
}

export function verdict(report: RunReport): string {
  // A run-level error (an output not written, a failed drill-down) closes the gate whatever the checks say.
  if (report.error !== undefined && report.status !== 'error') return 'gate cannot be trusted: dq did not finish its work';
  switch (report.status) {
    case 'pass':
      return 'gate open';
    case 'warn':
      return 'gate open, with warnings';
    case 'fail':
      return 'gate closed';
    case 'error':
      return 'gate cannot be trusted: checks could not be evaluated';
  }
}

export interface ConsoleOptions {
  color: boolean;
  /** Leave out the lines of passing checks. */
  quiet?: boolean;
}

export function renderConsole(report: RunReport, options: ConsoleOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  const suite = report.suite ? ` · suite ${inert(report.suite)}` : '';
  const target = `${inert(report.target.name)} (${inert(report.target.engine)})`;
  lines.push(chalk.bold(`dqgate ${inert(report.tool.version)}${suite} · target ${target} · as of ${inert(report.as_of)}`));
  const width = Math.max(...report.checks.map((c) => inert(c.id).length), 10);
  for (const check of report.checks) {
    if (options.quiet && check.status === 'pass') continue;
    const label = paint(chalk, check.status, LABEL[check.status].padEnd(5));
    const timing = check.status === 'skipped' ? '' : chalk.gray(` ${check.duration_ms} ms`);
    const text = check.status === 'skipped' ? (check.skipped_reason ?? check.message) : withUpstreamNote(check.message, check);
    lines.push(`  ${label} ${inert(check.id).padEnd(width)}  ${inert(text)}${timing}`);
  }

  const problems = report.checks.filter((c) => c.status === 'fail' || c.status === 'error' || c.status === 'warn');
  // Errors that are one problem met by several checks (the warehouse unreachable) are listed once.
  const sharedErrors = groupByMessage(
    problems.filter((c) => c.status === 'error'),
    (c) => c.message,
  ).filter(([, checks]) => checks.length > 1);
  const shared = new Map(sharedErrors.map(([message, checks]) => [checks[0]!, { message, checks }]));
  const listedOnce = new Set(sharedErrors.flatMap(([, checks]) => checks));
  if (problems.length > 0) {
    lines.push('', chalk.bold('Problems'));
    for (const check of problems) {
      const group = shared.get(check);
      if (group) {
        lines.push(`  ${paint(chalk, 'error', LABEL.error)} ${chalk.bold(nameSome(group.checks.map((c) => c.id)))} (×${group.checks.length})`);
        lines.push(`    ${inert(group.message)}`);
        continue;
      }
      if (listedOnce.has(check)) continue;
      lines.push(`  ${paint(chalk, check.status, LABEL[check.status])} ${chalk.bold(inert(check.id))}  ${chalk.gray(`${inert(check.table)} · ${inert(check.file)}`)}`);
      lines.push(`    ${inert(withUpstreamNote(check.message, check))}`);
      if (check.description) lines.push(chalk.gray(`    ${inert(check.description)}`));
      const groups = check.failing_groups.slice(0, CONSOLE_GROUPS);
      if (groups.length > 0) {
        const total = Math.max(check.failing_group_count, check.failing_groups.length);
        lines.push(`    failing groups (${total.toLocaleString('en-US')}${total > groups.length ? `, worst ${groups.length} shown` : ''}):`);
        for (const group of groups) lines.push(`      ${formatGroup(group, check)}`);
      }
      for (const line of sampleLines(check)) lines.push(`    ${inert(line)}`);
      const drill = drillDownOf(check);
      if (drill) {
        lines.push(`    ${inert(drill.heading)}:`);
        for (const line of drillDownLines(drill)) lines.push(`      ${inert(line)}`);
      }
    }
  }

  const notRun = excludedUpstreamLines(report);
  if (notRun.length > 0) {
    lines.push('', chalk.bold('Upstream checks not run'));
    for (const line of notRun) lines.push(`  ${inert(line)}`);
  }

  const partitions = Object.entries(report.failing_partitions);
  if (partitions.length > 0) {
    lines.push('', chalk.bold('Failing partitions (re-run these)'));
    for (const [table, dates] of partitions) {
      lines.push(`  ${inert(table)} (${dates.length} ${dates.length === 1 ? 'date' : 'dates'}):`);
      for (let i = 0; i < dates.length; i += PARTITIONS_PER_LINE) lines.push(`    ${inert(dates.slice(i, i + PARTITIONS_PER_LINE).join(' '))}`);
    }
  }

  const s = report.summary;
  const seconds = ((Date.parse(report.finished_at) - Date.parse(report.started_at)) / 1000).toFixed(1);
  const counts = `${s.total} checks: ${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.error} error, ${s.skipped} skipped`;
  const bytes = report.queries.reduce((sum, q) => sum + (q.bytes_billed ?? 0), 0);
  const cost = bytes > 0 ? ` · ${formatBytes(bytes)} billed` : '';
  const line = `${counts} · ${report.queries.length} queries${cost} · ${seconds} s · exit ${report.exit_code} (${verdict(report)})`;
  lines.push('', paint(chalk, report.status, chalk.bold(line)));
  return lines.join('\n');
}
