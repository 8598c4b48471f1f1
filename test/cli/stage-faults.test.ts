// What happens when a stage of `dq run` fails: an unexpected exception ends in exit 2
// (crash-exit.cases.ts), an interruption in exit 130 (signals.cases.ts). Both need the same
// stage modules wrapped for the whole file (vi.mock, hence isolated), so they share one fresh
// process instead of starting one each. A wrapper does nothing unless a test names its stage.
import { vi } from 'vitest';

vi.mock('../../src/config/load.js', async (importOriginal) => {
  const { hookExport } = await import('./stage-hook.js');
  const { fault, phase } = await import('./stage-state.js');
  return hookExport(await importOriginal<typeof import('../../src/config/load.js')>(), 'loadProject', () => {
    if (fault.stage === 'load') throw new TypeError("Cannot read properties of undefined (reading 'checks')\n    at load");
    if (phase.name === 'load') phase.interrupt();
  });
});
vi.mock('../../src/plan/compile.js', async (importOriginal) => {
  const { hookExport } = await import('./stage-hook.js');
  const { fault, phase } = await import('./stage-state.js');
  return hookExport(await importOriginal<typeof import('../../src/plan/compile.js')>(), 'compile', () => {
    if (fault.stage === 'compile') throw new TypeError('boom while planning');
    if (phase.name === 'compile') phase.interrupt();
  });
});
vi.mock('../../src/run/partitions.js', async (importOriginal) => {
  const { hookExport } = await import('./stage-hook.js');
  const { fault } = await import('./stage-state.js');
  return hookExport(await importOriginal<typeof import('../../src/run/partitions.js')>(), 'failingPartitions', () => {
    if (fault.stage === 'post') throw new RangeError('boom while summing up');
  });
});
vi.mock('../../src/reports/console.js', async (importOriginal) => {
  const { hookExport } = await import('./stage-hook.js');
  const { fault } = await import('./stage-state.js');
  return hookExport(await importOriginal<typeof import('../../src/reports/console.js')>(), 'renderConsole', () => {
    if (fault.stage === 'console') throw new TypeError('boom while rendering the console');
  });
});

await import('./crash-exit.cases.js');
await import('./signals.cases.js');
