// Is a user's SQL text sealed: one self-contained expression (a `where`, a metric's expression),
// or one query (a `sql` check)? Checks on one table share one query, so a fragment that leaves
// its place — closes a parenthesis it did not open, adds `, 0 AS c2__rows`, starts `FROM ...`,
// comments out the rest — would rewrite other checks' columns. Read with the dialect's own
// quoting (lexer.ts), so what is code here is code to the engine.
//
// Why a sealed fragment cannot reach another check's columns: the compiler pastes every fragment
// inside a function call, a CASE, parentheses or a clause of its own CTE. A fragment whose
// brackets balance ends where it was pasted, and without a top-level `,`, `AS`, `FROM`, `;`,
// clause keyword or comment it cannot add, rename or drop a column, end the select list or the
// statement. A parenthesised subquery (`x IN (SELECT ...)`) stays allowed: it opens a scope of
// its own, whose select list and FROM are its own. It may *read* the outer query's columns (and
// on DuckDB the outer select list's aliases, as `(SELECT c2__rows)`), but its value lands in
// the column of the check that wrote it, so it can spy on, never forge, another check's result.
import type { Dialect } from './dialect.js';
import { sqlSpans } from './lexer.js';

/** An expression pasted into dq's SQL, or a whole query (the `sql` check). */
export type SqlRole = 'expression' | 'query';

export interface FragmentProblem {
  /** Offset in the text of what is wrong. */
  index: number;
  message: string;
}

/** Keywords that end or extend a select list, a clause or a statement: never outside brackets in an expression. */
const CLAUSE_KEYWORDS = new Set([
  'AS', 'SELECT', 'FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'UNION', 'INTERSECT',
  'EXCEPT', 'MINUS', 'WINDOW', 'QUALIFY', 'INTO', 'JOIN', 'ON', 'USING', 'WITH', 'VALUES', 'PIVOT', 'UNPIVOT',
  'TABLESAMPLE', 'RETURNING', 'LATERAL',
]);

/** Statements that are not a query, refused anywhere in code: dq only reads. */
const NOT_A_QUERY = new Set([
  'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'COPY', 'EXPORT', 'IMPORT',
  'ATTACH', 'DETACH', 'INSTALL', 'PRAGMA', 'GRANT', 'REVOKE', 'VACUUM', 'CHECKPOINT',
]);

/**
 * Functions that add columns named by their argument, whatever alias dq gives the expression:
 * on DuckDB `unnest({'c2__rows': 0})` in a select list yields a column c2__rows (also written
 * "unnest", main.unnest, x.unnest(), or as its alias unlist). Refused by name, quoted or not, in
 * any expression; the DuckDB engine also refuses a result with a repeated column name.
 */
const EXPANDING: Record<Dialect['name'], ReadonlySet<string>> = {
  duckdb: new Set(['UNNEST', 'UNLIST', 'UNPACK', 'COLUMNS']),
  bigquery: new Set(),
};

const CASE_PARTS = new Set(['WHEN', 'THEN', 'ELSE']);
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
// Engines end a line comment at a carriage return too (DuckDB does: `-- a\r, 2 AS b` selects b);
// the lexer ends it at \n only, so a comment holding another line break is refused.
const LINE_BREAK_IN_COMMENT = /[\r\v\f\u0085\u2028\u2029]/;
// A number glued to a name (`1AS`) is read as a number and a keyword by the engines.
const NUMBER = /^(?:0[xX][0-9A-Fa-f_]*|[0-9][0-9_]*(?:[eE][0-9]*)?)$/;

interface Token {
  text: string;
  index: number;
}

/** The code tokens of `code` (quoted stretches blanked out): words, numbers and single characters. */
function tokens(code: string): Token[] {
  const found: Token[] = [];
  // `$` stands alone, so `$AS` reads as `$` and AS: stricter than any engine's names.
  const re = /[A-Za-z0-9_]+|[^\sA-Za-z0-9_]/g;
  for (let m = re.exec(code); m; m = re.exec(code)) found.push({ text: m[0], index: m.index });
  return found;
}

/**
 * Why `text` is not one sealed `role` in `dialect`, if it is not. Templates (`{{ ... }}`) must
 * already be replaced by a stand-in of the same length (they become one literal or parameter).
 */
