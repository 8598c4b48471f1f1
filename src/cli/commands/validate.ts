import type { Command } from 'commander';
import { ConfigError } from '../../config/errors.js';
import { warehouseFileIssue } from '../../config/warehouse-file.js';
import { describeError } from '../../run/errors.js';
import { EXIT } from '../../run/exit-code.js';
import { formatBytes } from '../../run/format.js';
import { collapseRepeats } from '../../reports/collapse.js';
import { configRedactor } from '../../run/redact.js';
import { addProjectOptions, loadForCommand, type ProjectFlags } from '../project.js';
import type { CliContext } from '../context.js';
import { withInterruption } from '../interrupt.js';

interface ValidateFlags extends ProjectFlags {
  dryRun?: boolean;
}

export function registerValidate(program: Command, context: CliContext): Command {
  return addProjectOptions(
    program
      .command('validate')
      .description("check the config, the check files, the suites and that a DuckDB target's file exists, without querying the warehouse (unless --dry-run)"),
  )
    .option(
      '--dry-run',
      'also dry-run every check on the target: the warehouse must accept every table, column and statement (exit 2 when not); nothing is executed',
    )
    .action(async (flags: ValidateFlags) => {
      const project = await loadForCommand(flags);
      const validated = project.config.targets[flags.target ?? project.config.target]!;
      const missing = await warehouseFileIssue(project, validated);
      if (missing) throw new ConfigError([missing]);
      const files = new Set(project.checks.map((c) => c.file)).size;
      const suites = Object.keys(project.suites).length;
      process.stdout.write(`valid: ${project.checks.length} checks in ${files} files, ${suites} suites\n`);
      if (!flags.dryRun) return;

      // Loaded only for --dry-run: a plain validate needs no planner (it is most of the start-up).
      const { estimateRun } = await import('../../run/run.js');
      const estimate = await withInterruption((signal) =>
        estimateRun({ project, checks: project.checks, target: flags.target, signal, ...(context.openEngine ? { openEngine: context.openEngine } : {}) }),
      context.interrupt);
      const { target } = estimate;
      if (!estimate.dryRuns) {
        process.stdout.write(`dry run: the ${target.engine} engine of target ${target.name} has no dry runs; nothing was checked\n`);
        return;
      }
      if (estimate.interrupted) {
        process.stderr.write('dq: interrupted\n');
        context.exitCode = EXIT.interrupted;
        return;
      }
      // A rejected query's message may quote a secret variable's value.
      const redact = configRedactor(project.config);
      const bytes = estimate.totalBytes !== undefined ? `, ${formatBytes(estimate.totalBytes)} estimated` : '';
      if (estimate.failed.length === 0) {
        process.stdout.write(
          `dry run on target ${target.name} (${target.engine}): every check accepted (${estimate.queries.length} queries, ${estimate.requests} dry runs${bytes})\n`,
        );
        return;
      }
      process.stdout.write(
        `dry run on target ${target.name} (${target.engine}): ${estimate.failed.length} of ${project.checks.length} checks rejected:\n` +
          // Checks rejected for the same reason (the warehouse unreachable) share one line.
          collapseRepeats(estimate.failed.map(({ check, error }) => ({ subject: `${check.id} (${check.file}:${check.pos.line})`, message: redact(describeError(error)) })))
            .map((line) => `  ${line}\n`)
            .join(''),
      );
      context.exitCode = EXIT.error;
    });
}
