// One-line messages, in a module of their own so the process entry (dq.ts) can print a crash
// without loading the rest of the CLI.
import { inert } from '../reports/inert.js';

/**
 * A message on one line: a multi-line exception text must not read as several problems, so line
 * breaks and runs of blanks fold into one space; any other control character (CR, ESC, ...) is
 * shown escaped (inert): the text may quote warehouse values.
 */
export function oneLine(text: string): string {
  return inert(text.replace(/[ \t\n]+/g, ' ').trim());
}
