// What the compiler knows of a table's columns: their type families, from the TableInfo the run
// learned before compiling (describeTable). Without it (`dq compile`, library callers that pass
// none) every lookup is undefined and SQL is rendered as written, as before types were known.
import { findCheckType } from '../checks/registry.js';
import { ConfigError } from '../config/errors.js';
import type { CheckSpec } from '../config/types.js';
import type { DayFamily, Dialect } from '../dialects/dialect.js';
import type { TableInfo } from '../engines/engine.js';

export type TableCatalog = ReadonlyMap<string, TableInfo>;

/** BigQuery's pseudo-columns of an ingestion-time partitioned table. */
const PSEUDO_COLUMNS: Record<string, string> = { _PARTITIONTIME: 'TIMESTAMP', _PARTITIONDATE: 'DATE' };

/**
 * The type family (BigQuery names: INT64, FLOAT64, STRING, DATE, TIMESTAMP, DATETIME, ...) of a
 * column, or undefined when the table's schema is unknown or has no such column (the warehouse
 * then names the missing column itself). Names compare case-insensitively, as in BigQuery.
 */
export function columnFamily(tables: TableCatalog | undefined, dialect: Dialect, table: string, column: string): string | undefined {
  const info = tables?.get(table);
  if (!info) return undefined;
  const wanted = column.toLowerCase();
  const found = info.columns.find((c) => c.name.toLowerCase() === wanted);
  if (found) return dialect.typeFamily(found.type);
  if (info.partitioning && info.partitioning.column === undefined) return PSEUDO_COLUMNS[column.toUpperCase()];
  return undefined;
}

const DAY_FAMILIES = new Set<string>(['DATE', 'TIMESTAMP', 'DATETIME']);

/**
 * The family of a column read as days (a `partition:` column, an expected-partitions column):
 * DATE when unknown (as written), else DATE, TIMESTAMP or DATETIME; any other type is a
 * configuration error at the check.
 */
export function dayFamily(
  tables: TableCatalog | undefined,
  dialect: Dialect,
  table: string,
  column: string,
  check: Pick<CheckSpec, 'id' | 'pos'>,
): DayFamily {
  const family = columnFamily(tables, dialect, table, column);
  if (family === undefined) return 'DATE';
  if (DAY_FAMILIES.has(family)) return family as DayFamily;
  throw new ConfigError([
    {
      ...check.pos,
      message:
        `${check.id}: partition column ${column} of ${table} is ${family}; dq reads partitions as days and handles ` +
        `DATE, TIMESTAMP and DATETIME columns (and ingestion time, _PARTITIONDATE / _PARTITIONTIME)`,
    },
  ]);
}

/**
 * The columns a check groups its rows by: group_by, and the columns its type declares
 * (groupColumns: unique's columns, rows_per_group's, volume's and reconcile's `by`, ...).
 */
function groupColumnsOf(check: CheckSpec): string[] {
  // Segments group by an expression or a date column's grain, not by a column of that name.
  const out = (check.groupBy ?? []).filter((name) => !check.segments || !Object.hasOwn(check.segments, name));
  out.push(...(findCheckType(check.type)?.groupColumns?.(check.args) ?? []));
  return out;
}

/**
 * BigQuery cannot group by a FLOAT64 ("Grouping by expressions of type FLOAT64 is not allowed"),
 * and a float's equality is rarely what a key means: refused at the check on every engine, so
 * a check file means the same on both.
 */
export function assertGroupable(check: CheckSpec, tables: TableCatalog | undefined, dialect: Dialect): void {
  for (const column of groupColumnsOf(check)) {
    if (columnFamily(tables, dialect, check.table, column) !== 'FLOAT64') continue;
    throw new ConfigError([
      {
        ...check.pos,
        message:
          `${check.id}: cannot group by ${column}, a FLOAT64 column of ${check.table} (BigQuery does not group FLOAT64): ` +
          `group by a NUMERIC, INT64 or STRING column, or check the rounded value in a sql check`,
      },
    ]);
  }
}
