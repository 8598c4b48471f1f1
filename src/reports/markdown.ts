// Markdown for pull requests and the GitHub Actions job summary (GITHUB_STEP_SUMMARY): the verdict,
// the counts, every check in one table (problems first), the failing groups per check and the
// failing partitions per table. GitHub-flavoured: tables, <details> blocks.
import { appendFile, stat } from 'node:fs/promises';
import type { CheckReport, FailingGroup, RunReport } from '../run/report.js';
import { formatDetail, formatGroupValue, formatMetricValue, formatNumber, groupMetricOf, isMissingGroup, valueText } from '../run/format.js';
import {
  describeGroupMetric,
  formatCounts,
  formatThresholds,
  groupColumns,
  listedGroups,
  MAX_GROUPS_LISTED,
  runSeconds,
  sortChecks,
  STATUS_LABEL,
  verdict,
} from './format.js';
import { drillDownOf } from './drill-down.js';
import { samplesHeading, samplesTable } from './samples.js';
import { inert } from './inert.js';
import { excludedUpstreamLines, withUpstreamNote } from './upstream-note.js';

const STATUS_ICON: Record<CheckReport['status'], string> = {
  fail: '❌',
  error: '💥',
  warn: '⚠️',
  skipped: '⏭️',
  pass: '✅',
};

