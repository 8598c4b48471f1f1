import type { Command } from 'commander';
import { addProjectOptions, loadForCommand, type ProjectFlags } from '../project.js';

export function registerValidate(program: Command): Command {
  return addProjectOptions(
    program
      .command('validate')
      .description('check the config, the check files and the suites without touching the warehouse'),
  ).action(async (flags: ProjectFlags) => {
    const project = await loadForCommand(flags);
    const files = new Set(project.checks.map((c) => c.file)).size;
    const suites = Object.keys(project.suites).length;
    process.stdout.write(`valid: ${project.checks.length} checks in ${files} files, ${suites} suites\n`);
  });
}
