// Set queries on dialects with capabilities.serialGroupings (DuckDB): the checks that read one
// shared grouping form an ARM, a scalar subquery that builds the grouping, reads it once into
// its failing groups (the rows where any of the arm's checks' `reads` holds: the grouping itself
// is never materialised) and returns its checks' rows as one ordered list. DuckDB builds scalar
// subqueries one after another, where it would build every UNION ALL branch's hash table at once;
// the lists are unnested back into SetRow rows at the end. Same rows, same order within a check.
import type { SetQueryParts } from '../checks/types.js';
import { failingGroupsName } from '../checks/set-rows.js';

interface Arm {
  grouping: string;
  shared: Map<string, string>;
  ctes: string[];
  selects: string[];
  reads: string[];
  /** `WHEN '<check key>' THEN <worst first>` per check. */
  orders: string[];
}

/**
 * Adds shared CTEs to `known` (name to SQL) and returns those it did not hold yet. A name derives
 * from its SQL (sharedCteName), so one name with two texts is a bug, not something to pick from.
 */
export function addShared(known: Map<string, string>, ctes: readonly { name: string; sql: string }[] = []): { name: string; sql: string }[] {
  const added: { name: string; sql: string }[] = [];
  for (const cte of ctes) {
    const text = known.get(cte.name);
    if (text !== undefined && text !== cte.sql) throw new Error(`shared CTE ${cte.name} has two texts`);
    if (text !== undefined) continue;
    known.set(cte.name, cte.sql);
    added.push(cte);
  }
  return added;
}

/** Collects the arms of one set query. */
export class Arms {
  private readonly arms = new Map<string, Arm>();

  add(checkKey: string, parts: SetQueryParts & { arm: NonNullable<SetQueryParts['arm']> }, literal: (text: string) => string): void {
    const { grouping } = parts.arm;
    let arm = this.arms.get(grouping);
    if (!arm) {
      arm = { grouping, shared: new Map(), ctes: [], selects: [], reads: [], orders: [] };
      this.arms.set(grouping, arm);
    }
    addShared(arm.shared, parts.shared);
    if (!arm.shared.has(grouping)) throw new Error(`arm ${grouping} is not among the check's shared CTEs`);
    arm.ctes.push(...parts.ctes.map((cte) => `${cte.name} AS (${cte.sql})`));
    arm.selects.push(...parts.selects);
    if (!arm.reads.includes(parts.arm.reads)) arm.reads.push(parts.arm.reads);
    arm.orders.push(`WHEN ${literal(checkKey)} THEN ${parts.arm.worstFirst}`);
  }

  /** Names of the shared CTEs inside arms (no check outside an arm may share them). */
  sharedNames(): Set<string> {
    return new Set([...this.arms.values()].flatMap((arm) => [...arm.shared.keys()]));
  }

  /** One SELECT yielding every arm's rows, or null when there is no arm. */
  render(): string | null {
    if (this.arms.size === 0) return null;
    const lists = [...this.arms.values()].map(renderArm);
    return `SELECT unnest(r, recursive := true) FROM (SELECT unnest(flatten([${lists.join(', ')}])) AS r)`;
  }
}

function renderArm(arm: Arm): string {
  const failing = `${failingGroupsName(arm.grouping)} AS (SELECT * FROM ${arm.grouping} WHERE ${arm.reads.map((r) => `(${r})`).join(' OR ')})`;
  const ctes = [...[...arm.shared].map(([name, sql]) => `${name} AS (${sql})`), failing, ...arm.ctes];
  // A check's summary first ('summary' > 'group'), then its listing worst first, as its SELECTs
  // ordered it: list() keeps no order of its input unless told.
  const order = `r.check_key, r.row_type DESC, CASE r.check_key ${arm.orders.join(' ')} END, r.key_json`;
  return `(SELECT list(r ORDER BY ${order}) FROM (WITH ${ctes.join(', ')} ${arm.selects.join(' UNION ALL ')}) AS r)`;
}
