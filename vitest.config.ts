import { defineConfig } from 'vitest/config';

// Test files that change what a process shares and do not put it back: module mocks (vi.mock),
// a time zone or environment set for the whole file, BigQuery client settings in process.env,
// process-wide listeners, the environment wiped around the documented commands. Each runs in a
// fresh process, as every file used to.
const ISOLATED = [
  'test/cli/crash-exit.test.ts',
  'test/cli/signals.test.ts',
  'test/docs/action.test.ts',
  'test/docs/runnable.test.ts',
  'test/engines/bigquery-offline.test.ts',
  'test/engines/bigquery.test.ts',
  'test/engines/duckdb-lockdown.test.ts',
  'test/engines/duckdb-timezone.test.ts',
  'test/reports/progress.test.ts',
];
const EXCLUDE = ['test/browser/**', '**/node_modules/**'];

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    // One process per worker, not threads: the in-process CLI harness (test/e2e/cli.ts) changes
    // the working folder, which worker threads cannot do.
    pool: 'forks',
    // vitest's default on 2 cores is a single worker; much test time waits on DuckDB and the
    // BigQuery test server, so two files at once are faster (CLI and BigQuery files: 117 s → 89 s).
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        // The other files leave a process as they found it (the CLI harness restores the working
        // folder, environment and stdout), so a worker runs one after the other without
        // re-importing vitest, DuckDB and the sources for each: most of the suite's time was that.
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...EXCLUDE, ...ISOLATED], isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED, exclude: EXCLUDE, isolate: true } },
    ],
  },
});