/** Inert (inert.ts), and HTML special characters as entities (GitHub renders the markdown, so these stay text). */
function html(text: string): string {
  return inert(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A table cell: newlines folded, other control characters escaped (inert.ts), HTML escaped, `|` and
 * backticks and the emphasis/link characters backslash-escaped, so a warehouse value can neither
 * end the cell nor open markup, nor act on a terminal that shows the file.
 */
export function escapeCell(text: string): string {
  return html(inert(text.replace(/\r?\n/g, ' ')).replace(/\\/g, '\\\\')).replace(/([|`*[\]~])/g, '\\$1');
}

/** Inline text outside tables: the same, and a leading #, >, - or digit-dot cannot start a block. */
function escapeInline(text: string): string {
  return escapeCell(text).replace(/^([#>+-]|\d+\.)/, '\\$1');
}

function groupValue(group: FailingGroup, check: CheckReport): string {
  if (isMissingGroup(group)) return '**missing** (no rows)';
  return formatGroupValue(group, groupMetricOf(check).unit);
}

function groupsTable(check: CheckReport): string[] {
  const { groups, more } = listedGroups(check);
  const gm = groupMetricOf(check);
  const cols = groupColumns(check, groups);
  const header = [...cols.keys, cols.value, ...(cols.rows ? ['rows'] : []), ...cols.details, ...(cols.reason ? ['reason'] : [])];
  const lines = [`| ${header.map(escapeCell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const g of groups) {
    const cells = [
      ...cols.keys.map((k) => escapeCell(valueText(g.key[k]))),
      groupValue(g, check),
      ...(cols.rows ? [g.rows === undefined ? '' : formatNumber(g.rows, 0)] : []),
      ...cols.details.map((k) => (g.details && k in g.details ? escapeCell(formatDetail(k, g.details[k]!, gm)) : '')),
      ...(cols.reason ? [escapeCell(g.reason && !isMissingGroup(g) ? g.reason : '')] : []),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (more > 0) lines.push('', `… and ${more} more`);
  return lines;
}

/** A check's samples: a heading line, a table (value, rows, key columns), the note when samples are missing. */
function samplesSection(check: CheckReport): string[] {
  const out = [`${STATUS_ICON[check.status]} **${escapeCell(check.id)}** on ${escapeCell(check.table)}`];
  const heading = samplesHeading(check);
  if (heading) {
    const { head, rows } = samplesTable(check.samples!);
    out[0] += `: ${escapeInline(heading)}`;
    out.push('', `| ${head.map(escapeCell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
    for (const cells of rows) out.push(`| ${cells.map(escapeCell).join(' | ')} |`);
  }
  if (check.samples_note) out.push('', escapeInline(check.samples_note));
  return out;
}

/** Renders the run as GitHub-flavoured markdown. */
export function renderMarkdown(report: RunReport): string {
  const v = verdict(report);
  const out: string[] = [];
  out.push(`## ${v.emoji} dqgate: ${v.label} — exit code ${report.exit_code}`, '');
  const meta = [
    report.suite ? `suite **${escapeCell(report.suite)}**` : 'ad-hoc selection',
    `target **${escapeCell(report.target.name)}** (${escapeCell(report.target.engine)})`,
    `as of ${escapeCell(report.as_of)}`,
    `fail on ${report.fail_on}`,
    `${formatNumber(runSeconds(report), 1)}s`,
  ];
  out.push(meta.join(' · '), '');
  const s = report.summary;
  out.push(`**${s.total} checks:** ${formatCounts(report)}`, '');
  out.push(`<sub>run ${html(report.run_id)} · ${html(report.started_at)} · dqgate ${html(report.tool.version)}</sub>`, '');

  if (report.checks.length > 0) {
    out.push('| Status | Check | Table | Metric | Threshold | Message |', '| --- | --- | --- | --- | --- | --- |');
    for (const c of sortChecks(report.checks)) {
      const metric = `${escapeCell(c.metric.name)} = ${escapeCell(formatMetricValue(c.metric.value, c.metric.unit))}`;
      const message = c.status === 'skipped' && c.skipped_reason ? c.skipped_reason : withUpstreamNote(c.message, c);
      out.push(
        `| ${STATUS_ICON[c.status]} ${STATUS_LABEL[c.status]} | ${escapeCell(c.id)} | ${escapeCell(c.table)} | ${metric} | ${escapeCell(formatThresholds(c))} | ${escapeCell(message)} |`,
      );
    }
    out.push('');
  }

  const withGroups = sortChecks(report.checks).filter((c) => c.failing_groups.length > 0);
  if (withGroups.length > 0) {
    out.push('### Failing groups', '');
    for (const c of withGroups) {
      const total = Math.max(c.failing_group_count, c.failing_groups.length);
      const shown = Math.min(c.failing_groups.length, MAX_GROUPS_LISTED);
      const open = c.status === 'fail' || c.status === 'error' ? ' open' : '';
      out.push(
        `<details${open}><summary>${STATUS_ICON[c.status]} <b>${html(c.id)}</b> on ${html(c.table)}: ${total} failing ${total === 1 ? 'group' : 'groups'}${shown < total ? ` (first ${shown} shown)` : ''}</summary>`,
        '',
        escapeInline(c.message),
        '',
        ...(describeGroupMetric(c) ? [`Values: ${escapeInline(describeGroupMetric(c)!)}.`, ''] : []),
        ...groupsTable(c),
        '',
        '</details>',
        '',
      );
    }
  }

  const sampled = sortChecks(report.checks).filter((c) => samplesHeading(c) !== undefined || c.samples_note !== undefined);
  if (sampled.length > 0) {
    out.push('### Samples', '');
    for (const c of sampled) out.push(...samplesSection(c), '');
  }

  const drilled = sortChecks(report.checks).filter((c) => drillDownOf(c) !== undefined);
  if (drilled.length > 0) {
    out.push('### Worst partitions', '');
    for (const c of drilled) {
      const drill = drillDownOf(c)!;
      out.push(`${STATUS_ICON[c.status]} **${escapeCell(c.id)}** on ${escapeCell(c.table)}: ${escapeInline(drill.heading)}`, '', ...groupsTable(drill.view), '');
    }
  }

  const notRun = excludedUpstreamLines(report);
  if (notRun.length > 0) {
    out.push('### Upstream checks not run', '', ...notRun.map((line) => `- ${escapeCell(line)}`), '');
  }

  const tables = Object.entries(report.failing_partitions).filter(([, dates]) => dates.length > 0);
  if (tables.length > 0) {
    out.push('### Failing partitions', '', 'Re-run exactly these partitions:', '');
    for (const [table, dates] of tables) {
      out.push(`**${escapeCell(table)}** (${dates.length}):`, '', '```text', inert(dates.join(',')).replace(/`/g, "'"), '```', '');
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

/** GitHub's limit for one step's summary; larger summaries are rejected, so they are cut. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

/**
 * Appends the markdown to the file named by GITHUB_STEP_SUMMARY (GitHub Actions shows it on the run's
 * page). Does nothing outside GitHub Actions. Returns whether it wrote.
 */
export async function writeGitHubStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (!file) return false;
  let existing = 0;
  try {
    existing = (await stat(file)).size;
  } catch {
    // The runner creates the file; a missing one is created by appendFile.
  }
  let text = markdown.endsWith('\n') ? markdown : markdown + '\n';
  const room = STEP_SUMMARY_LIMIT - existing;
  if (Buffer.byteLength(text) > room) {
    const note = '\n\n… summary cut at GitHub’s 1 MiB limit; see the report artifacts.\n';
    const budget = Math.max(0, room - Buffer.byteLength(note));
    text = Buffer.from(text).subarray(0, budget).toString('utf8').replace(/\uFFFD+$/, '') + note;
  }
  await appendFile(file, (existing > 0 ? '\n' : '') + text, 'utf8');
  return true;
}
