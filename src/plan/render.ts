// Renders planned batches into SQL text for one dialect. Column aliases and CTE names derive
// from a per-query check key (c1, c2, ...), so the same plan renders the same SQL every time.
// The SQL is compact, as it is sent; it is formatted only for display (dialects/format-sql.ts).
import type { RenderContext } from '../checks/types.js';
import { and } from '../checks/shared.js';
import type { Batch } from './batch.js';
import { EXPECTED_COLUMN } from './partitions.js';
import { Arms, addShared } from './render-arms.js';

export const aggregateColumn = (checkKey: string, name: string) => `${checkKey}__${name}`;

export function checkKey(index: number): string {
  return `c${index + 1}`;
}

/** The columns of every set query's rows (SetRow), in order. */
export const SET_COLUMNS = ['check_key', 'row_type', 'key_json', 'value', 'rows_evaluated', 'detail_json'] as const;

export interface RenderedBatch {
  sql: string;
  /** The names of the statement's result columns, as its rows carry them. */
  columns: string[];
}

export function renderBatch(batch: Batch, ctx: RenderContext): RenderedBatch {
  return batch.kind === 'aggregate' ? renderAggregate(batch, ctx) : { sql: renderSet(batch, ctx), columns: [...SET_COLUMNS] };
}

function renderAggregate(batch: Batch, ctx: RenderContext): RenderedBatch {
  // The partition column groups by day (a TIMESTAMP or DATETIME one by its DATE in the config's
  // time zone), under its own name, so groups and expected partitions are dates on every type.
  // (Always aliased: a pseudo-column such as _PARTITIONDATE keeps no name of its own in a CTE.)
  const first = batch.checks[0]?.check;
  const groups: string[] = [];
  const columns: string[] = [];
  for (const c of batch.groupBy) {
    // A segment (group_by: { name: ... }) groups by its expression, under its name.
    const expr = Object.hasOwn(batch.segments, c)
      ? batch.segments[c]!
      : first !== undefined && c === first.partition
        ? ctx.dayColumn(batch.table, c, first).day
        : undefined;
    groups.push(expr ?? ctx.column(c));
    columns.push(expr === undefined ? ctx.column(c) : `${expr} AS ${ctx.column(c)}`);
  }
  const names = [...batch.groupBy];
  batch.checks.forEach(({ check, type, checkFilter }, i) => {
    if (type.kind !== 'aggregate') throw new Error(`${check.id} is not an aggregate check`);
    const scope = type.filterInQuery ? null : checkFilter;
    for (const [name, expr] of Object.entries(type.aggregates(check, ctx, scope))) {
      names.push(aggregateColumn(checkKey(i), name));
      columns.push(`${expr} AS ${names.at(-1)}`);
    }
  });
  const where = and(...batch.filters);
  const scan =
    `SELECT ${columns.join(', ')} FROM ${ctx.table(batch.table)}` +
    (where ? ` WHERE ${where}` : '') +
    (groups.length ? ` GROUP BY ${groups.join(', ')}` : '');
  if (!batch.expectedSql || !batch.partition) return { sql: scan, columns: names };
  // Partitions that must exist but have no rows come back with NULL group columns.
  const partition = ctx.column(batch.partition);
  return {
    sql:
      `WITH actual AS (${scan}), expected AS (${batch.expectedSql}) ` +
      `SELECT actual.*, expected.${EXPECTED_COLUMN} FROM actual ` +
      `FULL OUTER JOIN expected ON actual.${partition} = expected.${EXPECTED_COLUMN}`,
    columns: [...names, EXPECTED_COLUMN],
  };
}

function renderSet(batch: Batch, ctx: RenderContext): string {
  const ctes: string[] = [];
  const selects: string[] = [];
  // Shared CTEs (one grouping read by several checks) are written once, where first needed.
  const shared = new Map<string, string>();
  const arms = new Arms();
  batch.checks.forEach(({ check, type, fileFilter, tableFilters, checkFilter }, i) => {
    if (type.kind !== 'set') throw new Error(`${check.id} is not a set check`);
    const parts = type.parts(check, ctx, checkKey(i), and(...tableFilters, checkFilter), and(fileFilter, checkFilter));
    if (parts.arm) {
      arms.add(checkKey(i), { ...parts, arm: parts.arm }, ctx.dialect.stringLiteral);
      return;
    }
    ctes.push(...addShared(shared, parts.shared).map((cte) => `${cte.name} AS (${cte.sql})`));
    ctes.push(...parts.ctes.map((cte) => `${cte.name} AS (${cte.sql})`));
    selects.push(...parts.selects);
  });
  const inArms = arms.sharedNames();
  const both = [...shared.keys()].find((name) => inArms.has(name));
  if (both !== undefined) throw new Error(`shared CTE ${both} is read inside and outside an arm`);
  const armRows = arms.render();
  if (armRows !== null) selects.push(armRows);
  return ctes.length ? `WITH ${ctes.join(', ')} ${selects.join(' UNION ALL ')}` : selects.join(' UNION ALL ');
}
