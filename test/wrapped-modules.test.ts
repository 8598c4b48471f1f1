// The tests that need modules of src/ wrapped for a whole file (vi.mock, hence the `isolated`
// project) share this one fresh process instead of starting one each. Every wrapper calls the
// real function and changes nothing unless a test asks it to (cli/stage-state.ts):
// - an unexpected exception at a stage of `dq run` ends in exit 2 (cli/crash-exit.cases.ts);
// - an interruption at a stage ends in exit 130 (cli/signals.cases.ts);
// - a stored run that cannot be read back makes `dq diff` exit 2 (history/diff-unreadable-run.cases.ts);
// - a run compiles each check once (run/compile-once.cases.ts) and never lays out SQL
//   (run/no-format-on-run.cases.ts), counted by spies on compile() and layoutSql();
// - the DuckDB engine classifies a statement its dry run prepared once, not twice
//   (engines/duckdb-dry-run-reuse.cases.ts), counted by a spy on classifyStatement().
import { vi } from 'vitest';
import type { HistoryStore } from '../src/history/store.js';

vi.mock('../src/config/load.js', async (importOriginal) => {
  const { hookExport } = await import('./cli/stage-hook.js');
  const { fault, phase } = await import('./cli/stage-state.js');
  return hookExport(await importOriginal<typeof import('../src/config/load.js')>(), 'loadProject', () => {
    if (fault.stage === 'load') throw new TypeError("Cannot read properties of undefined (reading 'checks')\n    at load");
    if (phase.name === 'load') phase.interrupt();
  });
});
vi.mock('../src/plan/compile.js', async (importOriginal) => {
  const { hookExport } = await import('./cli/stage-hook.js');
  const { fault, phase } = await import('./cli/stage-state.js');
  const hooked = hookExport(await importOriginal<typeof import('../src/plan/compile.js')>(), 'compile', () => {
    if (fault.stage === 'compile') throw new TypeError('boom while planning');
    if (phase.name === 'compile') phase.interrupt();
  });
  return { ...hooked, compile: vi.fn(hooked.compile) };
});
vi.mock('../src/dialects/layout-sql.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/dialects/layout-sql.js')>();
  return { ...original, layoutSql: vi.fn(original.layoutSql) };
});
vi.mock('../src/engines/duckdb-statement.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/engines/duckdb-statement.js')>();
  return { ...original, classifyStatement: vi.fn(original.classifyStatement) };
});
vi.mock('../src/run/partitions.js', async (importOriginal) => {
  const { hookExport } = await import('./cli/stage-hook.js');
  const { fault } = await import('./cli/stage-state.js');
  return hookExport(await importOriginal<typeof import('../src/run/partitions.js')>(), 'failingPartitions', () => {
    if (fault.stage === 'post') throw new RangeError('boom while summing up');
  });
});
vi.mock('../src/reports/console.js', async (importOriginal) => {
  const { hookExport } = await import('./cli/stage-hook.js');
  const { fault } = await import('./cli/stage-state.js');
  return hookExport(await importOriginal<typeof import('../src/reports/console.js')>(), 'renderConsole', () => {
    if (fault.stage === 'console') throw new TypeError('boom while rendering the console');
  });
});
vi.mock('../src/history/open-store.js', async (importOriginal) => {
  const { unreadable } = await import('./cli/stage-state.js');
  const original = await importOriginal<typeof import('../src/history/open-store.js')>();
  return {
    ...original,
    openHistoryStore: async (...args: Parameters<typeof original.openHistoryStore>): Promise<HistoryStore> => {
      const store = await original.openHistoryStore(...args);
      return {
        append: (run, options) => store.append(run, options),
        runs: (options) => store.runs(options),
        read: async (id, options) => (unreadable.has(id) ? undefined : store.read(id, options)),
        metricHistory: (checks, scope) => store.metricHistory(checks, scope),
        close: () => store.close(),
      };
    },
  };
});

await import('./cli/crash-exit.cases.js');
await import('./cli/signals.cases.js');
await import('./history/diff-unreadable-run.cases.js');
await import('./run/compile-once.cases.js');
await import('./run/no-format-on-run.cases.js');
await import('./engines/duckdb-dry-run-reuse.cases.js');
