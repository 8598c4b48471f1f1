// The `isolated` project of vitest.config.ts (test/support/sequencer.ts starts its files first).
// Test files that change what a process shares and do not (or cannot) put it back: module mocks
// (vi.mock), a time zone set for the whole file, Google auth state cached by the BigQuery client
// (credentials and metadata-server lookups made under a test's environment). Each runs in a fresh
// process, as every file used to. Tests that wrap modules of src/ (vi.mock of a function that
// calls the real one unless a test asks otherwise) go in a *.cases.ts file imported by
// test/wrapped-modules.test.ts, which holds every such wrapper: one process for all of them.
export const ISOLATED = [
  'test/wrapped-modules.test.ts',
  'test/engines/bigquery-offline.test.ts',
  'test/engines/duckdb-timezone.test.ts',
];
