// The order `vitest run` starts test files in. The slowest files first (of either project), so
// that none of them starts near the end and runs alone while the other workers have nothing left
// to do; then the rest, larger files first (vitest's own order when it has no results cache); the
// other `isolated` project's files (each in a fresh process, all short) last, where they fill the
// workers' gaps.
// vitest's default order reads durations from its results cache (node_modules/.vite), which a
// clean clone does not have and every local run rewrites: this order is the same on every run.
import { statSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest files of `npm test`, slowest first (seconds on the 2-core machine, whole run).
 * Keep a file here when it takes several seconds; the order among the last few matters little.
 */
export const SLOWEST_FIRST = [
  'test/docs/runnable.test.ts', // ~13 s: the README and docs commands, `npm run demo` among them
  'test/bigquery/example-project.test.ts',
  'test/bigquery/answer-mutations.test.ts',
  // Isolated files run in this order too: these two take several seconds (five files' tests that
  // wrap modules of src/, in one process; Google auth lookups that wait), too long for the end.
  'test/wrapped-modules.test.ts',
  'test/engines/bigquery-offline.test.ts',
  'test/history/over-time.test.ts',
  'test/bigquery/cli.test.ts',
  'test/run/incomplete-rows.test.ts',
  'test/demo/repair.test.ts',
  'test/bigquery/partition-types.test.ts',
  'test/e2e/bin.test.ts',
  'test/demo/warehouse.test.ts',
  'test/history/store.test.ts',
  'test/reports/write.test.ts',
  'test/example/audit-mode.test.ts',
  'test/example/partitions.test.ts',
  'test/cli/out-folder.test.ts',
  'test/security/fuzz.test.ts',
  'test/history/bigquery-cli.test.ts',
  'test/bigquery/samples.test.ts',
  'test/e2e/exit-codes.test.ts',
  'test/docs/action.test.ts',
  'test/bigquery/pruning.test.ts',
  'test/bench/agreement.test.ts',
  'test/cli/sigterm.test.ts',
];

export class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const key = (spec: TestSpecification) => {
      const file = path.relative(spec.project.config.root, spec.moduleId).split(path.sep).join('/');
      const rank = SLOWEST_FIRST.indexOf(file);
      return { isolated: spec.project.config.isolate ? 1 : 0, rank: rank === -1 ? SLOWEST_FIRST.length : rank, size: statSync(spec.moduleId).size, file };
    };
    const keys = new Map(files.map((spec) => [spec, key(spec)]));
    return [...files].sort((a, b) => {
      const x = keys.get(a)!;
      const y = keys.get(b)!;
      return x.rank - y.rank || x.isolated - y.isolated || y.size - x.size || (x.file < y.file ? -1 : x.file > y.file ? 1 : 0);
    });
  }
}
