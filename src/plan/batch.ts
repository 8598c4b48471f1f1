// Planning before rendering: which checks share which query. Every aggregate check on a table
// with the same table-level filters and grouping lands in ONE batch (one scan); set checks
// share a batch per table and shape. render.ts turns batches into statements.
import type { CheckType } from '../checks/types.js';
import type { CheckSpec } from '../config/types.js';

/** A check with its filters already rendered for one dialect. */
export interface PlannedCheck {
  check: CheckSpec;
  type: CheckType;
  /** The file's `where`, or null. */
  fileFilter: string | null;
  /** Filters on the table's rows: file `where`, partition range and window. */
  tableFilters: string[];
  /** The check's own `where`, or null. */
  checkFilter: string | null;
  /** Aggregate checks: group columns (empty = one row for the table). */
  groupBy: string[];
  /** Segment names in groupBy → the SQL expression they group by (see segments.ts); part of the batch key. */
  segments: Record<string, string>;
  /** The SELECT of partitions that must exist (grouped checks on a partition), or null. */
  expectedSql: string | null;
}

export interface Batch {
  /** `aggregate`, or the set shape (group_counts, relationships, sql, schema, ...). */
  kind: string;
  table: string;
  /** Aggregate batches: WHERE predicates of the scan, GROUP BY columns and expected partitions. */
  filters: string[];
  groupBy: string[];
  segments: Record<string, string>;
  expectedSql: string | null;
  /** The partition column that expected partitions are joined on. */
  partition?: string;
  checks: PlannedCheck[];
}

function aggregateShape(planned: PlannedCheck): Omit<Batch, 'checks'> {
  const { check, type } = planned;
  const ownFilter = type.kind === 'aggregate' && type.filterInQuery && planned.checkFilter;
  return {
    kind: 'aggregate',
    table: check.table,
    filters: ownFilter ? [...planned.tableFilters, planned.checkFilter!] : planned.tableFilters,
    groupBy: planned.groupBy,
    segments: planned.segments,
    expectedSql: planned.expectedSql,
    ...(planned.expectedSql && check.partition ? { partition: check.partition } : {}),
  };
}

export function planBatches(planned: PlannedCheck[]): Batch[] {
  const batches = new Map<string, Batch>();
  for (const p of planned) {
    const shape: Omit<Batch, 'checks'> =
      p.type.kind === 'aggregate'
        ? aggregateShape(p)
        : { kind: p.type.shape, table: p.check.table, filters: [], groupBy: [], segments: {}, expectedSql: null };
    const key = JSON.stringify(shape);
    let batch = batches.get(key);
    if (!batch) {
      batch = { ...shape, checks: [] };
      batches.set(key, batch);
    }
    batch.checks.push(p);
  }
  // Table-wide scans first within each table, tables in the order they first appear.
  const tableOrder = [...new Set(planned.map((p) => p.check.table))];
  const rank = (b: Batch) => (b.kind === 'aggregate' ? (b.groupBy.length ? 1 : 0) : 2);
  return [...batches.values()].sort(
    (a, b) => tableOrder.indexOf(a.table) - tableOrder.indexOf(b.table) || rank(a) - rank(b),
  );
}
