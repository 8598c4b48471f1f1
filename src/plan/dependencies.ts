// depends_on: upstream checks run first, and a check whose upstream did not pass is skipped
// (evaluated anyway and marked, with --no-block / `block: false`).
import type { CheckSpec } from '../config/types.js';

/**
 * The selection plus every check it depends on, transitively, in project order; the ids in
 * `excluded` (an explicit --exclude or a suite's exclude) are never added back, nor is what only
 * they depend on. `dq list`, `dq compile` and `dq run` all get their checks from here.
 */
export function withUpstream(selected: CheckSpec[], all: CheckSpec[], excluded: ReadonlySet<string> = new Set()): CheckSpec[] {
  const byId = new Map(all.map((c) => [c.id, c]));
  const wanted = new Set<string>();
  const visit = (check: CheckSpec) => {
    if (wanted.has(check.id)) return;
    wanted.add(check.id);
    for (const id of check.dependsOn ?? []) {
      const upstream = byId.get(id);
      if (upstream && !excluded.has(id)) visit(upstream);
    }
  };
  selected.forEach(visit);
  return all.filter((c) => wanted.has(c.id));
}

/** The upstream ids of the run's checks that are not in the run (they were excluded): id → the checks needing it. */
export function upstreamNotRun(checks: CheckSpec[]): Map<string, string[]> {
  const inRun = new Set(checks.map((c) => c.id));
  const missing = new Map<string, string[]>();
  for (const check of checks) {
    for (const id of check.dependsOn ?? []) {
      if (!inRun.has(id)) missing.set(id, [...(missing.get(id) ?? []), check.id]);
    }
  }
  return missing;
}

/** Returns a dependency cycle as a list of ids (first = last), or null when there is none. */
export function findCycle(checks: CheckSpec[]): string[] | null {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const state = new Map<string, 'active' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'active') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'active');
    path.push(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(dep)) continue;
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const check of checks) {
    const cycle = visit(check.id);
    if (cycle) return cycle;
  }
  return null;
}

/** Checks in stages: every check's upstream checks are in earlier stages. Assumes no cycle. */
export function dependencyStages(checks: CheckSpec[]): CheckSpec[][] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const level = new Map<string, number>();
  const levelOf = (check: CheckSpec): number => {
    const known = level.get(check.id);
    if (known !== undefined) return known;
    const deps = (check.dependsOn ?? []).map((id) => byId.get(id)).filter((c): c is CheckSpec => !!c);
    const value = deps.length ? 1 + Math.max(...deps.map(levelOf)) : 0;
    level.set(check.id, value);
    return value;
  };
  const stages: CheckSpec[][] = [];
  for (const check of checks) (stages[levelOf(check)] ??= []).push(check);
  return stages.filter(Boolean);
}
