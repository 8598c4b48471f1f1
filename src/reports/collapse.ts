// Problems that repeat: eight checks that met the same error (offline, every query's request
// fails with the same ENOTFOUND) are one problem, printed once with a count, not eight lines.
import { inert } from './inert.js';

/** One problem of one subject (a check id and its error message). */
export interface Problem {
  subject: string;
  message: string;
}

/** Subjects named on a collapsed line before "and N more". */
const NAMED = 3;

/** Messages in first-seen order, each with the subjects that met it. */
export function groupByMessage<T>(items: T[], message: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = message(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups];
}

/** `a, b, c and 5 more`: the first few subjects, and how many others. */
export function nameSome(subjects: string[]): string {
  const more = subjects.length > NAMED ? ` and ${subjects.length - NAMED} more` : '';
  return subjects.slice(0, NAMED).map(inert).join(', ') + more;
}

/**
 * One line per distinct message, in first-seen order: `subject: message`, or, when several
 * subjects share it (eight checks that all met the same ENOTFOUND), one line that names the first
 * few and counts them all: `a, b, c and 5 more: message (×8)`. Inert: both parts may quote
 * warehouse or check-file text.
 */
export function collapseRepeats(problems: Problem[]): string[] {
  return groupByMessage(problems, (p) => p.message).map(([message, group]) => {
    const subjects = group.map((p) => p.subject);
    return subjects.length === 1 ? `${inert(subjects[0]!)}: ${inert(message)}` : `${nameSome(subjects)}: ${inert(message)} (×${subjects.length})`;
  });
}
