// What the CLI prints for problems, and colour detection (chalk's conventions).
import { supportsColor } from 'chalk';
import { ConfigError, formatIssue } from '../config/errors.js';
import { EXIT } from '../run/exit-code.js';
import { QueryError } from '../engines/engine.js';
import { describeError } from '../run/errors.js';
import { BudgetExceededError } from '../run/preflight.js';
import { inert, inertBlock } from '../reports/inert.js';
import { oneLine } from './one-line.js';

export { oneLine };

export const useColor = (): boolean => supportsColor !== false && (supportsColor?.level ?? 0) > 0;

/** Prints an error that ended a command and returns its exit code. */
export function reportFatal(error: unknown): number {
  if (error instanceof ConfigError) {
    const n = error.issues.length;
    process.stderr.write(`${n} configuration problem${n === 1 ? '' : 's'}; nothing was sent to the warehouse:\n`);
    for (const issue of error.issues) process.stderr.write(`  ${inert(formatIssue(issue))}\n`);
    return EXIT.config;
  }
  // The warehouse refused or could not be reached: its own message says what happened (inert: it
  // may quote warehouse values).
  if (error instanceof BudgetExceededError || error instanceof QueryError) {
    process.stderr.write(`dq: ${oneLine(describeError(error))}\n`);
    return EXIT.error;
  }
  // Anything else stopped dq before it could give a verdict: the gate cannot be trusted (exit 2).
  // One line; the stack trace is for bug reports: DQ_DEBUG=1 prints it.
  const detail = process.env.DQ_DEBUG
    ? inertBlock((error as Error)?.stack ?? String(error))
    : oneLine(String((error as Error)?.message ?? error));
  process.stderr.write(`dq: ${detail}\n`);
  return EXIT.error;
}
