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
import type { QueryParameter } from '../engines/engine.js';
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
 * `paramsOf` names the parameters a statement refers to.
 */
export function mergeByTable(rendered: RenderedQuery[], dialect: Dialect, paramsOf: (sql: string) => QueryParameter[]): PlannedQuery[] {
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
    else if (same[0] === r) out.push(...statements(same, dialect, paramsOf));
  }
  return out;
}

/**
 * The table's batches in as few statements as the length limit allows, in order (a batch over it
 * alone stays alone). Lengths are bounded from above without rendering every candidate, so
 * planning stays linear in the batches.
 */
function statements(rendered: RenderedQuery[], dialect: Dialect, paramsOf: (sql: string) => QueryParameter[]): PlannedQuery[] {
  const limit = dialect.capabilities.maxStatementLength ?? Infinity;
  // Part n: its CTE and branch head; each of its columns a cell in every branch, at most
  // `dq__partN.<column> AS pN_K, ` long.
  const cteLength = (r: RenderedQuery, n: number) => r.query.sql.length + 2 * partName(n).length + 60;
  const cellsLength = (r: RenderedQuery, n: number) =>
    r.columns.reduce((sum, c, k) => sum + partName(n).length + dialect.quoteIdentifier(c).length + partColumn(n, k + 1).length + 8, 0);
  const groups: RenderedQuery[][] = [];
  let group: RenderedQuery[] = [];
  let ctes = 0;
  let row = 0;
  for (const r of rendered) {
    const n = group.length + 1;
    if (group.length > 0 && ctes + cteLength(r, n) + n * (row + cellsLength(r, n)) > limit) {
      groups.push(group);
      group = [];
      ctes = row = 0;
    }
    ctes += cteLength(r, group.length + 1);
    row += cellsLength(r, group.length + 1);
    group.push(r);
  }
  if (group.length > 0) groups.push(group);
  return groups.map((g) => (g.length === 1 ? g[0]!.query : mergeParts(g, dialect, paramsOf)));
}

function mergeParts(rendered: RenderedQuery[], dialect: Dialect, paramsOf: (sql: string) => QueryParameter[]): PlannedQuery {
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
    params: paramsOf(sql),
    checks: rendered.flatMap((r) => r.query.checks),
    groupBy: [],
    parts: rendered.map((r) => ({ ...r.query, columns: r.columns })),
  };
}
