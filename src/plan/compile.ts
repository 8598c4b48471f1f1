// compile(): selected checks → the statements `run` would send, for one dialect. Needs no
// database (Kysely's compile-only path).
import { findCheckType } from '../checks/registry.js';
import type { CheckType, DayColumn, RenderContext } from '../checks/types.js';
import { ConfigError } from '../config/errors.js';
import type { CheckSpec, VarValue } from '../config/types.js';
import type { Dialect } from '../dialects/dialect.js';
import type { QueryParameter } from '../engines/engine.js';
import { planBatches, type PlannedCheck } from './batch.js';
import { assertGroupable, columnFamily, dayFamily, type TableCatalog } from './columns.js';
import { renderSegments } from './segments.js';
import { ParameterSet } from './params.js';
import { endBounds, expectedPartitionsSql, partitionPredicates, type PartitionRange, type ResolvedWindows } from './partitions.js';
import { mergeByTable, type QueryPart, type RenderedQuery } from './merge.js';
import { checkKey, renderBatch } from './render.js';
import { renderTemplate } from './templates.js';

export interface CompileOptions {
  dialect: Dialect;
  /** --as-of, `YYYY-MM-DD`. */
  asOf: string;
  vars: Record<string, VarValue>;
  /** BigQuery: the project of `dataset.table` names. */
  defaultProject?: string;
  /** --from/--to: limits every check on a table with `partition:` to that range. */
  range?: PartitionRange;
  /** First query number, so re-planned queries get fresh ids (default 1). */
  firstQueryNumber?: number;
  /** `window: { last: N }` partitions resolved before the run (windows.ts); others stay subqueries. */
  windows?: ResolvedWindows;
  /** The config's IANA time zone: the days of TIMESTAMP partition columns are days there (default UTC). */
  timeZone?: string;
  /**
   * Column types and partitioning of the tables the checks read (learned by the run before it
   * compiles, see run/tables.ts). Literals then follow their column's type and partition columns
   * are read by theirs; without them SQL is rendered as written (`dq compile`).
   */
  tables?: TableCatalog;
}

export interface PlannedQuery {
  id: string;
  kind: string;
  table: string;
  sql: string;
  /** Named parameters the SQL refers to (dialects with query parameters), once each. */
  params: QueryParameter[];
  /** The checks this query answers, with their key inside it (c1, c2, ...). */
  checks: { id: string; key: string }[];
  /** Aggregate queries: the group columns of each result row. */
  groupBy: string[];
  /** A table's batches sent as one statement (merge.ts): each batch's query, whose rows run/parts.ts splits back out. */
  parts?: QueryPart[];
}

export interface CompiledPlan {
  dialect: Dialect['name'];
  queries: PlannedQuery[];
}

export function checkTypeOf(check: CheckSpec): CheckType {
  const type = findCheckType(check.type);
  if (!type) throw new Error(`unknown check type ${check.type} (${check.id})`);
  return type;
}

/**
 * How checks render their SQL for one compile. On dialects with query parameters, template
 * values and run dates are collected in `params` (see params.ts).
 */
export function renderContext(options: CompileOptions, params = new ParameterSet()): RenderContext {
  const { dialect, defaultProject } = options;
  const usesParams = dialect.capabilities.queryParameters;
  const ctx: RenderContext = {
    dialect,
    template: (raw) => renderTemplate(raw, dialect, { vars: options.vars, asOf: options.asOf, params }),
    date: (name, isoDate) => (usesParams ? params.use({ name, type: 'DATE', value: isoDate }) : dialect.dateLiteral(isoDate)),
    column: (name) => dialect.quoteIdentifier(name),
    columnType: (table, column) => columnFamily(options.tables, dialect, table, column),
    timeZone: options.timeZone ?? 'UTC',
    dayColumn: (table, column, check) => dayColumn(options, table, column, check),
    tableColumns: (table) => options.tables?.get(table)?.columns.map((c) => c.name),
    table: (name) => dialect.tableRef(name, defaultProject),
    catalogColumns: (table) => dialect.columnsQuery(table, defaultProject),
    partitionBounds: (check, column, table = check.table) => partitionPredicates(check, ctx, options.range ?? {}, options.asOf, column, table, options.windows),
    partitionHistory: (check, column) => endBounds(ctx.dayColumn(check.table, column, check), ctx, check, options.range ?? {}, options.asOf),
  };
  return ctx;
}

/**
 * A column read as days. A DATE column keeps today's predicates (`d BETWEEN a AND b`); a
 * TIMESTAMP or DATETIME one is bounded from the start of the first day to before the start of
 * the day after the last. Ingestion-time _PARTITIONTIME partitions are UTC days.
 */
