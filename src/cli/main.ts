// argv → command → exit code. Thin: commands call the library and print what reporters return.
// No side effects on import: dq.ts is the process entry; tests call main() in-process.
//
// Start-up: a command's module (and through it the loader, the engines, the reporters) is
// imported only when argv names that command, so `dq --version` loads commander and little else.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { EXIT } from '../run/exit-code.js';
import { newCliContext, type CliContext, type CliOptions } from './context.js';

const EXIT_HELP = `
Exit codes (the gate):
  0  every selected check passed (warnings allowed unless --fail-on warn)
  1  at least one check failed
  2  at least one check could not be evaluated (SQL error, missing table or column,
     connection, timeout), a requested output could not be written, or dq itself
     failed: the gate cannot be trusted; outranks 1
  3  invalid usage or configuration: nothing was sent to the warehouse
  130 interrupted (Ctrl-C, SIGTERM): running queries were cancelled; the report
     lists what finished, the rest as errors "interrupted"
`;

/** Commands that only read the project: they never give a gate verdict. */
const PROJECT_EXIT_HELP = `
Exit codes:
  0  done
  2  the warehouse rejected a dry run (validate --dry-run), or dq itself failed
  3  invalid usage or configuration
`;

const DIFF_EXIT_HELP = `
Exit codes:
  0  nothing regressed
  1  a partition regressed (passing → failing) or a check's status got worse
  2  dq itself failed
  3  invalid usage, an unknown run id, or no history to compare
`;

type Register = (program: Command, context: CliContext) => Command;

/** A command: the import that brings its `register` function, and the exit codes its help lists. */
interface CommandModule {
  load: () => Promise<Register>;
  exitHelp?: string;
}

/** Every command, in help order; each module is imported only when argv needs it. */
const COMMAND_MODULES: Record<string, CommandModule> = {
  run: { load: async () => (await import('./commands/run.js')).registerRun, exitHelp: EXIT_HELP },
  compile: { load: async () => (await import('./commands/compile.js')).registerCompile, exitHelp: PROJECT_EXIT_HELP },
  validate: { load: async () => (await import('./commands/validate.js')).registerValidate, exitHelp: PROJECT_EXIT_HELP },
  list: { load: async () => (await import('./commands/list.js')).registerList, exitHelp: PROJECT_EXIT_HELP },
  demo: { load: async () => (await import('./commands/demo.js')).registerDemo },
  diff: { load: async () => (await import('./commands/diff.js')).registerDiff, exitHelp: DIFF_EXIT_HELP },
  history: { load: async () => (await import('./commands/history.js')).registerHistory, exitHelp: PROJECT_EXIT_HELP },
  init: { load: async () => (await import('./commands/init.js')).registerInit },
};

/** Registers each command on demand, with usage errors as exceptions and its exit codes in its help. */
export const COMMANDS: Record<string, (program: Command, context: CliContext) => Promise<void>> = Object.fromEntries(
  Object.entries(COMMAND_MODULES).map(([name, command]) => [
    name,
    async (program: Command, context: CliContext) => {
      const registered = (await command.load())(program, context).exitOverride();
      if (command.exitHelp) registered.addHelpText('after', command.exitHelp);
    },
  ]),
);

/**
 * The commands argv may need: those it names (a suite or a value that happens to be a command
 * name loads one more, harmlessly); none for a bare --version; all otherwise (help, usage errors
 * and their "did you mean" need the full list).
 */
export function commandsFor(args: readonly string[]): string[] {
  const named = Object.keys(COMMANDS).filter((name) => args.includes(name));
  if (named.length > 0) return named;
  if (args.some((a) => a === '--version' || a === '-V')) return [];
  return Object.keys(COMMANDS);
}

/** The program with the given commands registered (all by default). */
export async function buildProgram(context: CliContext = newCliContext(), names: readonly string[] = Object.keys(COMMANDS)): Promise<Command> {
  const program = new Command('dq')
    .description('dqgate: data-quality checks compiled to SQL, with an exit code to gate a pipeline on')
    .version(VERSION)
    .addHelpText('after', EXIT_HELP)
    .showHelpAfterError('(run dq --help for usage)')
    .exitOverride();
  // Registered in COMMANDS order whatever order argv names them in, so help lists them the same way.
  for (const [name, register] of Object.entries(COMMANDS)) {
    if (names.includes(name)) await register(program, context);
  }
  return program;
}

/** Runs `dq` with `argv` (process.argv shape) and returns its exit code; never throws. */
export async function main(argv: string[], options: CliOptions = {}): Promise<number> {
  const context = { ...newCliContext(options), argv: argv.slice(2) };
  try {
    const program = await buildProgram(context, commandsFor(argv.slice(2)));
    await program.parseAsync(argv);
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit 0; any other usage problem is a configuration error.
      return error.exitCode === 0 ? EXIT.pass : EXIT.config;
    }
    // Loaded on failure only: it knows every error class, hence most of the library.
    const { reportFatal } = await import('./output.js');
    return reportFatal(error);
  }
}
