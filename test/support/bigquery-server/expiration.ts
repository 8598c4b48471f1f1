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
    await warehouse.exec(`DELETE FROM ${quoteIdent(dataset)}.${quoteIdent(name)} WHERE ${day} + ${partitioning.expirationMs} <= ${Math.floor(now)}`);
  }
}
