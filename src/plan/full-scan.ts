// The tables a check reads without a constant bound on their partitions, and the option that
// bounds each read. BigQuery refuses such a read on a table with require_partition_filter; the run
// refuses the check before sending anything instead (run/partition-filters.ts), saying what to add.
import { expectedPartitionColumn } from '../checks/reconcile.js';
import { groupsArePartitions } from '../checks/volume.js';
import type { CheckSpec } from '../config/types.js';
import type { PartitionRange } from './partitions.js';

export interface UnboundedRead {
  /** The table as written in the check file. */
  table: string;
  /** What bounds the read, or why nothing can. */
  fix: string;
}

const WINDOW_OR_RANGE = 'add `window:` (`N days` or `{ last: N }`) to the check, or run with --from/--to';

/**
 * The reads of `check` that cover every partition of a table under `range`. Predicates BigQuery
 * prunes with: --from/--to, `window: N days`, and `window: { last: N }` (resolved to dates).
 */
export function unboundedReads(check: CheckSpec, range: PartitionRange): UnboundedRead[] {
  // INFORMATION_SCHEMA is metadata; a sql check's own query is the user's to bound (its dry run says).
  if (check.type === 'schema' || check.type === 'sql') return [];
  const reads: UnboundedRead[] = [];
  const limited = range.from !== undefined || range.to !== undefined || check.window !== undefined;
  if (!check.partition) {
    reads.push({ table: check.table, fix: 'declare `partition:` (the partition column) in the check file, then ' + WINDOW_OR_RANGE });
  } else if (check.type === 'volume' && groupsArePartitions(check)) {
    // The trailing median reads every partition before the judged ones: only an end bounds it.
    if (range.to === undefined && check.window === undefined) {
      reads.push({ table: check.table, fix: 'add `window:` to the check, or run with --to (volume reads the partitions before the ones it judges)' });
    }
  } else if (!limited) {
    reads.push({ table: check.table, fix: WINDOW_OR_RANGE });
  }
  const expected = check.expectedPartitions;
  const daysWindow = check.window !== undefined && 'days' in check.window;
  if (expected && 'calendar' in expected && check.partition && range.from === undefined && !daysWindow) {
    reads.push({
      table: check.table,
      fix: 'a calendar of expected partitions starts at the table’s first partition: bound it with `window: N days` or --from',
    });
  }
  if (check.type === 'relationships') {
    reads.push({
      table: check.args.to as string,
      fix: 'relationships reads every value of the referenced table, which no option bounds: check the reference with a `sql` check that filters its partitions',
    });
  }
  if (check.type === 'reconcile') {
    const table = (check.args.expected as { table: string }).table;
    if (!expectedPartitionColumn(check)) {
      reads.push({ table, fix: 'give `expected.partition` (the column of that table holding these partitions), then ' + WINDOW_OR_RANGE });
    } else if (!limited) {
      reads.push({ table, fix: WINDOW_OR_RANGE });
    }
  }
  return reads;
}
