import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', '**/node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    // One process per test file: the in-process CLI harness (test/e2e/cli.ts) changes the
    // working folder, which worker threads cannot do.
    pool: 'forks',
    // vitest's default on 2 cores is a single worker; much test time waits on DuckDB and the
    // BigQuery test server, so two files at once are faster (CLI and BigQuery files: 117 s → 89 s).
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
