// Lays SQL out for reading (`dq compile`, the SQL in reports, goldens): each clause keyword on
// its own line with its body indented under it, one list item (select item, CTE, GROUP BY key)
// per line, subqueries indented, and brackets, CASE expressions and long conditions broken over
// lines only when they do not fit in WIDTH characters.
//
// It reads the dialect's tokens (lexer.ts) and changes only the whitespace between them: every
// token is written verbatim, in order, so strings, quoted identifiers and comments stay
// byte-identical and the statement means what it meant. Whitespace is added or removed only next
// to a bracket or separator `( ) , ;`; between any other two tokens it is kept where it was
// (one space or a line break) and never added where there was none, so no two tokens can run
// together or split apart, whatever the input (test/dialects/layout-sql.test.ts).
//
// This replaced sql-formatter, which parses the whole statement with a general grammar: on the
// statements dq generates (2,000 checks: 600 kB) it took seconds, where this is one pass. For the
// same reason tokens are indices into typed arrays and the output is copied from the input in
// runs wherever its whitespace is kept: objects per token cost more in garbage collection than
// the layout itself.
import type { QuotedForm } from './dialect.js';
import { CODE, SPAN, sqlTokens, type SqlTokens } from './lexer.js';

const WIDTH = 100;
const STEP = 2;

const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const COMMA = 44;
const SEMICOLON = 59;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const isOpener = (k: number) => k === OPEN_PAREN || k === OPEN_BRACKET || k === OPEN_BRACE;
const isCloser = (k: number) => k === CLOSE_PAREN || k === CLOSE_BRACKET || k === CLOSE_BRACE;
/** Next to these, whitespace may be added or dropped: ( ) , ; */
const isFree = (k: number) => k === OPEN_PAREN || k === CLOSE_PAREN || k === COMMA || k === SEMICOLON;
const CLOSING: Record<number, number> = { [OPEN_PAREN]: CLOSE_PAREN, [OPEN_BRACKET]: CLOSE_BRACKET, [OPEN_BRACE]: CLOSE_BRACE };

/** The words the layout looks for; any other code token has no word. */
const KEYWORDS = new Set(
  'SELECT DISTINCT ALL AS STRUCT VALUE WITH RECURSIVE FROM WHERE HAVING QUALIFY GROUP ORDER BY WINDOW LIMIT OFFSET UNION INTERSECT EXCEPT NAME JOIN NATURAL INNER CROSS LEFT RIGHT FULL OUTER ASOF POSITIONAL SEMI ANTI CASE WHEN ELSE END AND OR BETWEEN'.split(' '),
);
const JOIN_WORDS = new Set(['NATURAL', 'INNER', 'CROSS', 'LEFT', 'RIGHT', 'FULL', 'OUTER', 'ASOF', 'POSITIONAL', 'SEMI', 'ANTI']);

/** A bracketed stretch; a token outside any is its index. */
interface Group {
  open: number;
  /** -1 when the text ends before the closing bracket. */
  close: number;
  children: Node[];
  /** A parenthesised query (SELECT or WITH first): always laid out as a statement. */
  query: boolean;
  /** No query inside, at any depth: on one line when it fits. */
  flat: boolean;
  width: number;
}

type Node = number | Group;
type Sep = 'none' | 'space' | 'break';

/** What follows a clause keyword: a list (one item per line), a condition (AND/OR may break), or text. */
type ClauseKind = 'list' | 'condition' | 'plain' | 'setop';

interface Clause {
  keyword: number[];
  kind: ClauseKind;
  body: Node[];
}

export function layoutSql(sql: string, quoting: readonly QuotedForm[]): string {
  const tokens = sqlTokens(sql, quoting);
  if (tokens.count === 0) return '';
  const layout = new Layout(tokens);
  layout.statements(layout.parse(), 0, 'none');
  return layout.text();
}

const firstToken = (n: Node) => (typeof n === 'number' ? n : n.open);

