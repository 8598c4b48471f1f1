// A small GoogleSQL (BigQuery standard SQL) tokenizer for the test server's translator.
// It knows exactly enough lexical structure to rewrite SQL safely: string literals (all quote
// styles, raw and bytes prefixes, escapes), backtick identifiers, comments, named (@x) and
// positional (?) parameters. Everything else is a word, a number or punctuation.

export type TokenKind =
  | 'ws'
  | 'comment'
  /** A string literal; `value` is the decoded text. */
  | 'string'
  /** A bytes literal (b'...'); `value` is the decoded text. */
  | 'bytes'
  /** A backtick-quoted identifier; `value` is the text between the backticks. */
  | 'qident'
  /** An unquoted word: keyword, identifier or function name. */
  | 'ident'
  | 'number'
  /** @name; `value` is the name. */
  | 'param'
  /** ? (positional parameter). */
  | 'qmark'
  /** @@name system variable. */
  | 'sysvar'
  | 'punct';

export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /** Decoded value for strings/identifiers/params; the text otherwise. */
  value: string;
  /** Offset in the source, for error messages. */
  pos: number;
}

export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
    this.name = 'SqlSyntaxError';
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '?': '?',
  '"': '"',
  "'": "'",
  '`': '`',
};

/** Decodes the body of a non-raw GoogleSQL string literal (backslash escapes). */
function decodeEscapes(body: string, pos: number): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[++i];
    if (next === undefined) throw new SqlSyntaxError('String literal ends with a backslash', pos);
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
    } else if (next === 'x' || next === 'X') {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (next === 'u') {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (next === 'U') {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16));
      i += 8;
    } else if (/[0-7]/.test(next)) {
      out += String.fromCodePoint(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      throw new SqlSyntaxError(`Illegal escape sequence: \\${next}`, pos);
    }
  }
  return out;
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, value?: string) =>
    tokens.push({ kind, text: sql.slice(start, i), value: value ?? sql.slice(start, i), pos: start });

  while (i < sql.length) {
    const start = i;
    const ch = sql[i]!;
    const rest = sql.slice(i, i + 3);

    if (/\s/.test(ch)) {
      while (i < sql.length && /\s/.test(sql[i]!)) i++;
      push('ws', start);
    } else if (rest.startsWith('--') || ch === '#') {
      while (i < sql.length && sql[i] !== '\n') i++;
      push('comment', start);
    } else if (rest.startsWith('/*')) {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new SqlSyntaxError('Unclosed comment', start);
      i = end + 2;
      push('comment', start);
    } else if (isStringStart(sql, i)) {
      let raw = false;
      let bytes = false;
      while (/[rRbB]/.test(sql[i]!)) {
        if (/[rR]/.test(sql[i]!)) raw = true;
        else bytes = true;
        i++;
      }
      const quote = sql[i]!;
      const triple = sql.slice(i, i + 3) === quote.repeat(3);
      const delim = triple ? quote.repeat(3) : quote;
      i += delim.length;
      const bodyStart = i;
      for (;;) {
        if (i >= sql.length) throw new SqlSyntaxError('Unclosed string literal', start);
        if (sql[i] === '\\') {
          i += 2;
          continue;
        }
        if (!triple && sql[i] === '\n') throw new SqlSyntaxError('Unclosed string literal', start);
        if (sql.startsWith(delim, i)) break;
        i++;
      }
      const body = sql.slice(bodyStart, i);
      i += delim.length;
      push(bytes ? 'bytes' : 'string', start, raw ? body : decodeEscapes(body, start));
    } else if (ch === '`') {
      let value = '';
      i++;
      for (;;) {
        if (i >= sql.length) throw new SqlSyntaxError('Unclosed identifier literal', start);
        if (sql[i] === '\\') {
          value += decodeEscapes(sql.slice(i, i + 2), start);
          i += 2;
          continue;
        }
        if (sql[i] === '`') break;
        value += sql[i++];
      }
      i++;
      push('qident', start, value);
    } else if (/[A-Za-z_]/.test(ch)) {
      while (i < sql.length && /[A-Za-z0-9_]/.test(sql[i]!)) i++;
      push('ident', start);
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      if (/^0[xX]/.test(rest)) {
        i += 2;
        while (i < sql.length && /[0-9a-fA-F]/.test(sql[i]!)) i++;
      } else {
        while (i < sql.length && /[0-9.]/.test(sql[i]!)) i++;
        if (/[eE]/.test(sql[i] ?? '') && /[-+0-9]/.test(sql[i + 1] ?? '')) {
          i += 2;
          while (i < sql.length && /[0-9]/.test(sql[i]!)) i++;
        }
      }
      push('number', start);
    } else if (rest.startsWith('@@')) {
      i += 2;
      while (i < sql.length && /[A-Za-z0-9_.]/.test(sql[i]!)) i++;
      push('sysvar', start);
    } else if (ch === '@') {
      i++;
      if (sql[i] === '`') {
        const end = sql.indexOf('`', i + 1);
        if (end < 0) throw new SqlSyntaxError('Unclosed parameter name', start);
        i = end + 1;
        push('param', start, sql.slice(start + 2, end));
      } else {
        while (i < sql.length && /[A-Za-z0-9_]/.test(sql[i]!)) i++;
        if (i === start + 1) throw new SqlSyntaxError('Expected a parameter name after @', start);
        push('param', start, sql.slice(start + 1, i));
      }
    } else if (ch === '?') {
      i++;
      push('qmark', start);
    } else {
      const two = sql.slice(i, i + 2);
      i += ['<>', '!=', '<=', '>=', '||', '<<', '>>', '=>'].includes(two) ? 2 : 1;
      push('punct', start);
    }
  }
  return tokens;
}

function isStringStart(sql: string, i: number): boolean {
  const m = /^[rRbB]{0,2}['"]/.exec(sql.slice(i, i + 3));
  if (!m) return false;
  const prefix = m[0].slice(0, -1);
  // `rb'..'`, `br'..'`, `r'..'`, `b'..'` only; a word like `rr` is an identifier.
  if (prefix.length === 2 && prefix[0]!.toLowerCase() === prefix[1]!.toLowerCase()) return false;
  // The prefix must not be the tail of a longer word (e.g. `attr'`).
  return i === 0 || !/[A-Za-z0-9_]/.test(sql[i - 1]!);
}

/** True for tokens that carry no meaning (whitespace, comments). */
export function isTrivia(token: Token | undefined): boolean {
  return token !== undefined && (token.kind === 'ws' || token.kind === 'comment');
}

/** True when `token` is the keyword or punctuation `word` (case-insensitive). */
export function isWord(token: Token | undefined, ...words: string[]): boolean {
  if (!token) return false;
  if (token.kind !== 'ident' && token.kind !== 'punct') return false;
  return words.some((w) => token.text.toUpperCase() === w.toUpperCase());
}
