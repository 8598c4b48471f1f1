// Named `group_by` segments rendered for one dialect: what a grouped check's rows are grouped by
// when a group is not a plain column. An expression is the check file's own sealed SQL; a time
// grain cuts a date column (read as days, as partitions are) to the first day of its period.
import type { RenderContext } from '../checks/types.js';
import type { CheckSpec } from '../config/types.js';

/** Segment name → SQL expression; empty for checks grouped by columns only. */
export function renderSegments(check: CheckSpec, ctx: RenderContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, segment] of Object.entries(check.segments ?? {})) {
    if ('expression' in segment) out[name] = `(${ctx.template(segment.expression)})`;
    else {
      const day = ctx.dayColumn(check.table, segment.column, check).day;
      out[name] = segment.grain === 'day' ? day : ctx.dialect.truncateDate(day, segment.grain);
    }
  }
  return out;
}
