import type { Command } from 'commander';
import { compile } from '../../plan/compile.js';
import { prepareRun } from '../../run/run.js';
import { addAsOfOption, loadSelection, selectionCommand, type SelectionFlags } from '../project.js';

interface CompileFlags extends SelectionFlags {
  asOf?: string;
}

export function registerCompile(program: Command): Command {
  return addAsOfOption(
    selectionCommand(program, 'compile', 'print the SQL of every query that `run` would send; nothing is executed'),
  ).action(async (suite: string | undefined, flags: CompileFlags) => {
      const { project, checks } = await loadSelection(suite, flags);
      const context = prepareRun({ project, target: flags.target, asOf: flags.asOf, vars: flags.var });
      const plan = compile(checks, context.compileOptions);
      const out = plan.queries.map((q) => {
        // BigQuery: the named parameters sent beside the SQL.
        const params = q.params.map((p) => `\n-- @${p.name} ${p.type} ${JSON.stringify(p.value)}`).join('');
        return `-- ${q.id} (${q.kind} on ${q.table}): ${q.checks.map((c) => c.id).join(', ')}${params}\n${q.sql};\n`;
      });
      process.stdout.write(`-- ${plan.queries.length} queries for ${checks.length} checks (${plan.dialect})\n\n${out.join('\n')}`);
    });
}
