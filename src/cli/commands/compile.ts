import type { Command } from 'commander';
import { dialectFor } from '../../dialects/registry.js';
import { formatSql } from '../../dialects/format-sql.js';
import { configRedactor } from '../../run/redact.js';
import { compileRun } from '../../run/run.js';
import { addAsOfOption, addRangeOptions, loadSelection, rangeOf, selectionCommand, type SelectionFlags } from '../project.js';

interface CompileFlags extends SelectionFlags {
  asOf?: string;
  from?: string;
  to?: string;
}

export function registerCompile(program: Command): Command {
  const command = selectionCommand(
    program,
    'compile',
    'print the SQL of every query that `run` would send (upstream checks first); nothing is executed',
  );
  return addRangeOptions(addAsOfOption(command)).action(async (suite: string | undefined, flags: CompileFlags) => {
    const range = rangeOf(flags);
    const { project, checks, excluded } = await loadSelection(suite, flags);
    const plan = compileRun({ project, checks, excluded, target: flags.target, asOf: flags.asOf, range });
    const dialect = dialectFor(plan.dialect);
    const out = plan.queries.map((q) => {
      // BigQuery: the named parameters sent beside the SQL.
      const params = q.params.map((p) => `\n-- @${p.name} ${p.type} ${JSON.stringify(p.value)}`).join('');
      return `-- ${q.id} (${q.kind} on ${q.table}): ${q.checks.map((c) => c.id).join(', ')}${params}\n${formatSql(q.sql, dialect)};\n`;
    });
    const stages = plan.stages > 1 ? `, in ${plan.stages} stages: a stage runs only when its upstream checks pass` : '';
    // Secret variables' values are *** here as in every output (the SQL is for reading).
    const redact = configRedactor(project.config);
    process.stdout.write(redact(`-- ${plan.queries.length} queries for ${checks.length} checks (${plan.dialect})${stages}\n\n${out.join('\n')}`));
  });
}
