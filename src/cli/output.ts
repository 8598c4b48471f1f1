// What the CLI prints for problems, and colour detection (chalk's conventions).
import { supportsColor } from 'chalk';
import { ConfigError, formatIssue } from '../config/errors.js';
import { EXIT } from '../run/exit-code.js';

export const useColor = (): boolean => supportsColor !== false && (supportsColor?.level ?? 0) > 0;

/** Prints an error that ended a command and returns its exit code. */
export function reportFatal(error: unknown): number {
  if (error instanceof ConfigError) {
    const n = error.issues.length;
    process.stderr.write(`${n} configuration problem${n === 1 ? '' : 's'}; nothing was sent to the warehouse:\n`);
    for (const issue of error.issues) process.stderr.write(`  ${formatIssue(issue)}\n`);
    return EXIT.config;
  }
  process.stderr.write(`dq: ${(error as Error)?.stack ?? String(error)}\n`);
  return EXIT.error;
}
