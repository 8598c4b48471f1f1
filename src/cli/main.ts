// argv → command → exit code. Thin: commands call the library and print what reporters return.
// No side effects on import: dq.ts is the process entry; tests call main() in-process.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { EXIT } from '../run/exit-code.js';
import { registerCompile } from './commands/compile.js';
import { registerList } from './commands/list.js';
import { registerRun } from './commands/run.js';
import { registerValidate } from './commands/validate.js';
import { registerDemo } from './commands/demo.js';
import { registerInit } from './commands/init.js';
import { newCliContext, type CliContext, type CliOptions } from './context.js';
import { reportFatal } from './output.js';

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

export function buildProgram(context: CliContext = newCliContext()): Command {
  const program = new Command('dq')
    .description('dqgate: data-quality checks compiled to SQL, with an exit code to gate a pipeline on')
    .version(VERSION)
    .addHelpText('after', EXIT_HELP)
    .showHelpAfterError('(run dq --help for usage)')
    .exitOverride();
  registerRun(program, context).exitOverride().addHelpText('after', EXIT_HELP);
  for (const command of [registerCompile(program), registerValidate(program, context), registerList(program)]) {
    command.exitOverride().addHelpText('after', PROJECT_EXIT_HELP);
  }
  registerDemo(program, context).exitOverride();
  registerInit(program).exitOverride();
  return program;
}

/** Runs `dq` with `argv` (process.argv shape) and returns its exit code; never throws. */
export async function main(argv: string[], options: CliOptions = {}): Promise<number> {
  const context = { ...newCliContext(options), argv: argv.slice(2) };
  try {
    await buildProgram(context).parseAsync(argv);
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit 0; any other usage problem is a configuration error.
      return error.exitCode === 0 ? EXIT.pass : EXIT.config;
    }
    return reportFatal(error);
  }
}
