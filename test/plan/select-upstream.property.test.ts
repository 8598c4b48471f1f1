// Issue 12: the checks a selection runs (selectChecks, what `dq list` lists and `dq run` runs),
// on generated dependency graphs, selections and excludes: closed under depends_on except for
// the excluded checks, which are never added back, and nothing beyond the selection's upstream.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckSpec, Project } from '../../src/config/types.js';
import { selectChecks } from '../../src/plan/select.js';
import { withUpstream } from '../../src/plan/dependencies.js';

/** n checks t.c0..t.c{n-1}; check i may depend only on checks before it (no cycle). */
const graph = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.tuple(
    fc.constant(n),
    fc.array(fc.subarray([...Array(n).keys()]), { minLength: n, maxLength: n }),
    fc.subarray([...Array(n).keys()], { minLength: 1 }),
    fc.subarray([...Array(n).keys()]),
  ),
);

function project(n: number, deps: number[][]): Project {
  const checks = [...Array(n).keys()].map(
    (i) =>
      ({
        id: `t.c${i}`,
        name: `c${i}`,
        file: 'checks/t.yaml',
        table: 'ds.t',
        type: 'row_count',
        args: {},
        tags: [],
        severity: 'error',
        minRows: 1,
        pos: { file: 'checks/t.yaml', line: 1, column: 1 },
        dependsOn: deps[i]!.filter((d) => d < i).map((d) => `t.c${d}`),
      }) as CheckSpec,
  );
  return { root: '/', configFile: '/checks.config.yaml', config: {} as Project['config'], checks, suites: {} };
}

describe('selectChecks with upstream checks', () => {
  it('runs the selection and its upstream checks, never an excluded one, and says which were added and which were excluded', () => {
    fc.assert(
      fc.property(graph, ([n, deps, selected, excludedIdx]) => {
        const p = project(n, deps);
        const select = selected.map((i) => `t.c${i}`);
        const exclude = excludedIdx.map((i) => `t.c${i}`);
        const left = select.filter((id) => !exclude.includes(id));
        if (left.length === 0) return; // "no check is left" is a configuration error, tested elsewhere
        const result = selectChecks(p, { select, exclude: exclude.length ? exclude : undefined });
        const ids = new Set(result.checks.map((c) => c.id));
        // Recomputed by hand: a walk up depends_on from what is left, stopping at excluded checks.
        const expected = new Set<string>();
        const walk = (id: string) => {
          if (expected.has(id) || exclude.includes(id)) return;
          expected.add(id);
          for (const d of p.checks.find((c) => c.id === id)!.dependsOn ?? []) walk(d);
        };
        left.forEach(walk);
        expect([...ids].sort()).toEqual([...expected].sort());
        for (const id of exclude) expect(ids.has(id)).toBe(false);
        expect([...result.upstream].sort()).toEqual([...ids].filter((id) => !left.includes(id)).sort());
        // Every dependency not run is an excluded one, reported with the checks needing it.
        for (const c of result.checks) {
          for (const d of c.dependsOn ?? []) {
            if (!ids.has(d)) {
              expect(exclude).toContain(d);
              expect(result.upstreamNotRun.get(d)).toContain(c.id);
            }
          }
        }
        // run() given the same checks and exclusions runs exactly these (one code path).
        expect(withUpstream(result.checks, p.checks, new Set(result.excluded)).map((c) => c.id)).toEqual(result.checks.map((c) => c.id));
      }),
      { numRuns: 300 },
    );
  });
});