class Layout {
  /** Each token's keyword, upper-cased ('' for any other token; undefined until asked). */
  private readonly words: (string | undefined)[];
  private readonly out: string[] = [];
  /** The input not yet copied out begins here; from here up to `last`'s end is copied as is. */
  private run = 0;
  private col = 0;
  private last = -1;
  private readonly indents: string[] = [];
  /**
   * changed[i + 1] - changed[j + 1]: how many gaps before tokens j+1..i the layout would write
   * otherwise than the input has them, were all on one line. A flat group with none that fits
   * is copied as it is, without visiting its tokens (most of a large plan is such groups).
   */
  private readonly changed: Int32Array;

  constructor(private readonly t: SqlTokens) {
    const { sql, count, start, end } = t;
    this.words = new Array<string | undefined>(count);
    this.changed = new Int32Array(count + 1);
    for (let i = 0; i < count; i++) {
      const gap = i === 0 ? 0 : start[i]! - end[i - 1]!;
      const same = i === 0 || (gap === 0 ? this.inlineGap(i - 1, i) === '' : gap === 1 && sql.charCodeAt(end[i - 1]!) === 32 && this.inlineGap(i - 1, i) === ' ');
      this.changed[i + 1] = this.changed[i]! + (same ? 0 : 1);
    }
  }

  /** What `put` writes between neighbouring tokens a and b laid out on one line. */
  private inlineGap(a: number, b: number): string {
    const { sql, end, kind, spaceBefore } = this.t;
    if (sql.charCodeAt(end[a]! - 1) === 10) return 'indent';
    const ka = kind[a]!;
    const kb = kind[b]!;
    let want: Sep = isCloser(kb) || kb === COMMA || kb === SEMICOLON || isOpener(ka) ? 'none' : ka === COMMA || spaceBefore[b] ? 'space' : 'none';
    if (!isFree(ka) && !isFree(kb)) want = !spaceBefore[b] ? 'none' : 'space';
    return want === 'space' ? ' ' : '';
  }

  text(): string {
    if (this.last >= 0) this.out.push(this.t.sql.slice(this.run, this.t.end[this.last]));
    return this.out.join('');
  }

  private word(n: Node | undefined): string {
    if (typeof n !== 'number') return '';
    let word = this.words[n];
    if (word === undefined) {
      // Looked up when first asked: the tokens of groups copied as they are never are.
      const { sql, start, end, kind } = this.t;
      const upper = kind[n] === CODE && end[n]! - start[n]! <= 10 ? sql.slice(start[n], end[n]).toUpperCase() : '';
      word = this.words[n] = KEYWORDS.has(upper) ? upper : '';
    }
    return word;
  }

  private kindOf(n: Node | undefined): number {
    return typeof n === 'number' ? this.t.kind[n]! : -1;
  }

  /** A token's width on one line; one with a line break in it (a -- comment) never fits. */
  private tokenWidth(i: number): number {
    return this.lineBreakIn(i) >= 0 ? Infinity : this.t.end[i]! - this.t.start[i]!;
  }

  /** Where token `i`'s last line break is, or -1 (only spans have any). */
  private lineBreakIn(i: number): number {
    const { sql, start, end, kind } = this.t;
    if (kind[i] !== SPAN) return -1;
    // Bounded to the token: a search of the whole text from each span made this quadratic.
    for (let j = end[i]! - 1; j >= start[i]!; j--) if (sql.charCodeAt(j) === 10) return j;
    return -1;
  }

  private width(n: Node): number {
    return typeof n === 'number' ? this.tokenWidth(n) : n.width;
  }

  private lastToken(n: Node): number {
    if (typeof n === 'number') return n;
    if (n.close >= 0) return n.close;
    const last = n.children[n.children.length - 1];
    return last === undefined ? n.open : this.lastToken(last);
  }

  /** Brackets into groups; a closer without its opener stays a plain token. */
  parse(): Node[] {
    const root: Node[] = [];
    const stack: { group: Group; closer: number; parent: Node[] }[] = [];
    let current = root;
    const { count, kind } = this.t;
    for (let i = 0; i < count; i++) {
      const k = kind[i]!;
      if (isOpener(k)) {
        const group: Group = { open: i, close: -1, children: [], query: false, flat: true, width: 0 };
        stack.push({ group, closer: CLOSING[k]!, parent: current });
        current = group.children;
        continue;
      }
      const top = stack[stack.length - 1];
      if (top && k === top.closer) {
        top.group.close = i;
        this.finishGroup(top.group);
        top.parent.push(top.group);
        stack.pop();
        current = top.parent;
        continue;
      }
      current.push(i);
    }
    // Brackets left open at the end: each group ends with the text.
    while (stack.length) {
      const top = stack.pop()!;
      this.finishGroup(top.group);
      top.parent.push(top.group);
    }
    return root;
  }

