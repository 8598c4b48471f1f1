// Collects configuration problems across every file so they can be reported in one ConfigError.
import { COMMAND_LINE, ConfigError, type ConfigIssue } from './errors.js';
import type { SourcePos } from './types.js';

export class IssueList {
  readonly items: ConfigIssue[] = [];

  add(pos: SourcePos, message: string): void {
    const duplicate = this.items.some(
      (i) => i.file === pos.file && i.line === pos.line && i.column === pos.column && i.message === message,
    );
    if (!duplicate) this.items.push({ file: pos.file, line: pos.line, column: pos.column, message });
  }

  push(issue: ConfigIssue): void {
    this.add(issue, issue.message);
  }

  get size(): number {
    return this.items.length;
  }

  private readonly fileOrder: string[] = [];

  /** Declares files in reading order (config, then check files, then suites) for sorting. */
  declare(...files: string[]): void {
    for (const file of files) if (!this.fileOrder.includes(file)) this.fileOrder.push(file);
  }

  /** Issues ordered for reading: command line first, then declared files in order, then others; each file by position. */
  sorted(): ConfigIssue[] {
    const rank = new Map<string, number>([[COMMAND_LINE, -1]]);
    this.fileOrder.forEach((file, i) => rank.set(file, i));
    for (const issue of this.items) if (!rank.has(issue.file)) rank.set(issue.file, rank.size + this.fileOrder.length);
    return [...this.items].sort((a, b) => rank.get(a.file)! - rank.get(b.file)! || a.line - b.line || a.column - b.column);
  }

  throwIfAny(): void {
    if (this.items.length > 0) throw new ConfigError(this.sorted());
  }
}
