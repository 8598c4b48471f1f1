// Partition expiration as BigQuery applies it: a partition's rows are deleted once the start of
// its day (UTC) plus the table's timePartitioning.expirationMs has passed. BigQuery deletes them
// in the background; the server deletes them before each query job, at the server's clock, so a
// test sets the clock and sees exactly the partitions BigQuery would still serve.
import type { DuckDbWarehouse } from './duckdb.js';
import type { TableMetaStore } from './table-meta.js';
import { quoteIdent } from './translate.js';

export async function dropExpiredPartitions(warehouse: DuckDbWarehouse, meta: TableMetaStore, now: number): Promise<void> {
  for (const [table, partitioning] of meta.entries()) {
    if (partitioning.expirationMs === undefined || partitioning.field === undefined) continue;
    const [dataset, name] = table.split('.') as [string, string];
    const day = `epoch_ms(CAST(${quoteIdent(partitioning.field)} AS TIMESTAMP))`;
    const expired = `FROM ${quoteIdent(dataset)}.${quoteIdent(name)} WHERE ${day} + ${partitioning.expirationMs} <= ${Math.floor(now)}`;
    // Looked for first, with a query that leaves the warehouse's version alone: a DELETE is a
    // write even when it removes nothing, and every write clears what the server read of the
    // tables (memo.ts whileUnchanged), before every job on a table with an expiration.
    const found = await warehouse.query(`SELECT 1 ${expired} LIMIT 1`);
    if (found.rows.length > 0) await warehouse.exec(`DELETE ${expired}`);
  }
}
