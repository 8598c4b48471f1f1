// Tables with require_partition_filter: BigQuery refuses any query that reads one without a
// constant predicate on its partition column. Before a run sends a query, the tables the checks
// would read whole (plan/full-scan.ts) are looked up in the metadata the run learned
// (run/tables.ts, Engine.describeTable); a check that would read such a table whole is a
// configuration error (exit 3) at the check, naming the option that bounds it. Tables without
// metadata (engines without describeTable, missing tables) are left to the dry runs.
import { ConfigError } from '../config/errors.js';
import type { CheckSpec } from '../config/types.js';
import type { TableCatalog } from '../plan/columns.js';
import { unboundedReads } from '../plan/full-scan.js';
import type { PartitionRange } from '../plan/partitions.js';

/** Whether a `where` fragment names `column` (then it may bound the read: the dry run tells). */
function mentions(where: string | undefined, column: string): boolean {
  if (!where) return false;
  const name = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_])${name}($|[^A-Za-z0-9_])`, 'i').test(where);
}

/** The partition columns a filter of an ingestion-time table may use. */
const INGESTION_COLUMNS = ['_PARTITIONTIME', '_PARTITIONDATE'];

export function assertPartitionFilters(checks: CheckSpec[], described: TableCatalog | undefined, range: PartitionRange): void {
  if (!described) return;
  const reads = checks.map((check) => ({ check, reads: unboundedReads(check, range) }));
  const issues = reads.flatMap(({ check, reads }) =>
    reads.flatMap((read) => {
      const partitioning = described.get(read.table)?.partitioning;
      if (!partitioning?.requirePartitionFilter) return [];
      const columns = partitioning.column ? [partitioning.column] : INGESTION_COLUMNS;
      // The check's own filters may bound its own table.
      if (read.table === check.table && columns.some((c) => mentions(check.fileWhere, c) || mentions(check.where, c))) return [];
      return [
        {
          ...check.pos,
          message: `${check.id} would read every partition of ${read.table}, which requires a partition filter (require_partition_filter): ${read.fix}`,
        },
      ];
    }),
  );
  if (issues.length > 0) throw new ConfigError(issues);
}
