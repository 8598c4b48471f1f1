// Bytes as BigQuery bills a query (dry run and job statistics alike): the columns each table scan
// uses, in the partitions its constant predicates leave (resolved-scans.ts), sized by BigQuery's
// logical data sizes (duckdb.ts byteExpression). A (table, partition, column) read by several
// scans of one statement (a batch of checks, a self-join) counts once. Also enforces
// require_partition_filter as BigQuery does.
import type { ErrorProto } from './bq-errors.js';
import { byteExpression, type DuckDbWarehouse } from './duckdb.js';
import { whileUnchanged } from './memo.js';
import type { PruningPredicate, TableScanRead } from './resolved-scans.js';
import type { TableMetaStore, TablePartitioning } from './table-meta.js';
import { quoteIdent, stringLiteral } from './translate.js';

/** Ingestion-time tables' pseudo-columns: prunable, never billed (not stored in the table). */
const PSEUDO_COLUMNS = ['_partitiontime', '_partitiondate'];

/** The columns whose constant predicates prune a table's partitions (lower-case). */
function partitionColumns(partitioning: TablePartitioning): string[] {
  return partitioning.field ? [partitioning.field.toLowerCase()] : PSEUDO_COLUMNS;
}

/** Does a partition (its UTC day) survive a predicate on the partition column? */
function keeps(predicate: PruningPredicate, day: string): boolean {
  if (predicate.op === 'opaque') return true;
  if (predicate.op === '=' || predicate.op === 'in') return predicate.values.some((v) => v.day === day);
  const v = predicate.values[0]!;
  if (v.kind === 'date') {
    if (predicate.op === '<') return day < v.day;
    if (predicate.op === '<=') return day <= v.day;
    if (predicate.op === '>') return day > v.day;
    return day >= v.day;
  }
  // An instant: the partition is kept when some moment of its day satisfies the predicate.
  if (predicate.op === '>' || predicate.op === '>=') return day >= v.day;
  if (predicate.op === '<=') return day <= v.day;
  return v.midnight ? day < v.day : day <= v.day;
}

/** BigQuery's refusal of a scan without a partition filter on a require_partition_filter table. */
function partitionFilterRequired(table: string, partitioning: TablePartitioning): ErrorProto {
  const columns = partitioning.field ? `'${partitioning.field}'` : `'_PARTITION_LOAD_TIME', '_PARTITIONDATE', '_PARTITIONTIME'`;
  return {
    reason: 'invalidQuery',
    location: 'query',
    message: `Cannot query over table '${table}' without a filter over column(s) ${columns} that can be used for partition elimination`,
  };
}

/** Bytes per partition (UTC day; null: unpartitioned, or NULL partition value) and column (lower-case). */
type CellSizes = Map<string | null, Map<string, number>>;

/**
 * The sizes already read, by warehouse: a statement and its dry run, or the same check run again,
 * read the same columns of the same tables. Kept while the warehouse's version stays (no write
 * since): reading them is a scan of the table.
 */
const sizesRead = whileUnchanged<CellSizes>();

function cellSizes(warehouse: DuckDbWarehouse, table: string, columns: Set<string>, partitioning?: TablePartitioning): Promise<CellSizes> {
  const key = JSON.stringify([table, [...columns].sort(), partitioning ?? null]);
  return sizesRead(warehouse, key, () => readCellSizes(warehouse, table, columns, partitioning));
}

async function readCellSizes(warehouse: DuckDbWarehouse, table: string, columns: Set<string>, partitioning?: TablePartitioning): Promise<CellSizes> {
  const sizes: CellSizes = new Map();
  const [schema, name] = table.split('.') as [string, string];
  const described = await warehouse.query(
    `SELECT column_name, data_type, numeric_scale FROM information_schema.columns ` +
      `WHERE table_schema = ${stringLiteral(schema)} AND table_name = ${stringLiteral(name)} ORDER BY ordinal_position`,
  );
  const billed = described.rows
    .map(([column, dataType, scale]) => ({ column: String(column), dataType: String(dataType), scale: Number(scale ?? 0) }))
    .filter((c) => columns.has(c.column.toLowerCase()) && !(partitioning && !partitioning.field && PSEUDO_COLUMNS.includes(c.column.toLowerCase())));
  if (billed.length === 0) return sizes;
  const partitionColumn = partitioning ? quoteIdent(partitioning.field ?? '_PARTITIONTIME') : undefined;
  const day = partitionColumn ? `strftime(CAST(${partitionColumn} AS DATE), '%Y-%m-%d')` : 'NULL';
  const result = await warehouse.query(
    `SELECT ${day}, ${billed.map((c) => `CAST(${byteExpression(quoteIdent(c.column), c.dataType, c.scale)} AS BIGINT)`).join(', ')} ` +
      `FROM ${quoteIdent(schema)}.${quoteIdent(name)} GROUP BY 1`,
  );
  for (const [partition, ...bytes] of result.rows) {
    sizes.set(partition === null ? null : String(partition), new Map(billed.map((c, i) => [c.column.toLowerCase(), Number(bytes[i])])));
  }
  return sizes;
}

/**
 * The bytes a statement's table scans bill, or BigQuery's refusal when a scan of a
 * require_partition_filter table has no constant predicate on its partition column.
 */
export async function billedRead(
  warehouse: DuckDbWarehouse,
  meta: TableMetaStore,
  reads: TableScanRead[],
): Promise<{ bytes: number } | { problem: ErrorProto }> {
  const byTable = new Map<string, TableScanRead[]>();
  for (const read of reads) byTable.set(read.table, [...(byTable.get(read.table) ?? []), read]);
  let bytes = 0;
  for (const [table, scans] of byTable) {
    const partitioning = meta.get(table);
    const pruning = (scan: TableScanRead) =>
      partitioning ? partitionColumns(partitioning).flatMap((c) => scan.predicates.get(c) ?? []) : [];
    if (partitioning?.requirePartitionFilter) {
      const unfiltered = scans.find((scan) => pruning(scan).length === 0);
      if (unfiltered) return { problem: partitionFilterRequired(table, partitioning) };
    }
    const sizes = await cellSizes(warehouse, table, new Set(scans.flatMap((s) => s.columns.map((c) => c.toLowerCase()))), partitioning);
    const cells = new Map<string, number>();
    for (const scan of scans) {
      const predicates = pruning(scan);
      for (const [partition, columns] of sizes) {
        // Rows whose partition value is NULL fail every comparison: only an unpruned scan reads them.
        const kept = predicates.length === 0 || (partition !== null && predicates.every((p) => keeps(p, partition)));
        if (!kept) continue;
        for (const column of scan.columns.map((c) => c.toLowerCase())) {
          const size = columns.get(column);
          if (size !== undefined) cells.set(`${partition}\u0000${column}`, size);
        }
      }
    }
    for (const size of cells.values()) bytes += size;
  }
  return { bytes };
}
