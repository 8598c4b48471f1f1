import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    // One process per test file: the in-process CLI harness (test/e2e/cli.ts) changes the
    // working folder, which worker threads cannot do.
    pool: 'forks',
    // vitest's default on 2 cores is a single worker; most test time waits on DuckDB, the
    // BigQuery test server and child processes, so two files at once nearly halve the wall time.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
