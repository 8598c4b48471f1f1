// A drill-down (report.drill_down) for people: the worst partitions of a failed table-wide check,
// in the check's own metric. Every text report reads it through here, so the console, report.md
// and junit.xml say the same thing.
import { formatGroupLine } from '../run/format.js';
import type { CheckReport, FailingGroup } from '../run/report.js';

export interface DrillDown {
  /** The partition column. */
  by: string;
  groups: FailingGroup[];
  /** "worst partitions by game_date (coverage per partition)". */
  heading: string;
  /**
   * The check with its drill-down partitions as its groups, in its own metric and thresholds:
   * what the group tables and the date chart of a check read.
   */
  view: CheckReport;
}

/** The check's drill-down, or undefined when it has none (or one without partitions). */
export function drillDownOf(check: CheckReport): DrillDown | undefined {
  const drill = check.drill_down;
  if (!drill || drill.groups.length === 0) return undefined;
  const { name, unit } = check.metric;
  return {
    by: drill.by,
    groups: drill.groups,
    heading: `worst partitions by ${drill.by} (${name} per partition)`,
    view: {
      ...check,
      failing_groups: drill.groups,
      failing_group_count: drill.groups.length,
      // The check's own metric, so its thresholds are the partitions' (format.groupThresholds).
      group_metric: { name, unit },
    },
  };
}

/** One line per partition: "created_at=2026-01-05: 50% (rows 2)". Not yet inert. */
export function drillDownLines(drill: DrillDown): string[] {
  return drill.groups.map((g) => formatGroupLine(g, drill.view.metric.unit));
}
