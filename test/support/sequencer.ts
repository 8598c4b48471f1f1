// The order `vitest run` starts test files in. First the `isolated` project's files (each in a
// fresh process), then the slowest shared files, so that none of them starts near the end and
// runs alone while the other workers have nothing left to do; then the rest, larger files first
// (vitest's own order when it has no results cache).
// Isolated files go first because vitest keeps a shared worker only while the next file in line
// can run in it: a worker that finishes a file while an isolated file is next in line is ended
// (vitest's pool, `queue[0]?.task.isolate === false`), and the shared files after it need a new
// process that imports DuckDB, the sources and the test server again. Isolated files placed
// among the shared ones ran 8 worker processes per `npm test`; first, they run 6 (3 + 3).
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
  // Isolated, listed so the slow two start first: five files' tests that wrap modules of src/, in
  // one process; Google auth lookups that wait.
  'test/wrapped-modules.test.ts',
  'test/engines/bigquery-offline.test.ts',
  'test/docs/runnable.test.ts', // ~9 s: the README and docs commands, `npm run demo` among them
  'test/bigquery/example-project.test.ts',
  'test/bigquery/answer-mutations.test.ts',
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
      return y.isolated - x.isolated || x.rank - y.rank || y.size - x.size || (x.file < y.file ? -1 : x.file > y.file ? 1 : 0);
    });
  }
}
