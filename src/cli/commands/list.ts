import type { Command } from 'commander';
import { loadSelection, selectionCommand, type SelectionFlags } from '../project.js';

export function registerList(program: Command): Command {
  return selectionCommand(program, 'list', 'list the checks that a suite or selection picks, with ids, types and tags').action(async (suite: string | undefined, flags: SelectionFlags) => {
    const { checks } = await loadSelection(suite, flags);
    const rows = checks.map((c) => [c.id, c.type, c.table, c.tags.join(',')]);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['id', 'type', 'table'][i].length));
    const line = (r: string[]) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join('  ').trimEnd();
    process.stdout.write([line(['id', 'type', 'table', 'tags']), ...rows.map(line)].join('\n') + `\n${checks.length} checks\n`);
  });
}