  private finishGroup(group: Group): void {
    const first = group.children.find((n) => this.kindOf(n) !== SPAN);
    group.query =
      this.t.kind[group.open] === OPEN_PAREN &&
      (this.word(first) === 'SELECT' || this.word(first) === 'WITH' || (first !== undefined && typeof first !== 'number' && first.query));
    group.flat = group.children.every((n) => typeof n === 'number' || (!n.query && n.flat));
    group.width = 1 + this.flatWidth(group.children) + (group.close < 0 ? 0 : 1);
  }

  /** The whitespace wanted between two neighbours written on one line. */
  private inlineSep(prev: Node, next: Node): Sep {
    const a = this.t.kind[this.lastToken(prev)]!;
    const bi = firstToken(next);
    const b = this.t.kind[bi]!;
    if (isCloser(b) || b === COMMA || b === SEMICOLON) return 'none';
    if (isOpener(a)) return 'none';
    if (a === COMMA) return 'space';
    return this.t.spaceBefore[bi] ? 'space' : 'none';
  }

  private flatWidth(nodes: readonly Node[]): number {
    let width = 0;
    for (let k = 0; k < nodes.length; k++) {
      width += this.width(nodes[k]!) + (k > 0 && this.inlineSep(nodes[k - 1]!, nodes[k]!) === 'space' ? 1 : 0);
    }
    return width;
  }

  /** Items separated by top-level commas, each with its comma (-1 for none). */
  private splitCommas(nodes: readonly Node[]): { nodes: Node[]; comma: number }[] {
    const items: { nodes: Node[]; comma: number }[] = [];
    let from = 0;
    for (let k = 0; k < nodes.length; k++) {
      if (this.kindOf(nodes[k]) !== COMMA) continue;
      items.push({ nodes: nodes.slice(from, k), comma: nodes[k] as number });
      from = k + 1;
    }
    if (from < nodes.length || items.length === 0) items.push({ nodes: nodes.slice(from), comma: -1 });
    return items;
  }

  /** A statement's clauses: each starts at a clause keyword of this level (the first may have none). */
  private splitClauses(nodes: readonly Node[]): Clause[] {
    const clauses: Clause[] = [{ keyword: [], kind: 'plain', body: [] }];
    const start = (k: number, length: number, kind: ClauseKind) => {
      clauses.push({ keyword: nodes.slice(k, k + length) as number[], kind, body: [] });
      return k + length;
    };
    const firstCode = nodes.findIndex((n) => this.kindOf(n) !== SPAN);
    let k = 0;
    while (k < nodes.length) {
      const w = this.word(nodes[k]);
      let to = k;
      if (w !== '') {
        const next = this.word(nodes[k + 1]);
        const prev = this.word(nodes[k - 1]);
        const after = nodes[k + 1];
        if (w === 'SELECT')
          to = start(k, next === 'DISTINCT' || next === 'ALL' ? 2 : next === 'AS' && /^(STRUCT|VALUE)$/.test(this.word(nodes[k + 2])) ? 3 : 1, 'list');
        else if (w === 'WITH' && k === firstCode) to = start(k, next === 'RECURSIVE' ? 2 : 1, 'list');
        else if (w === 'FROM' && prev !== 'DISTINCT') to = start(k, 1, 'list');
        else if (w === 'WHERE' || w === 'HAVING' || w === 'QUALIFY') to = start(k, 1, 'condition');
        else if ((w === 'GROUP' || w === 'ORDER') && next === 'BY') to = start(k, 2, 'list');
        else if (w === 'WINDOW') to = start(k, 1, 'list');
        else if (w === 'LIMIT' || (w === 'OFFSET' && prev !== 'WITH')) to = start(k, 1, 'plain');
        else if (
          w === 'UNION' ||
          w === 'INTERSECT' ||
          (w === 'EXCEPT' && (next === 'ALL' || next === 'DISTINCT' || next === 'SELECT' || (after !== undefined && typeof after !== 'number' && after.query)))
        )
          to = start(k, next === 'ALL' || next === 'DISTINCT' ? 2 : next === 'BY' && this.word(nodes[k + 2]) === 'NAME' ? 3 : 1, 'setop');
        else if (w === 'JOIN' || JOIN_WORDS.has(w)) {
          let j = k;
          while (JOIN_WORDS.has(this.word(nodes[j]))) j++;
          if (this.word(nodes[j]) === 'JOIN') to = start(k, j - k + 1, 'condition');
        }
      }
      if (to === k) {
        clauses[clauses.length - 1]!.body.push(nodes[k]!);
        to = k + 1;
      }
      k = to;
    }
    if (clauses[0]!.body.length === 0) clauses.shift();
    return clauses;
  }

