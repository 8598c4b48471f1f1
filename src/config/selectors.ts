// Selectors pick checks for suites and --select / --exclude:
//   an id (`player_game_summary.usage_rate_coverage`), a glob on ids (`player_game_summary.*`;
//   `*` matches any characters, dots included), `tag:NAME`, `table:dataset.table`, `file:NAME`
//   (check file stem, or its path `checks/x.yaml`). tag/table/file values may be globs too.
import picomatch from 'picomatch';
import { closest } from './suggest.js';

/** What selectors look at: a CheckSpec, or what the loader knows of a check it could not fully load. */
export interface SelectableCheck {
  id: string;
  /** Path relative to the project root, e.g. `checks/player_game_summary.yaml`. */
  file: string;
  table: string;
  tags: readonly string[];
}

export type SelectorKind = 'id' | 'glob' | 'tag' | 'table' | 'file';

export interface Selector {
  text: string;
  kind: SelectorKind;
  value: string;
  matches(check: SelectableCheck): boolean;
}

const PREFIXES = ['tag', 'table', 'file'] as const;

export function fileStem(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.replace(/\.ya?ml$/i, '');
}

function valueMatcher(value: string): (candidate: string) => boolean {
  if (picomatch.scan(value).isGlob) {
    const isMatch = picomatch(value, { dot: true });
    return (candidate) => isMatch(candidate);
  }
  return (candidate) => candidate === value;
}

/** Parses a selector; a string result is what is wrong with it. */
export function parseSelector(raw: string): Selector | string {
  const text = raw.trim();
  if (text === '') return 'empty selector';
  const colon = text.indexOf(':');
  if (colon !== -1) {
    const prefix = text.slice(0, colon);
    const value = text.slice(colon + 1).trim();
    if (!(PREFIXES as readonly string[]).includes(prefix)) {
      const hint = closest(prefix, PREFIXES);
      return `unknown selector kind "${prefix}:" in "${text}"${hint ? ` (did you mean "${hint}:"?)` : ''}; use a check id, a glob on ids, tag:NAME, table:NAME or file:NAME`;
    }
    if (value === '') return `selector "${text}" needs a value after "${prefix}:"`;
    const match = valueMatcher(value);
    switch (prefix as (typeof PREFIXES)[number]) {
      case 'tag':
        return { text, kind: 'tag', value, matches: (c) => c.tags.some(match) };
      case 'table':
        return { text, kind: 'table', value, matches: (c) => match(c.table) };
      case 'file':
        return { text, kind: 'file', value, matches: (c) => match(fileStem(c.file)) || match(c.file) };
    }
  }
  if (picomatch.scan(text).isGlob) {
    const match = valueMatcher(text);
    return { text, kind: 'glob', value: text, matches: (c) => match(c.id) };
  }
  return { text, kind: 'id', value: text, matches: (c) => c.id === text };
}

/** Why a selector selects nothing, with a hint at what the writer may have meant. */
export function noMatchMessage(selector: Selector, checks: readonly SelectableCheck[]): string {
  const base = `unknown selector "${selector.text}" matches no check`;
  const hintFrom = (names: Iterable<string>, prefix = '') => {
    const hint = closest(selector.value, new Set(names));
    return hint === undefined ? '' : ` (did you mean "${prefix}${hint}"?)`;
  };
  switch (selector.kind) {
    case 'id':
    case 'glob':
      return base + hintFrom(checks.map((c) => c.id));
    case 'tag': {
      const tags = [...new Set(checks.flatMap((c) => c.tags))].sort();
      return `${base}${hintFrom(tags, 'tag:')}; tags in use: ${tags.length > 0 ? tags.join(', ') : '(none)'}`;
    }
    case 'table':
      return base + hintFrom(checks.map((c) => c.table), 'table:');
    case 'file':
      return base + hintFrom(checks.map((c) => fileStem(c.file)), 'file:');
  }
}

export interface Resolved {
  /** Ids of the checks the selectors match together. */
  ids: Set<string>;
  /** Problems by index of the selector in the list. */
  problems: { index: number; message: string }[];
}

/** Resolves a list of selectors against checks (a union); selectors that are malformed or match nothing are problems. */
export function resolveSelectors(texts: readonly string[], checks: readonly SelectableCheck[]): Resolved {
  const ids = new Set<string>();
  const problems: Resolved['problems'] = [];
  texts.forEach((text, index) => {
    const selector = parseSelector(text);
    if (typeof selector === 'string') {
      problems.push({ index, message: selector });
      return;
    }
    let matched = false;
    for (const check of checks) {
      if (selector.matches(check)) {
        ids.add(check.id);
        matched = true;
      }
    }
    if (!matched) problems.push({ index, message: noMatchMessage(selector, checks) });
  });
  return { ids, problems };
}
