// `dq diff` outputs: console text, Markdown and JSON of a RunDiff. Console and Markdown list at
// most SHOWN partitions per kind (the counts are always whole); JSON lists them all.
import { inert } from '../reports/inert.js';
import { formatValue } from '../run/format.js';
import type { MetricUnit } from '../run/report.js';
import { CHANGE_ORDER, type PartitionChange, type PartitionChangeKind, type RunDiff } from './diff.js';

const SHOWN = 20;

const LABEL: Record<PartitionChangeKind, string> = {
  regressed: 'regressed (passing → failing)',
  still_failing: 'still failing',
  new: 'new',
  gone: 'gone',
  fixed: 'fixed (failing → passing)',
};

/** A group key for people: `2026-01-03`, or `team=BOS, game_date=2026-01-03`. */
export function keyLabel(key: string): string {
  const parsed = JSON.parse(key) as Record<string, unknown>;
  const entries = Object.entries(parsed);
  if (entries.length === 1) return String(entries[0]![1]);
  return entries.map(([k, v]) => `${k}=${String(v)}`).join(', ');
}

const value = (v: number | null, unit: string) => formatValue(v, unit as MetricUnit);

function runLine(label: string, run: RunDiff['before']): string {
  return `${label} ${run.run_id}  ${run.started_at}  suite ${run.suite ?? '(none)'}  target ${run.target}  exit ${run.exit_code}`;
}

function groupsByKind(diff: RunDiff): [PartitionChangeKind, PartitionChange[]][] {
  return CHANGE_ORDER.map((kind) => [kind, diff.partitions.filter((p) => p.change === kind)]);
}

/** What `dq diff` exits with: 1 something regressed; 2 partitions that could not be compared; else 0. */
export function diffExitCode(diff: RunDiff): 0 | 1 | 2 {
  if (diff.regressed) return 1;
  return diff.incomplete.length > 0 ? 2 : 0;
}

function verdictLine(diff: RunDiff): string {
  const code = diffExitCode(diff);
  if (code === 1) return 'exit 1: something regressed';
  return code === 2 ? 'exit 2: some partitions could not be compared, so nothing regressed cannot be said' : 'exit 0: nothing regressed';
}

export function renderDiffConsole(diff: RunDiff): string {
  const lines = [runLine('before', diff.before), runLine('after ', diff.after), ''];
  if (diff.status_changes.length > 0) {
    lines.push('checks whose status changed:');
    for (const s of diff.status_changes) lines.push(`  ${s.worse ? '✗' : '·'} ${s.check_id}: ${s.before ?? 'absent'} → ${s.after ?? 'absent'}`);
  } else lines.push('no check changed status');
  if (diff.metric_deltas.length > 0) {
    lines.push('metrics:');
    for (const m of diff.metric_deltas) {
      lines.push(`  ${m.check_id} ${m.metric}: ${value(m.before, m.unit)} → ${value(m.after, m.unit)} (${m.delta > 0 ? '+' : ''}${value(m.delta, m.unit)})`);
    }
  }
  lines.push('partitions:');
  for (const [kind, changes] of groupsByKind(diff)) {
    lines.push(`  ${LABEL[kind]}: ${changes.length}`);
    for (const c of changes.slice(0, SHOWN)) lines.push(`    ${c.table} ${keyLabel(c.key)} (${c.check_id})`);
    if (changes.length > SHOWN) lines.push(`    … and ${changes.length - SHOWN} more`);
  }
  for (const c of diff.incomplete) lines.push(`  not comparable: ${c.check_id} (${c.reason})`);
  lines.push('', verdictLine(diff));
  return lines.map(inert).join('\n');
}

export function renderDiffMarkdown(diff: RunDiff): string {
  const cell = (text: string) => inert(text).replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);
  const lines = [`# dq diff`, '', `| | run | started | exit |`, `|---|---|---|---|`];
  lines.push(`| before | ${cell(diff.before.run_id)} | ${cell(diff.before.started_at)} | ${diff.before.exit_code} |`);
  lines.push(`| after | ${cell(diff.after.run_id)} | ${cell(diff.after.started_at)} | ${diff.after.exit_code} |`, '');
  lines.push(`| partitions | count |`, `|---|---|`);
  for (const kind of CHANGE_ORDER) lines.push(`| ${LABEL[kind]} | ${diff.counts[kind]} |`);
  if (diff.status_changes.length > 0) {
    lines.push('', '| check | before | after |', '|---|---|---|');
    for (const s of diff.status_changes) lines.push(`| ${cell(s.check_id)} | ${s.before ?? 'absent'} | ${s.after ?? 'absent'} |`);
  }
  for (const [kind, changes] of groupsByKind(diff)) {
    if (changes.length === 0) continue;
    lines.push('', `## ${LABEL[kind]}`, '');
    for (const c of changes.slice(0, SHOWN)) lines.push(`- ${cell(c.table)} ${cell(keyLabel(c.key))} (${cell(c.check_id)})`);
    if (changes.length > SHOWN) lines.push(`- … and ${changes.length - SHOWN} more`);
  }
  if (diff.incomplete.length > 0) {
    lines.push('', '## not comparable', '');
    for (const c of diff.incomplete) lines.push(`- ${cell(c.check_id)}: ${cell(c.reason)}`);
  }
  lines.push('', diff.regressed ? '**Something regressed.**' : diff.incomplete.length > 0 ? '**Some partitions could not be compared.**' : 'Nothing regressed.');
  return lines.join('\n');
}

export function renderDiffJson(diff: RunDiff): string {
  return JSON.stringify(diff, null, 2);
}
