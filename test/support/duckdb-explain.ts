// DuckDB's physical plan of a query as a tree (EXPLAIN (FORMAT json)), for tests that count what
// a query makes the engine do: scans, groupings, materialised CTEs.
import type { DuckDBConnection } from '@duckdb/node-api';

export interface PlanNode {
  name: string;
  children: PlanNode[];
  extra_info?: Record<string, unknown>;
}

export async function explainPlan(connection: DuckDBConnection, sql: string): Promise<PlanNode[]> {
  const rows = (await connection.runAndReadAll(`EXPLAIN (FORMAT json) ${sql}`)).getRows();
  return rows.flatMap((row) => JSON.parse(String(row[1])) as PlanNode[]);
}

export function planNodes(plan: PlanNode[]): PlanNode[] {
  return plan.flatMap((node) => [node, ...planNodes(node.children)]);
}

/** Aggregates with GROUP BY keys (an ungrouped aggregate is a HASH_GROUP_BY whose Groups are ""). */
export const groupings = (plan: PlanNode[]) =>
  planNodes(plan).filter((n) => {
    const groups = n.extra_info?.Groups;
    return /HASH_GROUP_BY$/.test(n.name) && (Array.isArray(groups) ? groups.length > 0 : typeof groups === 'string' && groups !== '');
  });

export const scans = (plan: PlanNode[]) => planNodes(plan).filter((n) => n.name === 'SEQ_SCAN');

/** The names of the CTEs the engine materialises (runs once and stores for its readers). */
export const materialisedCtes = (plan: PlanNode[]) =>
  planNodes(plan)
    .filter((n) => n.name === 'CTE')
    .map((n) => String(n.extra_info?.['CTE Name']));
