// Table metadata the test server serves beside the DuckDB tables: BigQuery's timePartitioning
// (partition column, ingestion time, require_partition_filter, partition expiration), set by
// tests with partitionTable, by tables.insert and by tables.patch.

/** BigQuery's timePartitioning of a served table; no `field` = ingestion-time (_PARTITIONTIME / _PARTITIONDATE). */
export interface TablePartitioning {
  type: 'DAY';
  field?: string;
  requirePartitionFilter?: boolean;
  /** A partition's rows are deleted once its day's start (UTC) plus this has passed (expiration.ts). */
  expirationMs?: number;
}

export class TableMetaStore {
  private readonly byTable = new Map<string, TablePartitioning>();
  /** `table` is `dataset.table` (lower-case). */
  set(table: string, partitioning: TablePartitioning): void {
    this.byTable.set(table.toLowerCase(), partitioning);
  }
  get(table: string): TablePartitioning | undefined {
    return this.byTable.get(table.toLowerCase());
  }
  /** Every table with its partitioning, keyed `dataset.table` (lower-case). */
  entries(): [string, TablePartitioning][] {
    return [...this.byTable];
  }
}
