// What a run calls, counted with spies on whole modules (vi.mock, hence isolated): each check
// compiled once (compile-once.cases.ts), the SQL layout never (no-format-on-run.cases.ts). The
// spies call the real functions, so the two sets of cases share one fresh process.
import { vi } from 'vitest';

vi.mock('../../src/plan/compile.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/plan/compile.js')>();
  return { ...original, compile: vi.fn(original.compile) };
});
vi.mock('../../src/dialects/layout-sql.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/dialects/layout-sql.js')>();
  return { ...original, layoutSql: vi.fn(original.layoutSql) };
});

await import('./compile-once.cases.js');
await import('./no-format-on-run.cases.js');
