// The console report: one line per check, then the failures with where they are, then the
// verdict. Returns text; only the CLI prints.
import { Chalk, type ChalkInstance } from 'chalk';
import { formatValue } from '../run/format.js';
import type { CheckReport, CheckStatus, FailingGroup, RunReport } from '../run/report.js';

const LISTED_GROUPS = 10;

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

export function formatGroupKey(key: FailingGroup['key']): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

export function formatGroup(group: FailingGroup, check: CheckReport): string {
  const value = group.reason === 'missing' ? 'missing (no rows)' : formatValue(group.value, check.metric.unit);
  const details = group.details
    ? ' ' + Object.entries(group.details).map(([k, v]) => `${k} ${typeof v === 'number' && k === 'completeness' ? formatValue(v, 'share') : String(v)}`).join(', ')
    : '';
  const rows = group.rows !== undefined ? ` (${group.rows.toLocaleString('en-US')} rows)` : '';
  return `${formatGroupKey(group.key)}: ${value}${rows}${details}`;
}

export function verdict(report: RunReport): string {
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
  const suite = report.suite ? ` · suite ${report.suite}` : '';
  lines.push(chalk.bold(`dqgate ${report.tool.version}${suite} · target ${report.target.name} (${report.target.engine}) · as of ${report.as_of}`));
  const width = Math.max(...report.checks.map((c) => c.id.length), 10);
  for (const check of report.checks) {
    if (options.quiet && check.status === 'pass') continue;
    const label = paint(chalk, check.status, LABEL[check.status].padEnd(5));
    const timing = check.status === 'skipped' ? '' : chalk.gray(` ${check.duration_ms} ms`);
    const text = check.status === 'skipped' ? (check.skipped_reason ?? check.message) : check.message;
    lines.push(`  ${label} ${check.id.padEnd(width)}  ${text}${timing}`);
  }

  const problems = report.checks.filter((c) => c.status === 'fail' || c.status === 'error' || c.status === 'warn');
  if (problems.length > 0) {
    lines.push('', chalk.bold('Problems'));
    for (const check of problems) {
      lines.push(`  ${paint(chalk, check.status, LABEL[check.status])} ${chalk.bold(check.id)}  ${chalk.gray(`${check.table} · ${check.file}`)}`);
      lines.push(`    ${check.message}`);
      if (check.description) lines.push(chalk.gray(`    ${check.description}`));
      const groups = check.failing_groups.slice(0, LISTED_GROUPS);
      if (groups.length > 0) {
        const total = Math.max(check.failing_group_count, check.failing_groups.length);
        lines.push(`    failing groups (${total.toLocaleString('en-US')}${total > groups.length ? `, worst ${groups.length} shown` : ''}):`);
        for (const group of groups) lines.push(`      ${formatGroup(group, check)}`);
      }
    }
  }

  const partitions = Object.entries(report.failing_partitions);
  if (partitions.length > 0) {
    lines.push('', chalk.bold('Failing partitions (re-run these)'));
    for (const [table, dates] of partitions) lines.push(`  ${table}: ${dates.join(' ')}`);
  }

  const s = report.summary;
  const seconds = ((Date.parse(report.finished_at) - Date.parse(report.started_at)) / 1000).toFixed(1);
  const counts = `${s.total} checks: ${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.error} error, ${s.skipped} skipped`;
  const bytes = report.queries.reduce((sum, q) => sum + (q.bytes_billed ?? 0), 0);
  const cost = bytes > 0 ? ` · ${(bytes / 1e9).toFixed(2)} GB billed` : '';
  const line = `${counts} · ${report.queries.length} queries${cost} · ${seconds} s · exit ${report.exit_code} (${verdict(report)})`;
  lines.push('', paint(chalk, report.status === 'pass' ? 'pass' : report.status === 'warn' ? 'warn' : report.status, chalk.bold(line)));
  return lines.join('\n');
}