  /** From a CASE at `k`, the index of its END in the same node list, or -1. */
  private caseEnd(nodes: readonly Node[], k: number): number {
    let depth = 0;
    for (let j = k; j < nodes.length; j++) {
      const w = this.word(nodes[j]);
      if (w === 'CASE') depth++;
      else if (w === 'END' && --depth === 0) return j;
    }
    return -1;
  }

  private indent(n: number): string {
    return (this.indents[n] ??= ' '.repeat(n));
  }

  /**
   * Writes token `i` after the wanted whitespace. Next to `( ) , ;` any whitespace may be added or
   * dropped; between other tokens it stays as the input had it (none, or at least one space).
   */
  private put(i: number, sep: Sep, indent: number): void {
    const { sql, start, end, kind, spaceBefore } = this.t;
    if (this.last >= 0) {
      const prevEnd = end[this.last]!;
      let want = sep;
      if (!isFree(kind[this.last]!) && !isFree(kind[i]!)) want = !spaceBefore[i] ? 'none' : want === 'none' ? 'space' : want;
      // After a -- comment (its line break is part of it): the next line's indent.
      const text = sql.charCodeAt(prevEnd - 1) === 10 ? this.indent(indent) : want === 'break' ? '\n' + this.indent(indent) : want === 'space' ? ' ' : '';
      // Whitespace as the input has it is copied with the tokens around it.
      const kept = start[i] === prevEnd + text.length && (text === '' || sql.startsWith(text, prevEnd));
      if (!kept) {
        this.out.push(sql.slice(this.run, prevEnd), text);
        this.run = start[i]!;
      }
      this.col = text.charCodeAt(0) === 10 ? text.length - 1 : this.col + text.length;
    }
    const nl = this.lineBreakIn(i);
    this.col = nl >= 0 ? end[i]! - nl - 1 : this.col + end[i]! - start[i]!;
    this.last = i;
  }

  /** Statements separated by top-level semicolons. */
  statements(nodes: readonly Node[], indent: number, sep: Sep): void {
    let from = 0;
    for (let k = 0; k <= nodes.length; k++) {
      const n = nodes[k];
      if (n !== undefined && this.kindOf(n) !== SEMICOLON) continue;
      if (k > from) this.statement(nodes.slice(from, k), indent, sep);
      if (n !== undefined) this.put(n as number, 'none', indent);
      sep = 'break';
      from = k + 1;
    }
  }

  private statement(nodes: readonly Node[], indent: number, sep: Sep): void {
    this.splitClauses(nodes).forEach((clause, k) => {
      const first = k === 0 ? sep : 'break';
      if (clause.keyword.length === 0) return this.expression(clause.body, indent, first, false);
      clause.keyword.forEach((token, j) => this.put(token, j === 0 ? first : 'space', indent));
      if (clause.body.length === 0) return;
      if (clause.kind === 'setop') return this.expression(clause.body, indent, 'break', false);
      if (clause.kind === 'list') return this.list(clause.body, indent + STEP);
      this.expression(clause.body, indent + STEP, 'break', clause.kind === 'condition');
    });
  }

  /** One item per line at `indent`, each followed by its comma. */
  private list(nodes: readonly Node[], indent: number): void {
    for (const item of this.splitCommas(nodes)) {
      if (item.nodes.length) this.expression(item.nodes, indent, 'break', false);
      if (item.comma >= 0) this.put(item.comma, 'none', indent);
    }
  }

