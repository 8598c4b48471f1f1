import { defineConfig } from 'vitest/config';
import { ISOLATED } from './test/support/isolated.js';
import { SlowestFirst } from './test/support/sequencer.js';

const EXCLUDE = ['test/browser/**', '**/node_modules/**'];

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    // One process per worker, not threads: the in-process CLI harness (test/e2e/cli.ts) changes
    // the working folder, which worker threads cannot do.
    pool: 'forks',
    // vitest's default on 2 cores is a single worker; much test time waits on DuckDB, the BigQuery
    // test server and its analyzer process, so more files at once are faster. Measured on this
    // 2-core machine, quiet, whole `npm test`: 2 workers 76.5 s, 3 workers 69.5 s, 4 workers 74.4 s.
    maxWorkers: 3,
    // Test workers run without V8's optimizing compiler: the suite's JavaScript runs briefly, and
    // TurboFan spent more CPU compiling it than the compiled code saved. Measured on this 2-core
    // machine, whole `npx vitest run`, 3 runs each way, interleaved: median 47.5 -> 43.5 s wall,
    // 88.8 -> 82.2 s CPU. What the code does is the same under every V8 tier.
    execArgv: ['--no-turbofan'],
    // Slowest files first (isolated ones too), the other isolated files last, the same order on every run (see the file).
    sequence: { sequencer: SlowestFirst },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        // The other files leave a process as they found it (the CLI harness, the docs tests and
        // the proxy test restore the working folder, environment and stdout; fake timers are
        // undone after each test), so a worker runs one after the other without
        // re-importing vitest, DuckDB and the sources for each: most of the suite's time was that.
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...EXCLUDE, ...ISOLATED], isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED, exclude: EXCLUDE, isolate: true } },
    ],
  },
});
