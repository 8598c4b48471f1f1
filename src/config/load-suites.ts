// Suites: `suites/<name>.yaml|yml`, a named selection of checks with its own fail_on.
import type { IssueList } from './issues.js';
import { isRecord } from './load-check-item.js';
import { listYamlFiles } from './project-files.js';
import { NAME_PATTERN, suiteSchema } from './schema.js';
import { noMatchMessage, parseSelector, type SelectableCheck } from './selectors.js';
import type { SuiteSpec } from './types.js';
import { validateInto } from './validate.js';
import { YamlSource, type Path } from './yaml-source.js';

/**
 * Loads every suite. Selectors are checked against `checks`; "matches no check" is only reported
 * when `complete` (every check could be identified), so one error does not cause others.
 */
export async function loadSuites(
  root: string,
  checks: readonly SelectableCheck[],
  complete: boolean,
  issues: IssueList,
): Promise<Record<string, SuiteSpec>> {
  const files = await listYamlFiles(root, 'suites', issues);
  issues.declare(...files.map((f) => f.file));
  const sources = await Promise.all(files.map((f) => YamlSource.read(f.absolute, f.file, issues)));
  const suites: Record<string, SuiteSpec> = {};
  files.forEach((f, i) => {
    const source = sources[i];
    const fileLevel = { file: f.file, line: 0, column: 0 };
    if (!new RegExp(NAME_PATTERN).test(f.stem)) {
      issues.add(fileLevel, `suite name "${f.stem}" is not valid; rename the file using letters, digits, _ and -`);
    }
    if (Object.hasOwn(suites, f.stem)) {
      issues.add(fileLevel, `duplicate suite "${f.stem}" (also defined in ${suites[f.stem]!.file}); keep one of the files`);
    }
    if (!source) return;
    const raw = source.value ?? {}; // an empty file: all checks, fail_on error
    if (!isRecord(raw)) {
      issues.add(source.pos([]), 'expected a mapping with select:, exclude:, fail_on:, block: or description:');
      return;
    }
    validateInto(suiteSchema('load'), raw, { source, toYaml: (p) => p }, issues);
    const lists = { select: selectorList(raw.select), exclude: selectorList(raw.exclude) };
    for (const key of ['select', 'exclude'] as const) {
      lists[key].forEach((text, index) => {
        const at: Path = Array.isArray(raw[key]) ? [key, index] : [key];
        const selector = parseSelector(text);
        if (typeof selector === 'string') issues.add(source.pos(at), `${key}: ${selector}`);
        else if (complete && !checks.some((c) => selector.matches(c))) {
          issues.add(source.pos(at), `${key}: ${noMatchMessage(selector, checks)}`);
        }
      });
    }
    if (Object.hasOwn(suites, f.stem)) return;
    const suite: SuiteSpec = {
      name: f.stem,
      file: f.file,
      select: lists.select,
      exclude: lists.exclude,
      failOn: raw.fail_on === 'warn' ? 'warn' : 'error',
      block: raw.block !== false,
      pos: source.pos([]),
    };
    if (typeof raw.description === 'string') suite.description = raw.description;
    suites[f.stem] = suite;
  });
  return suites;
}

function selectorList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
