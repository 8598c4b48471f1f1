// The test workers' Node flags (vitest.config.ts): a vitest upgrade that stopped passing execArgv
// to the workers would otherwise slow the suite silently.
import { expect, it } from 'vitest';

it('runs this worker without the optimizing compiler', () => {
  expect(process.execArgv).toContain('--no-turbofan');
});
