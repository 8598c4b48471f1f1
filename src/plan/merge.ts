// One statement per table, for warehouses that bill the columns a statement reads once per
// statement (BigQuery; Dialect.capabilities.oneStatementPerTable). A table's batches (aggregate
// scans with different filters or groupings, set shapes) would each read their columns again as
// separate statements; merged, every column is billed once:
//
//   WITH dq__part1 AS (<batch 1>), dq__part2 AS (<batch 2>)
//   SELECT 1 AS dq_part, dq__part1.a AS p1_1, NULL AS p2_1 FROM dq__part1
//   UNION ALL SELECT 2, NULL, dq__part2.x FROM dq__part2
//
// Each batch keeps its own result columns under names of its own (an untyped NULL in the other
// branches takes the type of its one typed branch), so run/parts.ts hands each part exactly the
// rows and values the batch would have returned alone. Dry runs, the budget and the `queries` of
// a report see the one statement; a failed statement is retried part by part (run/run.ts).
import type { Dialect } from '../dialects/dialect.js';
import type { PlannedQuery } from './compile.js';

/** The discriminator column: the number (1, 2, ...) of the part a row belongs to. */
export const PART_COLUMN = 'dq_part';

/** The name, in the merged statement, of the `index`th result column of part `part` (both from 1). */
export const partColumn = (part: number, index: number): string => `p${part}_${index}`;

const partName = (part: number) => `dq__part${part}`;

/** A batch's query inside a merged statement, with the result columns it returns alone. */
export interface QueryPart extends PlannedQuery {
  columns: string[];
}

/** A rendered batch: its query, its result columns and whether it must stay a statement of its own. */
export interface RenderedQuery {
  query: PlannedQuery;
  columns: string[];
  alone: boolean;
}

/**
 * The queries with every table's mergeable ones in one statement, placed where the table's first
 * one was; a table with one mergeable query keeps it as it is. A statement that would be longer
 * than the dialect's maxStatementLength is cut into several, each as long as it may be.
 */
export function mergeByTable(rendered: RenderedQuery[], dialect: Dialect): PlannedQuery[] {
  const byTable = new Map<string, RenderedQuery[]>();
  for (const r of rendered) {
    if (r.alone) continue;
    const same = byTable.get(r.query.table);
    if (same) same.push(r);
    else byTable.set(r.query.table, [r]);
  }
  const out: PlannedQuery[] = [];
  for (const r of rendered) {
    const same = r.alone ? undefined : byTable.get(r.query.table);
    if (!same) out.push(r.query);
    else if (same[0] === r) out.push(...statements(same, dialect));
  }
  return out;
}

/**
 * The table's batches in as few statements as the length limit allows, in order (a batch over it
 * alone stays alone). A statement's length is bounded from above as batches join it, without
 * rendering every candidate, so planning stays linear in the batches.
 */
function statements(rendered: RenderedQuery[], dialect: Dialect): PlannedQuery[] {
  const limit = dialect.capabilities.maxStatementLength ?? Infinity;
  const groups: RenderedQuery[][] = [];
  let group: RenderedQuery[] = [];
  let length = 0;
  let columns = 0;
  for (const r of rendered) {
    let added = growth(r, group.length + 1, columns, dialect);
    if (group.length > 0 && length + added > limit) {
      groups.push(group);
      group = [];
      length = columns = 0;
      added = growth(r, 1, 0, dialect);
    }
    group.push(r);
    length += added;
    columns += r.columns.length;
  }
  if (group.length > 0) groups.push(group);
  return groups.map((g) => (g.length === 1 ? g[0]!.query : mergeParts(g, dialect)));
}

/**
 * At most how much longer a statement of n - 1 parts with `columns` result columns grows when `r`
 * joins it as part n: its CTE and branch (`NULL, ` for every earlier column), `NULL, ` for each of
 * its columns in every earlier branch, and its own cells (`dq__partN.<column>`, and
 * ` AS pN_K` in the first branch).
 */
function growth(r: RenderedQuery, n: number, columns: number, dialect: Dialect): number {
  const name = partName(n).length;
  const own = r.columns.reduce((sum, c, k) => sum + name + dialect.quoteIdentifier(c).length + partColumn(n, k + 1).length + 9, 0);
  return r.query.sql.length + 2 * name + 60 + 6 * columns + 6 * (n - 1) * r.columns.length + own;
}

function mergeParts(rendered: RenderedQuery[], dialect: Dialect): PlannedQuery {
  const q = dialect.quoteIdentifier;
  const branches = rendered.map((_, i) => {
    const cells = rendered.flatMap((other, j) =>
      other.columns.map((column, k) => {
        const value = i === j ? `${partName(i + 1)}.${q(column)}` : 'NULL';
        // The first branch names the columns of the whole UNION ALL.
        return i === 0 ? `${value} AS ${partColumn(j + 1, k + 1)}` : value;
      }),
    );
    const part = i === 0 ? `${i + 1} AS ${PART_COLUMN}` : `${i + 1}`;
    return `SELECT ${[part, ...cells].join(', ')} FROM ${partName(i + 1)}`;
  });
  const ctes = rendered.map((r, i) => `${partName(i + 1)} AS (${r.query.sql})`);
  const sql = `WITH ${ctes.join(', ')} ${branches.join(' UNION ALL ')}`;
  const first = rendered[0]!.query;
  return {
    id: first.id,
    kind: 'table',
    table: first.table,
    sql,
    // The wrapper adds no parameter: the parts' own, each once.
    params: [...new Set(rendered.flatMap((r) => r.query.params))],
    checks: rendered.flatMap((r) => r.query.checks),
    groupBy: [],
    parts: rendered.map((r) => ({ ...r.query, columns: r.columns })),
  };
}
