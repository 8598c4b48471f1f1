// Planning before rendering: which checks share which query. Every aggregate check on a table
// with the same file-level filter lands in ONE batch (one scan); set checks share a batch per
// table and shape. Pure data, no SQL: render.ts turns batches into statements.
import type { CheckType } from '../checks/types.js';
import type { CheckSpec } from '../config/types.js';

export interface Batch {
  /** `aggregate`, or the set shape (group_counts, relationships, sql, schema). */
  kind: string;
  table: string;
  /** For aggregate batches: the file-level filter, plus the check filter of `filterInQuery` types. */
  filters: string[];
  checks: { check: CheckSpec; type: CheckType }[];
}

export function planBatches(checks: CheckSpec[], typeOf: (check: CheckSpec) => CheckType): Batch[] {
  const batches = new Map<string, Batch>();
  for (const check of checks) {
    const type = typeOf(check);
    let kind: string;
    let filters: string[] = [];
    if (type.kind === 'aggregate') {
      kind = 'aggregate';
      filters = [check.fileWhere, type.filterInQuery ? check.where : undefined].filter((f): f is string => !!f);
    } else {
      kind = type.shape;
    }
    const key = JSON.stringify([check.table, kind, filters]);
    let batch = batches.get(key);
    if (!batch) {
      batch = { kind, table: check.table, filters, checks: [] };
      batches.set(key, batch);
    }
    batch.checks.push({ check, type });
  }
  // Aggregate scans first within each table, tables in the order they first appear.
  const tableOrder = [...new Set(checks.map((c) => c.table))];
  return [...batches.values()].sort(
    (a, b) =>
      tableOrder.indexOf(a.table) - tableOrder.indexOf(b.table) ||
      Number(b.kind === 'aggregate') - Number(a.kind === 'aggregate'),
  );
}
