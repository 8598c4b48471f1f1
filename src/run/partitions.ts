// The failing partitions of a run: what a backfill script re-runs.
import type { CheckSpec, FailOn } from '../config/types.js';
import type { CheckReport } from './report.js';

const DATE = /^\d{4}-\d{2}-\d{2}/;

/**
 * Per table, the sorted dates that failing checks name in their failing groups' partition column.
 * With --fail-on warn a warning closes the gate too, so its dates must be re-run as well.
 */
export function failingPartitions(checks: CheckSpec[], reports: CheckReport[], failOn: FailOn = 'error'): Record<string, string[]> {
  const closes = new Set<string>(failOn === 'warn' ? ['fail', 'warn'] : ['fail']);
  const byId = new Map(checks.map((c) => [c.id, c]));
  const found = new Map<string, Set<string>>();
  for (const report of reports) {
    const partition = byId.get(report.id)?.partition;
    if (!closes.has(report.status) || !partition) continue;
    for (const group of report.failing_groups) {
      const value = group.key[partition];
      if (typeof value !== 'string' || !DATE.test(value)) continue;
      if (!found.has(report.table)) found.set(report.table, new Set());
      found.get(report.table)!.add(value.slice(0, 10));
    }
  }
  return Object.fromEntries([...found.entries()].sort().map(([table, dates]) => [table, [...dates].sort()]));
}

/** `<table> <date>` lines, sorted and unique, for --failing-partitions. */
export function failingPartitionLines(partitions: Record<string, string[]>): string {
  return Object.entries(partitions)
    .flatMap(([table, dates]) => dates.map((date) => `${table} ${date}\n`))
    .join('');
}
