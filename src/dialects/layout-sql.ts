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
// statements dq generates (2,000 checks: 700 kB) it took seconds, where this is one pass.
import type { QuotedForm } from './dialect.js';
import { sqlTokens, type SqlToken } from './lexer.js';

const WIDTH = 100;
const STEP = 2;

interface Leaf {
  kind: 'leaf';
  token: number;
  /** The keyword a code token is, upper-cased ('' for any other token): how clauses are found. */
  word: string;
  width: number;
}

interface Group {
  kind: 'group';
  open: number;
  /** Undefined when the text ends before the closing bracket. */
  close: number | undefined;
  children: Node[];
  /** A parenthesised query (SELECT or WITH first): always laid out as a statement. */
  query: boolean;
  width: number;
}

type Node = Leaf | Group;
type Sep = 'none' | 'space' | 'break';

const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
/** The words the layout looks for; any other code token has no `word`. */
const KEYWORDS = new Set(
  'SELECT DISTINCT ALL AS STRUCT VALUE WITH RECURSIVE FROM WHERE HAVING QUALIFY GROUP ORDER BY WINDOW LIMIT OFFSET UNION INTERSECT EXCEPT NAME JOIN NATURAL INNER CROSS LEFT RIGHT FULL OUTER ASOF POSITIONAL SEMI ANTI CASE WHEN ELSE END AND OR BETWEEN'.split(' '),
);
const keyword = (text: string) => {
  if (text.length > 10) return '';
  const upper = text.toUpperCase();
  return KEYWORDS.has(upper) ? upper : '';
};
const FREE = new Set(['(', ')', ',', ';']);
const JOIN_WORDS = new Set(['NATURAL', 'INNER', 'CROSS', 'LEFT', 'RIGHT', 'FULL', 'OUTER', 'ASOF', 'POSITIONAL', 'SEMI', 'ANTI']);

/** What follows a clause keyword: a list (one item per line), a condition (AND/OR may break), or text. */
type ClauseKind = 'list' | 'condition' | 'plain' | 'setop';

interface Clause {
  keyword: Leaf[];
  kind: ClauseKind;
  body: Node[];
}

const wordOf = (n: Node | undefined) => (n?.kind === 'leaf' ? n.word : '');

export function layoutSql(sql: string, quoting: readonly QuotedForm[]): string {
  const tokens = sqlTokens(sql, quoting);
  if (tokens.length === 0) return '';
  const layout = new Layout(tokens);
  layout.statements(parse(tokens), 0, 'none');
  return layout.text();
}

/** Brackets into groups; a closer without its opener stays a plain token. */
function parse(tokens: readonly SqlToken[]): Node[] {
  const root: Node[] = [];
  const stack: { group: Group; closer: string; parent: Node[] }[] = [];
  let current = root;
  tokens.forEach((t, i) => {
    if (t.kind === '(' || t.kind === '[' || t.kind === '{') {
      const group: Group = { kind: 'group', open: i, close: undefined, children: [], query: false, width: 0 };
      stack.push({ group, closer: CLOSING[t.kind]!, parent: current });
      current = group.children;
      return;
    }
    const top = stack[stack.length - 1];
    if (top && t.kind === top.closer) {
      top.group.close = i;
      finishGroup(top.group, tokens);
      top.parent.push(top.group);
      stack.pop();
      current = top.parent;
      return;
    }
    current.push({ kind: 'leaf', token: i, word: t.kind === 'code' ? keyword(t.text) : '', width: widthOf(t.text) });
  });
  // Brackets left open at the end: each group ends with the text.
  while (stack.length) {
    const top = stack.pop()!;
    finishGroup(top.group, tokens);
    top.parent.push(top.group);
    current = top.parent;
  }
  return root;
}

/** A token's width on one line; one with a line break in it (a -- comment) never fits. */
const widthOf = (text: string) => (text.includes('\n') ? Infinity : text.length);

function finishGroup(group: Group, tokens: readonly SqlToken[]): void {
  const first = group.children.find((n) => n.kind === 'group' || tokens[n.token]!.kind !== 'span');
  group.query =
    tokens[group.open]!.kind === '(' &&
    ((first?.kind === 'leaf' && (first.word === 'SELECT' || first.word === 'WITH')) || (first?.kind === 'group' && first.query));
  group.width = 1 + flatWidth(group.children, tokens) + (group.close === undefined ? 0 : 1);
}

function firstToken(n: Node): number {
  return n.kind === 'leaf' ? n.token : n.open;
}

function lastToken(n: Node): number {
  if (n.kind === 'leaf') return n.token;
  if (n.close !== undefined) return n.close;
  const last = n.children[n.children.length - 1];
  return last ? lastToken(last) : n.open;
}

/** The whitespace wanted between two neighbours written on one line. */
function inlineSep(prev: Node, next: Node, tokens: readonly SqlToken[]): Sep {
  const a = tokens[lastToken(prev)]!;
  const b = tokens[firstToken(next)]!;
  if (b.kind === ')' || b.kind === ']' || b.kind === '}' || b.kind === ',' || b.kind === ';') return 'none';
  if (a.kind === '(' || a.kind === '[' || a.kind === '{') return 'none';
  if (a.kind === ',') return 'space';
  return b.spaceBefore ? 'space' : 'none';
}