  /** Column the next token would start at after `sep`. */
  private colAfter(sep: Sep, indent: number): number {
    return sep === 'break' ? indent : this.col + (sep === 'space' ? 1 : 0);
  }

  /**
   * Nodes on the current line, breaking only inside what does not fit; with `logic`, top-level
   * AND / OR start new lines when the whole does not fit (not the AND of a BETWEEN).
   */
  private expression(nodes: readonly Node[], indent: number, sep: Sep, logic: boolean): void {
    const breakLogic = logic && this.colAfter(sep, indent) + this.flatWidth(nodes) > WIDTH;
    let between = false;
    for (let k = 0; k < nodes.length; k++) {
      const n = nodes[k]!;
      let s = k === 0 ? sep : this.inlineSep(nodes[k - 1]!, n);
      const w = this.word(n);
      if (breakLogic && (w === 'AND' || w === 'OR')) {
        if (between && w === 'AND') between = false;
        else s = 'break';
      }
      if (w === 'BETWEEN') between = true;
      if (w === 'CASE') {
        const end = this.caseEnd(nodes, k);
        if (end > k) {
          this.caseExpression(nodes.slice(k, end + 1), indent, s);
          k = end;
          continue;
        }
      }
      this.node(n, indent, s);
    }
  }

  /** CASE … END on one line when it fits, else each WHEN / ELSE on its own line and END under CASE. */
  private caseExpression(nodes: readonly Node[], indent: number, sep: Sep): void {
    const fits = this.colAfter(sep, indent) + this.flatWidth(nodes) <= WIDTH;
    this.put(nodes[0] as number, sep, indent);
    const inner = nodes.slice(1, -1);
    let from = 0;
    let depth = 0; // a nested CASE's WHENs are its own
    for (let k = 0; k <= inner.length; k++) {
      const w = this.word(inner[k]);
      if (k < inner.length && (k === from || depth > 0 || (w !== 'WHEN' && w !== 'ELSE'))) {
        depth += w === 'CASE' ? 1 : w === 'END' ? -1 : 0;
        continue;
      }
      const part = inner.slice(from, k);
      // inner[from] follows nodes[from] (nodes[0] is the CASE).
      if (part.length) this.expression(part, indent + STEP, fits ? this.inlineSep(nodes[from]!, part[0]!) : 'break', false);
      from = k;
    }
    const end = nodes[nodes.length - 1] as number;
    this.put(end, fits ? this.inlineSep(nodes[nodes.length - 2]!, end) : 'break', indent);
  }

  private node(n: Node, indent: number, sep: Sep): void {
    if (typeof n === 'number') return this.put(n, sep, indent);
    if (n.query) {
      this.put(n.open, sep, indent);
      this.statements(n.children, indent + STEP, 'break');
      if (n.close >= 0) this.put(n.close, 'break', indent);
      return;
    }
    if (this.colAfter(sep, indent) + n.width <= WIDTH) {
      this.put(n.open, sep, indent);
      if (n.flat && n.close >= 0 && this.changed[n.close + 1] === this.changed[n.open + 1]) {
        // Written exactly as the input has it: copied in the run, from the opener to the closer.
        this.col += this.t.end[n.close]! - this.t.end[n.open]!;
        this.last = n.close;
        return;
      }
      if (n.children.length) this.expression(n.children, indent, 'none', false);
      if (n.close >= 0) this.put(n.close, 'none', indent);
      return;
    }
    // Too long: one item per line. Only a parenthesis takes a line break after it and before its
    // closer (whitespace next to [ ] { } is left as it was), so a list or struct literal keeps
    // its first item beside the bracket and its closer beside the last.
    const paren = this.t.kind[n.open] === OPEN_PAREN;
    this.put(n.open, sep, indent);
    this.splitCommas(n.children).forEach((item, k) => {
      if (item.nodes.length) this.expression(item.nodes, indent + STEP, paren || k > 0 ? 'break' : 'none', true);
      if (item.comma >= 0) this.put(item.comma, 'none', indent + STEP);
    });
    if (n.close >= 0) this.put(n.close, paren ? 'break' : 'none', indent);
  }
}