export function fragmentProblems(text: string, role: SqlRole, dialect: Pick<Dialect, 'name' | 'quoting'>): FragmentProblem[] {
  // The `sql` check drops trailing whitespace and one trailing `;` before embedding the query.
  const sql = role === 'query' ? text.trimEnd() : text;
  const problems: FragmentProblem[] = [];
  const refuse = (index: number, message: string) => problems.push({ index, message });
  // DuckDB reads the SQL as a C string: a NUL ends the query there.
  const nul = sql.indexOf('\u0000');
  if (nul !== -1) refuse(nul, 'a NUL character ends the SQL there; remove it');
  // Bidirectional controls make the file show a reviewer other SQL than the engine reads.
  const bidi = sql.search(/[\u202a-\u202e\u2066-\u2069]/);
  if (bidi !== -1) {
    const code = sql.codePointAt(bidi)!.toString(16).toUpperCase();
    refuse(bidi, `a bidirectional control character (U+${code}) shows reviewers other SQL than runs; remove it`);
  }
  const expanding = (name: string, index: number) => {
    if (role === 'expression' && EXPANDING[dialect.name].has(name.toUpperCase())) {
      refuse(index, `${name} can add columns of its own to dq's shared query; it is not allowed in an expression`);
    }
  };
  let code = sql;
  for (const span of sqlSpans(sql, dialect.quoting)) {
    if (span.form.kind === 'identifier') expanding(sql.slice(span.contentStart, span.contentEnd), span.start);
    const breakAt = span.form.kind === 'comment' ? sql.slice(span.contentStart, span.contentEnd).search(LINE_BREAK_IN_COMMENT) : -1;
    if (breakAt !== -1) {
      refuse(span.contentStart + breakAt, `${span.form.label} holds a line break other than a newline, where an engine may end it; use a plain newline`);
    } else if (!span.closed) {
      refuse(span.start, `${span.form.label} is never closed${span.form.kind === 'comment' ? ' (it would swallow the SQL dq adds after it)' : ''}`);
    } else if (span.form.kind === 'comment' && role === 'expression') {
      refuse(span.start, `${span.form.label} is not allowed in an expression; describe the check in description:`);
    }
    // Blank the quoted stretch (keeping offsets) so only code is tokenised; a literal stays a value.
    code = code.slice(0, span.start) + ' '.repeat(span.end - span.start) + code.slice(span.end);
    if (span.form.kind !== 'comment') code = code.slice(0, span.start) + '0' + code.slice(span.start + 1);
  }
  const all = tokens(code);
  const stack: Token[] = [];
  const first = all.find((t) => t.text !== '(');
  if (role === 'query' && (!first || !/^(SELECT|WITH)$/i.test(first.text))) {
    refuse(first?.index ?? 0, `a sql check is one query starting with SELECT or WITH${first ? `, not "${first.text}"` : ''}`);
  }
  all.forEach((token, i) => {
    const word = /^[A-Za-z_]/.test(token.text) ? token.text.toUpperCase() : undefined;
    const topLevel = !stack.some((t) => t.text !== 'CASE');
    if (token.text === '$') {
      // Outside a string, `$` joins names (`x$y`) or opens dollar-quoted strings by rules the
      // engines do not share; dq's SQL has no positional parameters.
      refuse(token.index, '"$" outside a string; write names without $ and strings in quotes');
    } else if (/^[0-9]/.test(token.text) && !NUMBER.test(token.text)) {
      refuse(token.index, `"${token.text}": a number runs into a name; separate them with a space`);
    } else if (token.text === '(' || token.text === '[' || token.text === '{' || word === 'CASE') {
      stack.push(word ? { ...token, text: word } : token);
    } else if (CLOSERS[token.text] !== undefined || word === 'END') {
      const opener = word ? 'CASE' : CLOSERS[token.text];
      if (stack.at(-1)?.text === opener) stack.pop();
      else refuse(token.index, `"${token.text}" closes ${opener === 'CASE' ? 'a CASE' : `a "${opener}"`} this ${role} never opened`);
    } else if (token.text === ';') {
      // The one the sql check strips: last, with nothing after it, not even a comment.
      const trailing = role === 'query' && sql.slice(token.index + 1).trim() === '';
      if (!trailing) refuse(token.index, `";" ends the statement; ${role === 'query' ? 'a query may only end with one' : 'an expression has none'}`);
    } else if (word && NOT_A_QUERY.has(word)) {
      refuse(token.index, `${word} is not allowed: a check only reads`);
    } else if (word && EXPANDING[dialect.name].has(word)) {
      expanding(token.text, token.index);
    } else if (role === 'expression' && token.text === '.' && all[i + 1]?.text === '*' && all[i + 1]!.index === token.index + 1) {
      refuse(token.index, '".*" expands into columns of their own; name the field instead');
    } else if (role === 'expression' && topLevel && token.text === ':' && ![all[i - 1], all[i + 1]].some((t) => t?.text === ':' && Math.abs(t.index - token.index) === 1)) {
      // DuckDB reads `name: expr` at the start of a select item as an alias (`::` casts stay).
      refuse(token.index, '":" outside brackets names a column on DuckDB; an expression is one value');
    } else if (role === 'expression' && topLevel && token.text === ',') {
      refuse(token.index, `"," outside parentheses would start another column; an expression is one value`);
    } else if (role === 'expression' && topLevel && word && CLAUSE_KEYWORDS.has(word) && !allowedKeyword(word, all[i - 1])) {
      refuse(token.index, `${word} outside parentheses would leave the expression; a subquery goes in parentheses, (SELECT ...)`);
    } else if (role === 'expression' && word && CASE_PARTS.has(word) && stack.at(-1)?.text !== 'CASE') {
      refuse(token.index, `${word} outside a CASE ... END of this expression`);
    }
  });
  for (const open of stack) refuse(open.index, `"${open.text === 'CASE' ? 'CASE' : open.text}" is never closed${open.text === 'CASE' ? ' (no END)' : ''}`);
  return problems.sort((a, b) => a.index - b.index);
}

/** Keywords that are part of an expression after a given word: `IS DISTINCT FROM`, `WITHIN GROUP (...)`. */
function allowedKeyword(word: string, previous: Token | undefined): boolean {
  const before = previous?.text.toUpperCase();
  return (word === 'FROM' && before === 'DISTINCT') || (word === 'GROUP' && before === 'WITHIN');
}
