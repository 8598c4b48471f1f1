// depends_on: upstream checks run first, and a check whose upstream did not pass is skipped.
import type { CheckSpec } from '../config/types.js';

/** The selection plus every check it depends on, transitively, in project order. */
export function withUpstream(selected: CheckSpec[], all: CheckSpec[]): CheckSpec[] {
  const byId = new Map(all.map((c) => [c.id, c]));
  const wanted = new Set<string>();
  const visit = (check: CheckSpec) => {
    if (wanted.has(check.id)) return;
    wanted.add(check.id);
    for (const id of check.dependsOn ?? []) {
      const upstream = byId.get(id);
      if (upstream) visit(upstream);
    }
  };
  selected.forEach(visit);
  return all.filter((c) => wanted.has(c.id));
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
