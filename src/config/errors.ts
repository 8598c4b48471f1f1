import type { SourcePos } from './types.js';

/** One configuration problem, located in a file. Command-line problems use file `<command line>`. */
export interface ConfigIssue extends SourcePos {
  message: string;
}

/** Every configuration problem found in one pass. Always means exit code 3, nothing sent. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return `${where}: ${issue.message}`;
}

export const COMMAND_LINE = '<command line>';

export function commandLineIssue(message: string): ConfigIssue {
  return { file: COMMAND_LINE, line: 0, column: 0, message };
}