function dayColumn(options: CompileOptions, table: string | null, column: string, check: CheckSpec): DayColumn {
  const { dialect } = options;
  const ref = dialect.quoteIdentifier(column);
  const family = table === null ? 'DATE' : dayFamily(options.tables, dialect, table, column, check);
  const zone = column.toUpperCase() === '_PARTITIONTIME' ? 'UTC' : (options.timeZone ?? 'UTC');
  if (family === 'DATE') {
    return {
      ref,
      day: ref,
      onOrAfter: (d) => `${ref} >= ${d}`,
      onOrBefore: (d) => `${ref} <= ${d}`,
      between: (a, b) => `${ref} BETWEEN ${a} AND ${b}`,
    };
  }
  const onOrAfter = (d: string) => `${ref} >= ${dialect.startOfDay(d, family, zone)}`;
  const onOrBefore = (d: string) => `${ref} < ${dialect.startOfDay(dialect.nextDay(d), family, zone)}`;
  return { ref, day: dialect.dayOf(ref, family, zone), onOrAfter, onOrBefore, between: (a, b) => `${onOrAfter(a)} AND ${onOrBefore(b)}` };
}

/** The rows a check reads: the file's `where`, with its partition predicates the table's filters, and its own `where`. */
export function checkFilters(check: CheckSpec, ctx: RenderContext, options: CompileOptions): Pick<PlannedCheck, 'fileFilter' | 'tableFilters' | 'checkFilter'> {
  const fileFilter = check.fileWhere ? ctx.template(check.fileWhere) : null;
  return {
    fileFilter,
    tableFilters: [...(fileFilter ? [fileFilter] : []), ...partitionPredicates(check, ctx, options.range ?? {}, options.asOf, check.partition, check.table, options.windows)],
    checkFilter: check.where ? ctx.template(check.where) : null,
  };
}

/** A check's filters rendered once, so batching compares final predicates. */
export function planCheck(check: CheckSpec, ctx: RenderContext, options: CompileOptions): PlannedCheck {
  const range = options.range ?? {};
  const groupBy = check.groupBy ?? [];
  return {
    check,
    type: checkTypeOf(check),
    ...checkFilters(check, ctx, options),
    groupBy,
    segments: renderSegments(check, ctx),
    expectedSql:
      check.partition && groupBy.includes(check.partition)
        ? expectedPartitionsSql(check, ctx, range, options.asOf, options.windows)
        : null,
  };
}

/**
 * Refuses a --from/--to range that some check cannot be limited to (CheckType.partitionScopeProblem):
 * a configuration error located at the check, before anything is sent, instead of a comparison
 * of the range with a whole table that would report every partition outside it.
 */
export function assertPartitionScope(checks: CheckSpec[], range: PartitionRange | undefined): void {
  if (!range || (range.from === undefined && range.to === undefined)) return;
  const issues = checks.flatMap((check) => {
    const problem = check.partition ? checkTypeOf(check).partitionScopeProblem?.(check) : undefined;
    return problem ? [{ ...check.pos, message: `--from/--to: ${check.id} cannot be limited to the range: ${problem}` }] : [];
  });
  if (issues.length > 0) throw new ConfigError(issues);
}

export function compile(checks: CheckSpec[], options: CompileOptions): CompiledPlan {
  assertPartitionScope(checks, options.range);
  const params = new ParameterSet();
  const ctx = renderContext(options, params);
  const first = options.firstQueryNumber ?? 1;
  for (const check of checks) assertGroupable(check, options.tables, options.dialect);
  const planned = checks.map((check) => planCheck(check, ctx, options));
  const rendered = planBatches(planned).map((batch): RenderedQuery => {
    const { sql, columns } = renderBatch(batch, ctx);
    const type = batch.checks[0]!.type;
    const query = {
      id: '',
      kind: batch.kind,
      table: batch.table,
      sql,
      params: params.referencedIn(sql),
      checks: batch.checks.map(({ check }, j) => ({ id: check.id, key: checkKey(j) })),
      groupBy: batch.groupBy,
    };
    return { query, columns, alone: type.kind === 'set' && type.ownStatement !== undefined };
  });
  const statements = options.dialect.capabilities.oneStatementPerTable
    ? mergeByTable(rendered, options.dialect)
    : rendered.map((r) => r.query);
  return { dialect: options.dialect.name, queries: statements.map((q, i) => withId(q, `q${first + i}`)) };
}

/** The query under `id`, with its parts (a part's rows answer under the statement's id). */
export function withId(query: PlannedQuery, id: string): PlannedQuery {
  return query.parts ? { ...query, id, parts: query.parts.map((p) => ({ ...p, id })) } : { ...query, id };
}

/**
 * The statement a user wrote, alone: the `query` of a `sql` check, rendered as the compiler
 * embeds it. Undefined for other check types (their SQL is expressions inside our queries).
 * Used to ask the engine what kind of statement it is.
 */
export function userStatement(check: CheckSpec, options: CompileOptions): { sql: string; params: QueryParameter[] } | undefined {
  if (check.type !== 'sql' || typeof check.args.query !== 'string') return undefined;
  const params = new ParameterSet();
  const sql = renderContext(options, params).template(check.args.query).trim().replace(/;\s*$/, '');
  return { sql, params: params.referencedIn(sql) };
}
