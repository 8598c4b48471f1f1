// One-line messages, in a module of their own so the process entry (dq.ts) can print a crash
// without loading the rest of the CLI.
import { inert } from '../reports/inert.js';

/**
 * A message on one line: a multi-line exception text must not read as several problems, and
 * control characters it quotes from the warehouse are shown escaped (inert).
 */
export function oneLine(text: string): string {
  return inert(text.replace(/\s+/g, ' ').trim());
}
