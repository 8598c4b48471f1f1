// Loading the project and the selection a command works on; every problem is a ConfigError.
import type { Command } from 'commander';
import { ConfigError, commandLineIssue } from '../config/errors.js';
import { loadProject } from '../config/load.js';
import type { CheckSpec, FailOn, Project } from '../config/types.js';
import { selectChecks } from '../plan/select.js';
import { collect, parseDate, parseVar } from './options.js';

export interface ProjectFlags {
  config?: string;
  var?: Record<string, string>;
  target?: string;
}

export interface SelectionFlags extends ProjectFlags {
  select?: string[];
  exclude?: string[];
}

export interface Selected {
  project: Project;
  /** What a run runs (see selectChecks): the selection and its upstream checks. */
  checks: CheckSpec[];
  /** Ids in `checks` added as upstream checks of the selection. */
  upstream: Set<string>;
  /** Ids excluded by the suite or --exclude: never added back as upstream checks. */
  excluded: string[];
  /** Excluded upstream checks: id → the checks in the run needing it. */
  upstreamNotRun: Map<string, string[]>;
  suite?: string;
  failOn?: FailOn;
  /** The suite's `block` (true without a suite). */
  block: boolean;
}

export function addProjectOptions(command: Command): Command {
  return command
    .option('--config <path>', 'the checks.config.yaml to use', 'checks.config.yaml')
    .option('--target <name>', 'the target to use (default: the config\'s target)')
    .option('--var <name=value>', 'set a variable (repeatable); overrides the config\'s vars', parseVar);
}

export function addSelectionOptions(command: Command): Command {
  return addProjectOptions(command)
    // Not variadic (`<s...>` would swallow the suite argument): repeat the flag or use commas.
    .option('-s, --select <selectors>', 'check ids, globs, tag:NAME, table:NAME or file:NAME (repeat or comma-separate)', collect)
    .option('-x, --exclude <selectors>', 'selectors to leave out (repeat or comma-separate)', collect);
}

/** A command that works on a selection: `[suite]` plus --select/--exclude and the project options. */
export function selectionCommand(program: Command, name: string, description: string): Command {
  return addSelectionOptions(program.command(name).description(description).argument('[suite]', 'a suite in suites/'));
}

export function addAsOfOption(command: Command): Command {
  return command.option(
    '--as-of <date>',
    "the date checks are evaluated at (YYYY-MM-DD; default: today in the config's timezone)",
    parseDate,
  );
}

export function addRangeOptions(command: Command): Command {
  return command
    .option('--from <date>', 'only partitions from this date (tables with partition:)', parseDate)
    .option('--to <date>', 'only partitions up to this date (tables with partition:)', parseDate);
}

/** --from after --to is a usage error. */
export function rangeOf(flags: { from?: string; to?: string }): { from?: string; to?: string } {
  if (flags.from && flags.to && flags.from > flags.to) {
    throw new ConfigError([commandLineIssue(`--from ${flags.from} is after --to ${flags.to}`)]);
  }
  return { from: flags.from, to: flags.to };
}

export async function loadForCommand(flags: ProjectFlags): Promise<Project> {
  // --var values are typed and merged into config.vars here, once for the whole command.
  const project = await loadProject({ configPath: flags.config, vars: flags.var });
  if (flags.target && !project.config.targets[flags.target]) {
    const known = Object.keys(project.config.targets).join(', ');
    throw new ConfigError([commandLineIssue(`unknown target "${flags.target}"; the config defines: ${known}`)]);
  }
  return project;
}

export async function loadSelection(suite: string | undefined, flags: SelectionFlags): Promise<Selected> {
  const project = await loadForCommand(flags);
  const selection = selectChecks(project, { suite, select: flags.select, exclude: flags.exclude });
  if (selection.checks.length === 0) {
    // A gate with nothing to check must not open.
    throw new ConfigError([commandLineIssue('no checks selected: a gate with nothing to check cannot pass')]);
  }
  return {
    project,
    checks: selection.checks,
    upstream: selection.upstream,
    excluded: selection.excluded,
    upstreamNotRun: selection.upstreamNotRun,
    suite,
    failOn: selection.failOn,
    block: selection.suite?.block ?? true,
  };
}
