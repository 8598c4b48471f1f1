// What happens when a stage of dq fails: an unexpected exception in `dq run` ends in exit 2
// (crash-exit.cases.ts), an interruption in exit 130 (signals.cases.ts), a stored run that cannot
// be read back in `dq diff` exit 2 (../history/diff-unreadable-run.cases.ts). Each needs stage
// modules wrapped for the whole file (vi.mock, hence isolated), so they share one fresh process
// instead of starting one each. A wrapper does nothing unless a test names its stage or run.
import { vi } from 'vitest';
import type { HistoryStore } from '../../src/history/store.js';

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

vi.mock('../../src/history/open-store.js', async (importOriginal) => {
  const { unreadable } = await import('./stage-state.js');
  const original = await importOriginal<typeof import('../../src/history/open-store.js')>();
  return {
    ...original,
    openHistoryStore: async (...args: Parameters<typeof original.openHistoryStore>): Promise<HistoryStore> => {
      const store = await original.openHistoryStore(...args);
      return {
        append: (run, options) => store.append(run, options),
        runs: (options) => store.runs(options),
        read: async (id, options) => (unreadable.has(id) ? undefined : store.read(id, options)),
        close: () => store.close(),
      };
    },
  };
});

await import('./crash-exit.cases.js');
await import('./signals.cases.js');
await import('../history/diff-unreadable-run.cases.js');
