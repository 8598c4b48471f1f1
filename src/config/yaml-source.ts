// A parsed YAML file that remembers where every value came from: JS values for validation,
// and paths (`['checks', 0, 'coverage', 'min']`) mapped back to 1-based line:column.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, Scalar, visit, type Document, type Node } from 'yaml';
import type { IssueList } from './issues.js';
import type { SourcePos } from './types.js';

/** A YAML file larger than this is refused before it is read: check files are text, not data. */
export const MAX_YAML_BYTES = 10 * 1024 * 1024;

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

interface Found {
  /** Deepest node reached along the path (the document's root when nothing matched). */
  node: Node | null;
  /** Key node of the last pair walked through, when the deepest node is a pair's value. */
  key: Node | null;
  /** Whether the whole path was found. */
  exact: boolean;
}

export class YamlSource {
  private constructor(
    /** Path relative to the project root, with `/` separators. */
    readonly file: string,
    readonly text: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    /** The document as plain JS values. */
    readonly value: unknown,
  ) {}

  /** Parses `text`; YAML syntax errors are added to `issues` (with the parser's own positions) and give undefined. */
  static parse(file: string, text: string, issues: IssueList): YamlSource | undefined {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true });
    const at = (offset: number): SourcePos => {
      const { line, col } = lines.linePos(offset);
      return { file, line, column: col };
    };
    if (doc.errors.length > 0) {
      for (const error of doc.errors) issues.add(at(error.pos[0]), `invalid YAML: ${firstLine(error.message)}`);
      return undefined;
    }
    // `.nan`, `.inf`, `1e999`: no threshold or value can be compared with them or written as SQL.
    visit(doc, {
      Scalar(_, node) {
        if (typeof node.value === 'number' && !Number.isFinite(node.value) && node.range) {
          const written = text.slice(node.range[0], node.range[1]).trim();
          issues.add(at(node.range[0]), `${written} is not a finite number; dq compares and writes only finite numbers`);
        }
      },
    });
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      issues.add(at(0), `invalid YAML: ${(error as Error).message}`);
      return undefined;
    }
    return new YamlSource(file, text, doc, lines, value);
  }

  /**
   * Reads and parses a file; a read failure, a file that is not a regular file or one over
   * MAX_YAML_BYTES is an issue at line 0. Opened non-blocking, so a FIFO in checks/ is refused as
   * not a regular file instead of waiting for a writer.
   */
  static async read(absolutePath: string, file: string, issues: IssueList): Promise<YamlSource | undefined> {
    let text: string;
    try {
      const handle = await open(absolutePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      try {
        const stats = await handle.stat();
        if (!stats.isFile()) {
          issues.add({ file, line: 0, column: 0 }, 'not a regular file');
          return undefined;
        }
        if (stats.size > MAX_YAML_BYTES) {
          const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
          issues.add({ file, line: 0, column: 0 }, `file is ${mb(stats.size)}, over the limit of ${mb(MAX_YAML_BYTES)} for a YAML file; split it`);
          return undefined;
        }
        text = await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (error) {
      issues.add({ file, line: 0, column: 0 }, `cannot read file: ${(error as Error).message}`);
      return undefined;
    }
    return YamlSource.parse(file, text, issues);
  }

  offsetPos(offset: number): SourcePos {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  private nodePos(node: Node | null): SourcePos {
    const start = node?.range?.[0];
    return start === undefined ? { file: this.file, line: 1, column: 1 } : this.offsetPos(start);
  }

  private resolve(node: unknown): Node | null {
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return (node as Node | null) ?? null;
  }

  /** Walks `path` as far as it goes. */
  find(path: Path): Found {
    let node = this.resolve(this.doc.contents);
    let key: Node | null = null;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => keyString(p.key) === String(segment));
        if (!pair) return { node, key, exact: false };
        key = (pair.key as Node | null) ?? null;
        const value = this.resolve(pair.value);
        // `key:` with no value: the key is the best place to point at.
        const empty = !value?.range || (isScalar(value) && value.value === null && value.range[0] === value.range[1]);
        node = empty ? key : value;
        if (node === key) return { node, key, exact: true };
      } else if (isSeq(node)) {
        const index = typeof segment === 'number' ? segment : Number(segment);
        const item = Number.isInteger(index) ? this.resolve(node.items[index]) : null;
        if (!item) return { node, key, exact: false };
        node = item;
        key = null;
      } else {
        return { node, key, exact: false };
      }
    }
    return { node, key, exact: true };
  }

  /** Position of the value at `path` (or of the deepest part of it that exists). */
  pos(path: Path): SourcePos {
    return this.nodePos(this.find(path).node);
  }

  /** Position of the key of the entry at `path` (the value when there is no key, e.g. a list item). */
  keyPos(path: Path): SourcePos {
    const found = this.find(path);
    return this.nodePos(found.exact && found.key ? found.key : found.node);
  }

  /** The text the value at `path` is written as, when the whole path exists. */
  textAt(path: Path): string | undefined {
    const found = this.find(path);
    const range = found.exact ? found.node?.range : undefined;
    return range ? this.text.slice(range[0], range[1]) : undefined;
  }

  /** Whether `path` exists in the file (values taken from defaults do not). */
  has(path: Path): boolean {
    return this.find(path).exact;
  }

  /**
   * Position of character `index` of the string at `path`, when it is written on one line without
   * escapes; otherwise the string's start.
   */
  posInString(path: Path, index: number): SourcePos {
    const found = this.find(path);
    const node = found.node;
    if (!found.exact || !isScalar(node) || typeof node.value !== 'string' || !node.range) return this.nodePos(node);
    const written = this.text.slice(node.range[0], node.range[1]);
    const value = node.value;
    let contentStart: number | undefined;
    if (node.type === Scalar.PLAIN && written === value) contentStart = node.range[0];
    else if (node.type === Scalar.QUOTE_SINGLE && written === `'${value}'`) contentStart = node.range[0] + 1;
    else if (node.type === Scalar.QUOTE_DOUBLE && written === `"${value}"`) contentStart = node.range[0] + 1;
    return contentStart === undefined ? this.nodePos(node) : this.offsetPos(contentStart + index);
  }
}

function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** `coverage.min`, `checks[2].tags[0]`. */
export function pathLabel(path: Path): string {
  let label = '';
  for (const segment of path) {
    if (typeof segment === 'number' || /^\d+$/.test(segment)) label += `[${segment}]`;
    else label += label === '' ? segment : `.${segment}`;
  }
  return label;
}

/** Decodes an ajv/JSON Pointer instancePath into segments (array indexes become numbers). */
export function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}