function flatWidth(nodes: readonly Node[], tokens: readonly SqlToken[]): number {
  let width = 0;
  nodes.forEach((n, k) => {
    width += n.width + (k > 0 && inlineSep(nodes[k - 1]!, n, tokens) === 'space' ? 1 : 0);
  });
  return width;
}

/** Items separated by top-level commas, each with its comma. */
function splitCommas(nodes: readonly Node[], tokens: readonly SqlToken[]): { nodes: Node[]; comma?: Leaf }[] {
  const items: { nodes: Node[]; comma?: Leaf }[] = [{ nodes: [] }];
  for (const n of nodes) {
    if (n.kind === 'leaf' && tokens[n.token]!.kind === ',') {
      items[items.length - 1]!.comma = n;
      items.push({ nodes: [] });
    } else items[items.length - 1]!.nodes.push(n);
  }
  if (items.length > 1 && items[items.length - 1]!.nodes.length === 0) items.pop();
  return items;
}

/** A statement's clauses: each starts at a clause keyword of this level (the first may have none). */
function splitClauses(nodes: readonly Node[], tokens: readonly SqlToken[]): Clause[] {
  const clauses: Clause[] = [{ keyword: [], kind: 'plain', body: [] }];
  const start = (k: number, length: number, kind: ClauseKind) => {
    clauses.push({ keyword: nodes.slice(k, k + length) as Leaf[], kind, body: [] });
    return k + length;
  };
  let k = 0;
  while (k < nodes.length) {
    const w = wordOf(nodes[k]);
    const next = wordOf(nodes[k + 1]);
    const prev = wordOf(nodes[k - 1]);
    const isQueryNext = nodes[k + 1]?.kind === 'group' && (nodes[k + 1] as Group).query;
    let to = k;
    if (w === 'SELECT') to = start(k, next === 'DISTINCT' || next === 'ALL' ? 2 : next === 'AS' && /^(STRUCT|VALUE)$/.test(wordOf(nodes[k + 2])) ? 3 : 1, 'list');
    else if (w === 'WITH' && k === firstCode(nodes, tokens)) to = start(k, next === 'RECURSIVE' ? 2 : 1, 'list');
    else if (w === 'FROM' && prev !== 'DISTINCT') to = start(k, 1, 'list');
    else if (w === 'WHERE' || w === 'HAVING' || w === 'QUALIFY') to = start(k, 1, 'condition');
    else if ((w === 'GROUP' || w === 'ORDER') && next === 'BY') to = start(k, 2, 'list');
    else if (w === 'WINDOW') to = start(k, 1, 'list');
    else if (w === 'LIMIT' || (w === 'OFFSET' && prev !== 'WITH')) to = start(k, 1, 'plain');
    else if (w === 'UNION' || w === 'INTERSECT' || (w === 'EXCEPT' && (next === 'ALL' || next === 'DISTINCT' || next === 'SELECT' || isQueryNext)))
      to = start(k, next === 'ALL' || next === 'DISTINCT' ? 2 : next === 'BY' && wordOf(nodes[k + 2]) === 'NAME' ? 3 : 1, 'setop');
    else if (w === 'JOIN' || JOIN_WORDS.has(w)) {
      let j = k;
      while (JOIN_WORDS.has(wordOf(nodes[j]))) j++;
      if (wordOf(nodes[j]) === 'JOIN') to = start(k, j - k + 1, 'condition');
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

/** The index of the first node that is not a comment. */
function firstCode(nodes: readonly Node[], tokens: readonly SqlToken[]): number {
  return nodes.findIndex((n) => n.kind === 'group' || tokens[n.token]!.kind !== 'span');
}

/** From a CASE at `k`, the index of its END in the same node list, or -1. */
function caseEnd(nodes: readonly Node[], k: number): number {
  let depth = 0;
  for (let j = k; j < nodes.length; j++) {
    const w = wordOf(nodes[j]);
    if (w === 'CASE') depth++;
    else if (w === 'END' && --depth === 0) return j;
  }
  return -1;
}

class Layout {
  private out = '';
  private col = 0;
  private last = -1;

  constructor(private readonly tokens: readonly SqlToken[]) {}

  text(): string {
    return this.out;
  }

  /**
   * Writes token `i` after the wanted whitespace. Next to `( ) , ;` any whitespace may be added or
   * dropped; between other tokens it stays as the input had it (none, or at least one space).
   */
  private put(i: number, sep: Sep, indent: number): void {
    const t = this.tokens[i]!;
    if (this.last >= 0) {
      const prev = this.tokens[this.last]!;
      let kind = sep;
      if (!FREE.has(prev.kind) && !FREE.has(t.kind)) kind = !t.spaceBefore ? 'none' : kind === 'none' ? 'space' : kind;
      if (prev.text.endsWith('\n')) {
        // After a -- comment (its line break is part of it): the next line's indent.
        this.out += ' '.repeat(indent);
        this.col = indent;
      } else if (kind === 'break') {
        this.out += '\n' + ' '.repeat(indent);
        this.col = indent;
      } else if (kind === 'space') {
        this.out += ' ';
        this.col++;
      }
    }
    this.out += t.text;
    const nl = t.text.lastIndexOf('\n');
    this.col = nl < 0 ? this.col + t.text.length : t.text.length - nl - 1;
    this.last = i;
  }

  /** Statements separated by top-level semicolons. */
  statements(nodes: readonly Node[], indent: number, sep: Sep): void {
    let from = 0;
    for (let k = 0; k <= nodes.length; k++) {
      const n = nodes[k];
      if (n !== undefined && !(n.kind === 'leaf' && this.tokens[n.token]!.kind === ';')) continue;
      if (k > from) this.statement(nodes.slice(from, k), indent, sep);
      if (n) this.put((n as Leaf).token, 'none', indent);
      sep = 'break';
      from = k + 1;
    }
  }

  private statement(nodes: readonly Node[], indent: number, sep: Sep): void {
    splitClauses(nodes, this.tokens).forEach((clause, k) => {
      const first = k === 0 ? sep : 'break';
      if (clause.keyword.length === 0) return this.expression(clause.body, indent, first, false);
      clause.keyword.forEach((leaf, j) => this.put(leaf.token, j === 0 ? first : 'space', indent));
      if (clause.body.length === 0) return;
      if (clause.kind === 'setop') return this.expression(clause.body, indent, 'break', false);
      if (clause.kind === 'list') return this.list(clause.body, indent + STEP);
      this.expression(clause.body, indent + STEP, 'break', clause.kind === 'condition');
    });
  }

  /** One item per line at `indent`, each followed by its comma. */
  private list(nodes: readonly Node[], indent: number): void {
    for (const item of splitCommas(nodes, this.tokens)) {
      if (item.nodes.length) this.expression(item.nodes, indent, 'break', false);
      if (item.comma) this.put(item.comma.token, 'none', indent);
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
    const breakLogic = logic && this.colAfter(sep, indent) + flatWidth(nodes, this.tokens) > WIDTH;
    let between = false;
    for (let k = 0; k < nodes.length; k++) {
      const n = nodes[k]!;
      let s = k === 0 ? sep : inlineSep(nodes[k - 1]!, n, this.tokens);
      const w = wordOf(n);
      if (breakLogic && (w === 'AND' || w === 'OR')) {
        if (between && w === 'AND') between = false;
        else s = 'break';
      }
      if (w === 'BETWEEN') between = true;
      if (w === 'CASE') {
        const end = caseEnd(nodes, k);
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
    const fits = this.colAfter(sep, indent) + flatWidth(nodes, this.tokens) <= WIDTH;
    this.put((nodes[0] as Leaf).token, sep, indent);
    const inner = nodes.slice(1, -1);
    let from = 0;
    let depth = 0; // a nested CASE's WHENs are its own
    for (let k = 0; k <= inner.length; k++) {
      const w = wordOf(inner[k]);
      if (k < inner.length && (k === from || depth > 0 || (w !== 'WHEN' && w !== 'ELSE'))) {
        depth += w === 'CASE' ? 1 : w === 'END' ? -1 : 0;
        continue;
      }
      const part = inner.slice(from, k);
      // inner[from] follows nodes[from] (nodes[0] is the CASE).
      if (part.length) this.expression(part, indent + STEP, fits ? inlineSep(nodes[from]!, part[0]!, this.tokens) : 'break', false);
      from = k;
    }
    const end = nodes[nodes.length - 1]!;
    this.put((end as Leaf).token, fits ? inlineSep(nodes[nodes.length - 2]!, end, this.tokens) : 'break', indent);
  }

  private node(n: Node, indent: number, sep: Sep): void {
    if (n.kind === 'leaf') return this.put(n.token, sep, indent);
    if (n.query) {
      this.put(n.open, sep, indent);
      this.statements(n.children, indent + STEP, 'break');
      if (n.close !== undefined) this.put(n.close, 'break', indent);
      return;
    }
    if (this.colAfter(sep, indent) + n.width <= WIDTH) {
      this.put(n.open, sep, indent);
      if (n.children.length) this.expression(n.children, indent, 'none', false);
      if (n.close !== undefined) this.put(n.close, 'none', indent);
      return;
    }
    // Too long: one item per line. Only a parenthesis takes a line break after it and before its
    // closer (whitespace next to [ ] { } is left as it was), so a list or struct literal keeps
    // its first item beside the bracket and its closer beside the last.
    const paren = this.tokens[n.open]!.kind === '(';
    this.put(n.open, sep, indent);
    splitCommas(n.children, this.tokens).forEach((item, k) => {
      if (item.nodes.length) this.expression(item.nodes, indent + STEP, paren || k > 0 ? 'break' : 'none', true);
      if (item.comma) this.put(item.comma.token, 'none', indent + STEP);
    });
    if (n.close !== undefined) this.put(n.close, paren ? 'break' : 'none', indent);
  }
}
