// Which checks a run covers: a suite, --select and --exclude.
//   suite only            → the suite's select (all checks when it has none), minus its exclude
//   --select only         → the checks any --select selector matches
//   suite and --select    → the suite's selection narrowed to what --select matches (intersection)
//   neither               → all checks
// Then the suite's exclude and every --exclude are removed. Project order is kept.
// Last, the upstream checks (depends_on) of what is left are added, except the excluded ones: an
// explicit exclude wins, and the checks depending on an excluded one run without it (marked).
// This is what `dq list`, `dq compile` and `dq run` work on, so they always agree.
import { commandLineIssue, ConfigError, type ConfigIssue } from '../config/errors.js';
import { noMatchMessage, parseSelector, type SelectableCheck } from '../config/selectors.js';
import { didYouMean } from '../config/suggest.js';
import type { CheckSpec, FailOn, Project, SuiteSpec } from '../config/types.js';
import { upstreamNotRun, withUpstream } from './dependencies.js';

export interface Selection {
  suite?: string;
  select?: string[];
  exclude?: string[];
}

export interface SelectedChecks {
  /** What a run runs: the selection and its upstream checks, in project order. */
  checks: CheckSpec[];
  /** Ids in `checks` that were not selected: upstream checks added for the selection. */
  upstream: Set<string>;
  /** Ids the suite's exclude or --exclude removed; run() never adds them back as upstream checks. */
  excluded: string[];
  /** Upstream checks not run because they were excluded: id → the checks in the run needing it. */
  upstreamNotRun: Map<string, string[]>;
  /** The suite's fail_on; undefined without a suite (the caller's default applies). */
  failOn: FailOn | undefined;
  suite: SuiteSpec | undefined;
}

/**
 * Throws ConfigError (command-line issues, or issues located in the suite file) for an unknown
 * suite, a malformed selector, a selector matching no check, or a selection that leaves no check.
 */
export function selectChecks(project: Project, selection: Selection): SelectedChecks {
  const issues: ConfigIssue[] = [];
  const checks = project.checks;
  let suite: SuiteSpec | undefined;
  if (selection.suite !== undefined) {
    suite = Object.hasOwn(project.suites, selection.suite) ? project.suites[selection.suite] : undefined;
    if (!suite) {
      const names = Object.keys(project.suites).sort();
      issues.push(
        commandLineIssue(
          `unknown suite "${selection.suite}"${didYouMean(selection.suite, names)}; ` +
            (names.length > 0 ? `available suites: ${names.join(', ')}` : 'the project has no suites (add suites/<name>.yaml)'),
        ),
      );
    }
  }

  const match = (texts: readonly string[], problem: (message: string) => ConfigIssue): Set<string> => {
    const ids = new Set<string>();
    for (const text of texts) {
      const selector = parseSelector(text);
      if (typeof selector === 'string') {
        issues.push(problem(selector));
        continue;
      }
      const matched = checks.filter((c) => selector.matches(c));
      if (matched.length === 0) issues.push(problem(noMatchMessage(selector, checks as readonly SelectableCheck[])));
      for (const c of matched) ids.add(c.id);
    }
    return ids;
  };
  const inSuite = (message: string): ConfigIssue => ({ ...suite!.pos, message: `suite ${suite!.name}: ${message}` });

  const suiteSelect = suite && suite.select.length > 0 ? match(suite.select, inSuite) : undefined;
  const suiteExclude = suite ? match(suite.exclude, inSuite) : new Set<string>();
  const cliSelect = selection.select?.length ? match(selection.select, (m) => commandLineIssue(`--select: ${m}`)) : undefined;
  const cliExclude = match(selection.exclude ?? [], (m) => commandLineIssue(`--exclude: ${m}`));
  if (issues.length > 0) throw new ConfigError(issues);

  const selected = checks.filter(
    (c) =>
      (suiteSelect === undefined || suiteSelect.has(c.id)) &&
      (cliSelect === undefined || cliSelect.has(c.id)) &&
      !suiteExclude.has(c.id) &&
      !cliExclude.has(c.id),
  );
  const narrowed = suite !== undefined || cliSelect !== undefined || cliExclude.size > 0;
  if (selected.length === 0 && narrowed && checks.length > 0) {
    const parts = [
      suite ? `suite ${suite.name}` : '',
      selection.select?.length ? `--select ${selection.select.join(' ')}` : '',
      selection.exclude?.length ? `--exclude ${selection.exclude.join(' ')}` : '',
    ].filter(Boolean);
    throw new ConfigError([commandLineIssue(`no check is left to run after ${parts.join(', ')}`)]);
  }
  const excluded = new Set([...suiteExclude, ...cliExclude]);
  const withUp = withUpstream(selected, checks, excluded);
  const chosen = new Set(selected.map((c) => c.id));
  return {
    checks: withUp,
    upstream: new Set(withUp.filter((c) => !chosen.has(c.id)).map((c) => c.id)),
    excluded: [...excluded],
    upstreamNotRun: upstreamNotRun(withUp),
    failOn: suite?.failOn,
    suite,
  };
}
