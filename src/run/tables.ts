// Before anything runs, dq learns the tables a run reads: one metadata call per table
// (Engine.describeTable: BigQuery tables.get, free; DuckDB its catalog). The compiler then
// renders literals in their column's type and reads partition columns by theirs, and compiling
// the whole plan once is the type check: a literal that cannot be compared with its column, a
// partition column that is not a date or time, is a configuration error (exit 3) before any
// query is sent.
import { findCheckType } from '../checks/registry.js';
import type { CheckSpec } from '../config/types.js';
import { QueryError, type Engine, type TableInfo } from '../engines/engine.js';
import { compile, type CompileOptions } from '../plan/compile.js';
import type { TableCatalog } from '../plan/columns.js';
import { dependencyStages } from '../plan/dependencies.js';
import { assumedWindows } from '../plan/windows.js';
import { interrupted, mapLimit } from './execute.js';
import type { CompileFn } from './plans.js';

/**
 * Every table a check reads: its own, expected partitions', reconcile's expected side, and the
 * tables its type declares (otherTables: relationships' and equality's `to`, row_count's compare).
 */
export function tablesOf(check: CheckSpec): string[] {
  const out = [check.table];
  if (check.expectedPartitions && 'table' in check.expectedPartitions) out.push(check.expectedPartitions.table);
  const expected = check.args.expected as { table?: unknown } | undefined;
  if (check.type === 'reconcile' && typeof expected?.table === 'string') out.push(expected.table);
  out.push(...(findCheckType(check.type)?.otherTables?.(check.args) ?? []));
  return out;
}

/**
 * The metadata of every table the checks read, `concurrency` calls at a time. A missing table
 * is left out (its checks' dry runs or queries name it, check by check); any other failure
 * stops the run (exit 2): compiling without the types could render a wrong comparison.
 */
export async function describeTables(
  checks: CheckSpec[],
  engine: Engine,
  options: { concurrency: number; signal?: AbortSignal },
): Promise<TableCatalog> {
  const catalog = new Map<string, TableInfo>();
  if (!engine.describeTable) return catalog;
  const describe = engine.describeTable.bind(engine);
  const tables = [...new Set(checks.flatMap(tablesOf))];
  await mapLimit(tables, options.concurrency, async (table) => {
    if (options.signal?.aborted) throw interrupted();
    try {
      catalog.set(table, await describe(table, { signal: options.signal }));
    } catch (error) {
      if (options.signal?.aborted) throw interrupted();
      if (error instanceof QueryError && error.reason === 'notFound') return;
      throw new Error(`cannot read the schema of ${table}: ${(error as Error).message}`, { cause: error });
    }
  });
  return catalog;
}

/**
 * The compile options with the tables' types, after type-checking every check against them.
 * The check compiles the plan as the run will (stage by stage; `window: { last: N }` on the N
 * days up to --as-of, as the budget prices it), so a run that passes `compile` (RunPlans) sends
 * these very statements without compiling them again.
 */
export async function typedCompileOptions(
  checks: CheckSpec[],
  engine: Engine,
  compileOptions: CompileOptions,
  options: { concurrency: number; signal?: AbortSignal; compile?: CompileFn },
): Promise<CompileOptions> {
  const tables = await describeTables(checks, engine, options);
  const typed = { ...compileOptions, tables };
  const windows = assumedWindows(checks, typed);
  // Throws the ConfigError of a literal or partition column that does not fit.
  for (const stage of dependencyStages(checks)) (options.compile ?? compile)(stage, { ...typed, windows });
  return typed;
}
