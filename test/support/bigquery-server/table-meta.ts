// Table metadata the test server serves beside the DuckDB tables: BigQuery's timePartitioning
// (shared contract of issue 9, parts 2 and 3).

/** BigQuery's timePartitioning of a served table; no `field` = ingestion-time (_PARTITIONTIME / _PARTITIONDATE). */
export interface TablePartitioning {
  type: 'DAY';
  field?: string;
  requirePartitionFilter?: boolean;
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
}
