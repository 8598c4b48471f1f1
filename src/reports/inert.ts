// Text from the warehouse (group keys, values, engine messages) and from check files, made inert
// before it reaches a terminal or a report: control characters are shown as escapes, so a value
// can never erase a line, move the cursor, recolour the screen or print a line of its own (a fake
// verdict). Every terminal printer (console report, live progress, the CLI's error lines) and the
// text reports pass values through here.
//
// Escaped: C0 controls (CR, LF, TAB, ESC, ...), DEL, C1 controls (U+0080–U+009F: U+009B is a
// one-byte CSI on some terminals), the Unicode bidi controls that reorder what is shown (U+061C,
// U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and the line/paragraph separators U+2028/U+2029.
// Backslashes are left alone: the goal is text that cannot act, not text that can be parsed back.

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_EXCEPT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of inert text: every control character, newlines included, shown escaped (`\r`, `\x1b`, `\u202e`). */
export function inert(text: string): string {
  return text.replace(CONTROL, escapeChar);
}

/**
 * Inert text that keeps its line breaks (SQL, a multi-line engine error shown as a block): CRLF
 * becomes LF, every other control character (a lone CR too) is shown escaped.
 */
export function inertBlock(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL_EXCEPT_LF, escapeChar);
}
