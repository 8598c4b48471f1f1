// Tables with require_partition_filter: BigQuery refuses any query that reads one without a
// constant predicate on its partition column. Before a run sends a query, the tables the checks
// would read whole (plan/full-scan.ts) are described (Engine.describeTable); a check that would
// read such a table whole is a configuration error (exit 3) at the check, naming the option that
// bounds it. Engines without describeTable skip this (their dry runs still refuse the query).
import { ConfigError } from '../config/errors.js';
import type { CheckSpec } from '../config/types.js';
import type { Engine, TableInfo } from '../engines/engine.js';
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

export async function assertPartitionFilters(checks: CheckSpec[], engine: Engine, range: PartitionRange, signal?: AbortSignal): Promise<void> {
  if (!engine.describeTable) return;
  const reads = checks.map((check) => ({ check, reads: unboundedReads(check, range) }));
  const tables = [...new Set(reads.flatMap((r) => r.reads.map((read) => read.table)))];
  const described = new Map<string, TableInfo>();
  for (const table of tables) described.set(table, await engine.describeTable(table, { signal }));
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
