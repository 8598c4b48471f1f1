// compile(): selected checks → the statements `run` would send, for one dialect. Needs no
// database (Kysely's compile-only path).
import { findCheckType } from '../checks/registry.js';
import type { CheckType, RenderContext } from '../checks/types.js';
import type { CheckSpec, VarValue } from '../config/types.js';
import type { Dialect } from '../dialects/dialect.js';
import type { QueryParameter } from '../engines/engine.js';
import { planBatches, type PlannedCheck } from './batch.js';
import { dayBounds, expectedPartitionsSql, partitionPredicates, type PartitionRange } from './partitions.js';
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
}

export interface PlannedQuery {
  id: string;
  kind: string;
  table: string;
  sql: string;
  params: QueryParameter[];
  /** The checks this query answers, with their key inside it (c1, c2, ...). */
  checks: { id: string; key: string }[];
  /** Aggregate queries: the group columns of each result row. */
  groupBy: string[];
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

export function renderContext(options: CompileOptions): RenderContext {
  const { dialect, defaultProject } = options;
  const ctx: RenderContext = {
    dialect,
    template: (raw) => renderTemplate(raw, dialect, { vars: options.vars, asOf: options.asOf }),
    column: (name) => dialect.quoteIdentifier(name),
    table: (name) => dialect.tableRef(name, defaultProject),
    catalogColumns: (table) => dialect.columnsQuery(table, defaultProject),
    partitionBounds: (check, column) =>
      check.partition ? dayBounds(dialect.quoteIdentifier(column), ctx, check, options.range ?? {}, options.asOf) : [],
  };
  return ctx;
}

/** A check's filters rendered once, so batching compares final predicates. */
function planCheck(check: CheckSpec, ctx: RenderContext, options: CompileOptions): PlannedCheck {
  const range = options.range ?? {};
  const groupBy = check.groupBy ?? [];
  return {
    check,
    type: checkTypeOf(check),
    tableFilters: [
      ...(check.fileWhere ? [ctx.template(check.fileWhere)] : []),
      ...partitionPredicates(check, ctx, range, options.asOf),
    ],
    checkFilter: check.where ? ctx.template(check.where) : null,
    groupBy,
    expectedSql:
      check.partition && groupBy.includes(check.partition)
        ? expectedPartitionsSql(check, ctx, range, options.asOf)
        : null,
  };
}

export function compile(checks: CheckSpec[], options: CompileOptions): CompiledPlan {
  const ctx = renderContext(options);
  const first = options.firstQueryNumber ?? 1;
  const planned = checks.map((check) => planCheck(check, ctx, options));
  const queries = planBatches(planned).map((batch, i) => ({
    id: `q${first + i}`,
    kind: batch.kind,
    table: batch.table,
    sql: renderBatch(batch, ctx),
    params: [],
    checks: batch.checks.map(({ check }, j) => ({ id: check.id, key: checkKey(j) })),
    groupBy: batch.groupBy,
  }));
  return { dialect: options.dialect.name, queries };
}
