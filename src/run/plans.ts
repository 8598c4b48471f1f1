// One compile per run. A run needs the same statements several times: the type check against the
// tables' metadata, the dry runs (before and after `window: { last: N }` is resolved, under a
// budget) and the execution. RunPlans compiles each distinct set of checks once and hands out the
// same statements again, renumbered (query ids follow the run's order; the SQL never names them).
import type { CheckSpec } from '../config/types.js';
import { compile, withId, type CompiledPlan, type CompileOptions } from '../plan/compile.js';
import type { TableCatalog } from '../plan/columns.js';

/** compile()'s signature: what preflight, windows and stages call. */
export type CompileFn = (checks: CheckSpec[], options: CompileOptions) => CompiledPlan;

export class RunPlans {
  private readonly plans = new Map<string, CompiledPlan>();
  /** A number per check object: a changed copy of a check (same id, say drill-down's) is another plan. */
  private readonly specs = new WeakMap<CheckSpec, number>();
  private nextSpec = 0;
  /** The catalog the cached plans were compiled against; any other is compiled afresh. */
  private tables: TableCatalog | undefined;

  readonly compile: CompileFn = (checks, options) => {
    if (this.tables !== options.tables) {
      this.tables = options.tables;
      this.plans.clear();
    }
    // The only option that changes during a run: each check's resolved window partitions.
    const key = JSON.stringify(checks.map((c) => [this.specNumber(c), options.windows?.get(c.id) ?? null]));
    let plan = this.plans.get(key);
    if (!plan) {
      plan = compile(checks, { ...options, firstQueryNumber: 1 });
      this.plans.set(key, plan);
    }
    const first = options.firstQueryNumber ?? 1;
    return { ...plan, queries: plan.queries.map((q, i) => withId(q, `q${first + i}`)) };
  };

  private specNumber(check: CheckSpec): number {
    let n = this.specs.get(check);
    if (n === undefined) this.specs.set(check, (n = this.nextSpec++));
    return n;
  }
}
