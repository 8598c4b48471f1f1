import type { Command } from 'commander';
import { loadSelection, selectionCommand, type SelectionFlags } from '../project.js';

// The checks `dq run` would run for the same arguments (loadSelection is the one selection both
// use): the selection, its upstream checks marked `^`, and the excluded upstream checks.
export function registerList(program: Command): Command {
  return selectionCommand(program, 'list', 'list the checks that `run` would run for a suite or selection (upstream checks marked ^), with ids, types and tags').action(async (suite: string | undefined, flags: SelectionFlags) => {
    const { checks, upstream, upstreamNotRun } = await loadSelection(suite, flags);
    const rows = checks.map((c) => [upstream.has(c.id) ? `^ ${c.id}` : `  ${c.id}`, c.type, c.table, c.tags.join(',')]);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['  id', 'type', 'table'][i].length));
    const line = (r: string[]) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join('  ').trimEnd();
    const notes: string[] = [];
    if (upstream.size > 0) notes.push('(^ = an upstream check (depends_on) of a selected check: added, and run first)');
    for (const [id, neededBy] of upstreamNotRun) notes.push(`not run (excluded): ${id}, needed by ${neededBy.join(', ')}, which ${neededBy.length === 1 ? 'runs' : 'run'} without it`);
    const count = `${checks.length} checks${upstream.size > 0 ? ` (${upstream.size} upstream)` : ''}`;
    process.stdout.write([line(['  id', 'type', 'table', 'tags']), ...rows.map(line), ...notes].join('\n') + `\n${count}\n`);
  });
}
