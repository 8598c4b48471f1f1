// Reading the partition keys of check files and check items: partition, group_by, window,
// expected_partitions, depends_on. Their shapes are validated by the schema; this file checks
// how they fit together and converts them for CheckSpec.
import type { CheckType } from '../checks/types.js';
import type { IssueList } from './issues.js';
import { WINDOW_DAYS_PATTERN } from './partition-schema.js';
import { checkSqlText } from './sql-text.js';
import type { TemplateScope } from './templates.js';
import { GRAINS, type ExpectedPartitions, type Grain, type PartitionWindow, type Segment, type SourcePos } from './types.js';
import type { Path, YamlSource } from './yaml-source.js';

/** A depends_on selector as written, resolved to check ids once every file is loaded. */
export interface DependencyRef {
  selector: string;
  pos: SourcePos;
}

export interface PartitionKeys {
  partition?: string;
  groupBy?: string[];
  segments?: Record<string, Segment>;
  window?: PartitionWindow;
  expectedPartitions?: ExpectedPartitions;
  dependsOn: DependencyRef[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asList = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((s): s is string => typeof s === 'string');

function readExpected(value: unknown, path: Path, source: YamlSource, issues: IssueList, scope: TemplateScope) {
  if (!isRecord(value)) return undefined;
  if (value.calendar === 'daily') return { calendar: 'daily' } as const;
  if (typeof value.table !== 'string' || typeof value.column !== 'string') return undefined;
  const expected: ExpectedPartitions = { table: value.table, column: value.column };
  if (typeof value.where === 'string') {
    expected.where = value.where;
    checkSqlText(value.where, 'expression', 'expected_partitions.where', [...path, 'where'], source, scope, issues);
  }
  return expected;
}

function readDeps(value: unknown, path: Path, source: YamlSource): DependencyRef[] {
  if (typeof value === 'string') return [{ selector: value, pos: source.pos(path) }];
  return asList(value).map((selector, i) => ({ selector, pos: source.pos([...path, i]) }));
}

/** The file-level keys: partition, expected_partitions, depends_on. */
export function readFilePartitionKeys(
  raw: Record<string, unknown>,
  source: YamlSource,
  issues: IssueList,
  scope: TemplateScope = {},
): PartitionKeys {
  const keys: PartitionKeys = { dependsOn: readDeps(raw.depends_on, ['depends_on'], source) };
  if (typeof raw.partition === 'string') keys.partition = raw.partition;
  const expected = readExpected(raw.expected_partitions, ['expected_partitions'], source, issues, scope);
  if (expected) {
    keys.expectedPartitions = expected;
    if (!keys.partition) issues.add(source.keyPos(['expected_partitions']), 'expected_partitions: needs partition: (the date column) in this file');
  }
  return keys;
}

/**
 * `group_by` as a mapping: name → a sealed SQL expression, or { column, grain } (the column
 * defaulting to the file's partition). The shapes are the schema's; this reads and seals them.
 */
function readSegments(
  value: Record<string, unknown>,
  path: Path,
  partition: string | undefined,
  source: YamlSource,
  issues: IssueList,
  scope: TemplateScope,
): Record<string, Segment> {
  const segments: Record<string, Segment> = {};
  for (const [name, def] of Object.entries(value)) {
    if (name === partition) {
      // The partition's name means the day column (expected partitions, failing partitions).
      issues.add(source.keyPos([...path, name]), `group_by.${name}: ${name} is the partition column; give the segment a name of its own (e.g. ${name}_${isRecord(def) && typeof def.grain === 'string' ? def.grain : 'segment'})`);
    } else if (typeof def === 'string') {
      checkSqlText(def, 'expression', `group_by.${name}`, [...path, name], source, scope, issues);
      segments[name] = { expression: def };
    } else if (isRecord(def) && GRAINS.includes(def.grain as Grain)) {
      const column = typeof def.column === 'string' ? def.column : partition;
      if (column === undefined) issues.add(source.keyPos([...path, name]), `group_by.${name}: name the date column (column: ...), or declare partition: at the top of the file`);
      else segments[name] = { column, grain: def.grain as Grain };
    }
  }
  return segments;
}

/** A check's own keys, on top of its file's. */
export function readCheckPartitionKeys(
  item: Record<string, unknown>,
  itemPath: Path,
  type: CheckType,
  file: PartitionKeys,
  source: YamlSource,
  issues: IssueList,
  scope: TemplateScope = {},
): PartitionKeys {
  const at = (key: string) => source.keyPos([...itemPath, key]);
  const keys: PartitionKeys = {
    dependsOn: [...file.dependsOn, ...readDeps(item.depends_on, [...itemPath, 'depends_on'], source)],
  };
  if (file.partition) keys.partition = file.partition;

  const segments = isRecord(item.group_by)
    ? readSegments(item.group_by, [...itemPath, 'group_by'], keys.partition, source, issues, scope)
    : undefined;
  const groupBy = segments ? Object.keys(segments) : asList(item.group_by);
  if (groupBy.length > 0) {
    if (type.kind === 'aggregate') {
      keys.groupBy = groupBy;
      if (segments) keys.segments = segments;
    } else issues.add(at('group_by'), `group_by: ${type.type} groups by itself; group_by applies to aggregate checks (row_count, not_null, coverage, ...)`);
  }

  if (typeof item.window === 'string') {
    const days = new RegExp(WINDOW_DAYS_PATTERN).exec(item.window.trim());
    if (days) keys.window = { days: Number(days[1]) };
  } else if (isRecord(item.window) && typeof item.window.last === 'number') {
    keys.window = { last: item.window.last };
  }
  if (keys.window && !keys.partition) issues.add(at('window'), 'window: needs partition: (the date column) at the top of the file');

  const own = readExpected(item.expected_partitions, [...itemPath, 'expected_partitions'], source, issues, scope);
  if (own) {
    if (!keys.partition) issues.add(at('expected_partitions'), 'expected_partitions: needs partition: (the date column) at the top of the file');
    else if (!keys.groupBy?.includes(keys.partition)) {
      issues.add(at('expected_partitions'), `expected_partitions: applies per partition; add group_by: ${keys.partition}`);
    }
  }
  const expected = own ?? file.expectedPartitions;
  if (expected) keys.expectedPartitions = expected;
  return keys;
}
