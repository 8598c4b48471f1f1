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

  /** Issues ordered for reading: command line first, then files in the order they were loaded, each by position. */
  sorted(): ConfigIssue[] {
    const fileOrder = new Map<string, number>([[COMMAND_LINE, -1]]);
    for (const issue of this.items) if (!fileOrder.has(issue.file)) fileOrder.set(issue.file, fileOrder.size);
    return [...this.items].sort(
      (a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)! || a.line - b.line || a.column - b.column,
    );
  }

  throwIfAny(): void {
    if (this.items.length > 0) throw new ConfigError(this.sorted());
  }
}
