// Check files: `checks/*.yaml|*.yml` beside the config, one table per file.
import type { IssueList } from './issues.js';
import { assignCheckNames } from './check-names.js';
import { checkSqlText } from './sql-text.js';
import { isRecord, loadCheckItem, type CheckContext, type FileContext, type LoadedItem } from './load-check-item.js';
import { listYamlFiles, type ProjectFile } from './project-files.js';
import { checkFileSchema, NAME_PATTERN } from './schema.js';
import { findCycle } from '../plan/dependencies.js';
import { readFilePartitionKeys, type DependencyRef } from './load-partition-keys.js';
import { resolveSelectors, type SelectableCheck } from './selectors.js';
import type { CheckSpec, SourcePos } from './types.js';
import { validateInto } from './validate.js';
import { YamlSource } from './yaml-source.js';

export type { CheckContext } from './load-check-item.js';

export interface LoadedChecks {
  /** Every check, files sorted by path, then in file order. */
  checks: CheckSpec[];
  /**
   * What is known of every check that could be identified, valid or not: used to validate suite
   * selectors without reporting "matches no check" because of an unrelated error.
   */
  refs: SelectableCheck[];
  /** Every check could be identified (so a selector matching none of `refs` really matches nothing). */
  complete: boolean;
}

export async function loadChecks(root: string, ctx: CheckContext, issues: IssueList): Promise<LoadedChecks> {
  const files = await listYamlFiles(root, 'checks', issues);
  issues.declare(...files.map((f) => f.file));
  const sources = await Promise.all(files.map((f) => YamlSource.read(f.absolute, f.file, issues)));
  const result: LoadedChecks = { checks: [], refs: [], complete: true };
  const namePos = new Map<CheckSpec, SourcePos>();
  const dependsOn = new Map<CheckSpec, DependencyRef[]>();
  files.forEach((f, i) => {
    const source = sources[i];
    if (!source) {
      result.complete = false;
      return;
    }
    for (const { check, pos, deps } of loadCheckFile(f, source, ctx, issues, result)) {
      result.checks.push(check);
      result.refs.push({ id: check.id, file: check.file, table: check.table, tags: check.tags });
      namePos.set(check, pos);
      if (deps.length > 0) dependsOn.set(check, deps);
    }
  });

  // Ids are unique in the project; the second of two is the one reported.
  const seen = new Map<string, SourcePos>();
  for (const check of result.checks) {
    const first = seen.get(check.id);
    if (first) {
      issues.add(
        namePos.get(check)!,
        `duplicate check id "${check.id}" (first defined at ${first.file}:${first.line}:${first.column}); give one of them another name`,
      );
    } else seen.set(check.id, check.pos);
  }
  if (result.complete) resolveDependencies(result.checks, dependsOn, result.refs, issues);
  return result;
}

/** depends_on selectors → check ids; a selector matching nothing, or a cycle, is an error. */
function resolveDependencies(
  checks: CheckSpec[],
  dependsOn: Map<CheckSpec, DependencyRef[]>,
  refs: SelectableCheck[],
  issues: IssueList,
): void {
  for (const [check, deps] of dependsOn) {
    const resolved = resolveSelectors(deps.map((d) => d.selector), refs);
    for (const problem of resolved.problems) issues.add(deps[problem.index]!.pos, `depends_on: ${problem.message}`);
    resolved.ids.delete(check.id);
    check.dependsOn = [...resolved.ids];
  }
  const cycle = findCycle(checks);
  if (cycle) {
    const first = checks.find((c) => c.id === cycle[0])!;
    issues.add(first.pos, `depends_on forms a cycle: ${cycle.join(' → ')}; upstream checks cannot wait for each other`);
  }
}

/** The checks of one file, each with where its name is written (for duplicate-id messages). */
function loadCheckFile(
  f: ProjectFile,
  source: YamlSource,
  ctx: CheckContext,
  issues: IssueList,
  out: LoadedChecks,
): { check: CheckSpec; pos: SourcePos; deps: DependencyRef[] }[] {
  const raw = source.value;
  if (!new RegExp(NAME_PATTERN).test(f.stem)) {
    issues.add(
      { file: f.file, line: 0, column: 0 },
      `check file name "${f.stem}" cannot be used in check ids (<file stem>.<name>); rename it using letters, digits, _ and -`,
    );
  }
  if (!isRecord(raw)) {
    issues.add(source.pos([]), 'expected a mapping with table: and checks: (a list of checks)');
    out.complete = false;
    return [];
  }
  const before = issues.size;
  validateInto(checkFileSchema(ctx.types, 'load'), raw, { source, toYaml: (p) => p }, issues);
  const fileOk = issues.size === before;
  if (!fileOk) out.complete = false; // table or tags may be wrong: selectors cannot be trusted

  const file: FileContext = {
    file: f.file,
    table: typeof raw.table === 'string' ? raw.table : '',
    fileTags: Array.isArray(raw.tags) ? [...new Set(raw.tags.filter((t): t is string => typeof t === 'string'))] : [],
    partitionKeys: readFilePartitionKeys(raw, source, issues, ctx),
  };
  if (typeof raw.samples === 'number') file.samples = raw.samples;
  if (Array.isArray(raw.key)) file.rowKey = raw.key.filter((k): k is string => typeof k === 'string');
  if (typeof raw.where === 'string') {
    file.fileWhere = raw.where;
    checkSqlText(raw.where, 'expression', 'where', ['where'], source, ctx, issues);
  }
  const items = Array.isArray(raw.checks) ? raw.checks : [];
  const loaded: LoadedItem[] = [];
  items.forEach((item, index) => {
    const result = loadCheckItem(source, index, item, file, ctx, issues);
    if (result) loaded.push(result);
    else out.complete = false;
  });
  const names = assignCheckNames(loaded.map((l) => ({ explicit: l.explicitName, base: l.baseName })));
  return loaded.map((l, i) => {
    const name = names[i]!;
    return { check: { id: `${f.stem}.${name}`, name, ...l.spec }, pos: l.namePos, deps: l.dependsOn };
  });
}
