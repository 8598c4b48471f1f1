// One item of a check file's `checks:` list: its one type key, common keys, arguments
// (shorthand expanded, defaults merged, validated, thresholds converted), warn overrides, templates.
import type { CheckType, JsonSchema } from '../checks/types.js';
import { baseCheckName } from './check-names.js';
import type { IssueList } from './issues.js';
import { readHistoryThresholds } from './history-thresholds.js';
import { readCheckPartitionKeys, type DependencyRef, type PartitionKeys } from './load-partition-keys.js';
import { argNames, argsSchema, COMMON_CHECK_KEYS, commonCheckProperties, NAME_PATTERN, warnSchema } from './schema.js';
import { closest, listOf } from './suggest.js';
import { checkSqlText } from './sql-text.js';
import type { TemplateScope } from './templates.js';
import { thresholdProblems } from './threshold-consistency.js';
import { convertArg, withinDeclaredRange } from './thresholds.js';
import type { CheckSpec, Severity, SourcePos } from './types.js';
import { validateInto } from './validate.js';
import { pathLabel, type Path, type YamlSource } from './yaml-source.js';

export interface CheckContext {
  types: readonly CheckType[];
  /** Defined template variables; undefined when unknown (the config could not be read). */
  varNames?: ReadonlySet<string>;
  /** The dialects of the project's targets: templates must compile for each. */
  dialects?: TemplateScope['dialects'];
}

/** What a check file says for all its checks. */
export interface FileContext {
  file: string;
  table: string;
  fileWhere?: string;
  fileTags: string[];
  partitionKeys: PartitionKeys;
  /** The file's `samples:` and `key:`. */
  samples?: number;
  rowKey?: string[];
}

export interface LoadedItem {
  /** Everything of the CheckSpec but its name and id, which depend on the other checks of the file. */
  spec: Omit<CheckSpec, 'id' | 'name'>;
  explicitName?: string;
  baseName: string;
  /** Where a duplicate id is reported: the `name:` value, or the item. */
  namePos: SourcePos;
  /** depends_on selectors (file's and own), resolved once every file is loaded. */
  dependsOn: DependencyRef[];
}

const COMMON = new Set<string>(COMMON_CHECK_KEYS);
/** The keys every check item may have, whatever its type. */
export const commonSchema: JsonSchema = { type: 'object', properties: commonCheckProperties('load') };

interface TypeSchemas {
  args: JsonSchema;
  warn: JsonSchema;
  mainIsList: boolean;
}
const typeSchemas = new WeakMap<CheckType, TypeSchemas>();

