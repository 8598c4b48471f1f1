// Browser tests: report.html opened in headless Chromium (Debian's /usr/bin/chromium via
// playwright-core). Run with `npm run test:browser`; install Chromium with .ci/install-chromium.sh.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    // The demo warehouse cache of test/support/demo-cache.ts (test/support/demo-run.ts copies from it).
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