export function schemasOf(type: CheckType): TypeSchemas {
  let schemas = typeSchemas.get(type);
  if (!schemas) {
    const main = type.mainArg ? (type.argsSchema.properties as Record<string, { type?: unknown }> | undefined)?.[type.mainArg] : undefined;
    schemas = { args: argsSchema(type, 'load'), warn: warnSchema(type, 'load'), mainIsList: main?.type === 'array' };
    typeSchemas.set(type, schemas);
  }
  return schemas;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Loads item `index`; undefined when it cannot even be identified (not a mapping, no or several type keys). */
export function loadCheckItem(
  source: YamlSource,
  index: number,
  item: unknown,
  file: FileContext,
  ctx: CheckContext,
  issues: IssueList,
): LoadedItem | undefined {
  const itemPath: Path = ['checks', index];
  const pos = source.pos(itemPath);
  const typeNames = ctx.types.map((t) => t.type);
  if (!isRecord(item)) {
    issues.add(pos, `checks[${index}]: expected a mapping with one check type key (${listOf(typeNames)}), e.g. "- row_count: {}"`);
    return undefined;
  }
  // Later checks only run when this item has no problem of its own so far.
  const before = issues.size;

  // The type key: exactly one key naming a registered type.
  const keys = Object.keys(item);
  const typeKeys = keys.filter((k) => typeNames.includes(k));
  let typeProblemReported = false;
  for (const key of keys.filter((k) => !typeNames.includes(k) && !COMMON.has(k))) {
    const hint = closest(key, [...typeNames, ...COMMON]);
    if (typeKeys.length === 0 && !(hint !== undefined && COMMON.has(hint))) {
      typeProblemReported = true;
      issues.add(
        source.keyPos([...itemPath, key]),
        `unknown check type "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; known types: ${listOf(typeNames)}`,
      );
    } else {
      issues.add(
        source.keyPos([...itemPath, key]),
        `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; a check has one type key` +
          `${typeKeys.length === 1 ? ` (here ${typeKeys[0]})` : ''} and may have ${[...COMMON].join(', ')}`,
      );
    }
  }
  if (typeKeys.length === 0 && !typeProblemReported) {
    issues.add(pos, `check has no type key; add one of: ${listOf(typeNames)}`);
  }
  if (typeKeys.length > 1) {
    issues.add(
      source.keyPos([...itemPath, typeKeys[1]!]),
      `check has ${typeKeys.length} type keys (${typeKeys.join(', ')}); write one check per list item`,
    );
  }
  validateInto(commonSchema, item, { source, toYaml: (p) => [...itemPath, ...p] }, issues);
  if (typeKeys.length !== 1) return undefined;
  const type = ctx.types.find((t) => t.type === typeKeys[0])!;
  const schemas = schemasOf(type);

  // Arguments: the object form, nothing, or the shorthand for mainArg.
  const raw = item[type.type];
  let args: Record<string, unknown> = {};
  let shorthand: 'no' | 'value' | 'wrapped' = 'no';
  if (isRecord(raw)) args = { ...raw };
  else if (raw !== null && raw !== undefined) {
    if (type.mainArg) {
      const wrap = schemas.mainIsList && !Array.isArray(raw);
      args = { [type.mainArg]: wrap ? [raw] : raw };
      shorthand = wrap ? 'wrapped' : 'value';
    } else {
      issues.add(
        source.pos([...itemPath, type.type]),
        `${type.type}: expected a mapping of arguments (${listOf(argNames(type))}); ${type.type} has no shorthand value`,
      );
    }
  }
  const toYaml = (p: Path): Path => {
    const at: Path = [...itemPath, type.type];
    if (shorthand === 'no') return [...at, ...p];
    if (p[0] !== type.mainArg) return at;
    return [...at, ...p.slice(shorthand === 'wrapped' ? 2 : 1)];
  };
  for (const [key, value] of Object.entries(type.defaults)) if (!(key in args)) args[key] = structuredClone(value);
  const baseName = baseCheckName(type.type, args, type.nameArgs);
  validateInto(schemas.args, args, { source, toYaml, label: [type.type], noun: 'argument' }, issues);

  // SQL the type declares: templates and seal, before conversion (they live in strings).
  for (const [dotted, role] of Object.entries(type.sqlArgs ?? {})) {
    const path = dotted.split('.');
    const value = path.reduce<unknown>((at, key) => (isRecord(at) ? at[key] : undefined), args);
    if (typeof value === 'string') checkSqlText(value, role, pathLabel([type.type, ...path]), toYaml(path), source, ctx, issues);
  }

  const written = { ...args };
  const declared = (isRecord(type.argsSchema.properties) ? type.argsSchema.properties : {}) as Record<string, unknown>;
  for (const [key, kind] of Object.entries(type.argKinds)) {
    if (args[key] === undefined) continue;
    const converted = withinDeclaredRange(declared[key], convertArg(kind, args[key]));
    if (converted.ok) args[key] = converted.value;
    else issues.add(source.pos(toYaml([key])), `${type.type}.${key}: ${converted.message}`);
  }

  // warn: stricter thresholds, only the type's warnKeys.
  let warn: Record<string, unknown> | undefined;
  if (item.warn !== undefined) {
    if (type.warnKeys.length === 0) {
      issues.add(source.keyPos([...itemPath, 'warn']), `warn: ${type.type} has no thresholds that can warn; remove warn:`);
    } else if (isRecord(item.warn)) {
      const warnPath: Path = [...itemPath, 'warn'];
      warn = { ...item.warn };
      validateInto(schemas.warn, warn, { source, toYaml: (p) => [...warnPath, ...p], label: ['warn'] }, issues);
      for (const [key, value] of Object.entries(warn)) {
        const kind = type.argKinds[key];
        if (kind === undefined || !type.warnKeys.includes(key)) continue;
        const converted = withinDeclaredRange(declared[key], convertArg(kind, value));
        if (converted.ok) warn[key] = converted.value;
        else issues.add(source.pos([...warnPath, key]), `warn.${key}: ${converted.message}`);
      }
    }
  }

  // Thresholds that cannot work together (min above max, a warn looser than the fail threshold).
  if (issues.size === before) {
    const warnPath: Path = [...itemPath, 'warn'];
    for (const problem of thresholdProblems(type, args, warn, written, isRecord(item.warn) ? item.warn : {})) {
      const pos =
        problem.at === 'args'
          ? source.pos(toYaml(problem.key ? [problem.key] : []))
          : problem.key
            ? source.pos([...warnPath, problem.key])
            : source.keyPos(warnPath);
      issues.add(pos, problem.message);
    }
  }

  const where = typeof item.where === 'string' ? item.where : undefined;
  if (where !== undefined) checkSqlText(where, 'expression', 'where', [...itemPath, 'where'], source, ctx, issues);

  const partitionKeys = readCheckPartitionKeys(item, itemPath, type, file.partitionKeys, source, issues, ctx);

  const ownTags = Array.isArray(item.tags) ? item.tags.filter((t): t is string => typeof t === 'string') : [];
  const explicitName = typeof item.name === 'string' && new RegExp(NAME_PATTERN).test(item.name) ? item.name : undefined;
  const spec: Omit<CheckSpec, 'id' | 'name'> = {
    file: file.file,
    table: file.table,
    type: type.type,
    args,
    tags: [...new Set([...file.fileTags, ...ownTags])],
    severity: (item.severity === 'warn' ? 'warn' : 'error') satisfies Severity,
    minRows: typeof item.min_rows === 'number' ? item.min_rows : 1,
    pos,
  };
  if (file.fileWhere !== undefined) spec.fileWhere = file.fileWhere;
  if (where !== undefined) spec.where = where;
  if (warn !== undefined) spec.warn = warn;
  if (typeof item.description === 'string') spec.description = item.description;
  if (partitionKeys.partition) spec.partition = partitionKeys.partition;
  if (partitionKeys.groupBy) spec.groupBy = partitionKeys.groupBy;
  if (partitionKeys.segments) spec.segments = partitionKeys.segments;
  if (partitionKeys.window) spec.window = partitionKeys.window;
  if (partitionKeys.expectedPartitions) spec.expectedPartitions = partitionKeys.expectedPartitions;
  const samples = typeof item.samples === 'number' ? item.samples : file.samples;
  if (samples !== undefined) spec.samples = samples;
  const rowKey = Array.isArray(item.key) ? item.key.filter((k): k is string => typeof k === 'string') : file.rowKey;
  if (rowKey !== undefined) spec.rowKey = rowKey;
  const overTime = readHistoryThresholds(item, itemPath, source, issues);
  if (overTime.change) spec.change = overTime.change;
  if (overTime.anomaly) spec.anomaly = overTime.anomaly;
  // A window the check cannot apply to everything it reads (reconcile's expected side) would
  // report every partition outside it; a --from/--to range is refused the same way at run time.
  const scopeProblem = spec.window && issues.size === before ? type.partitionScopeProblem?.(spec) : undefined;
  if (scopeProblem) issues.add(source.keyPos([...itemPath, 'window']), `window: limits this check to recent partitions, but ${scopeProblem}`);
  const loaded: LoadedItem = {
    spec,
    baseName,
    namePos: explicitName !== undefined ? source.pos([...itemPath, 'name']) : pos,
    dependsOn: partitionKeys.dependsOn,
  };
  if (explicitName !== undefined) loaded.explicitName = explicitName;
  return loaded;
}

