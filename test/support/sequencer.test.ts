// The order test files start in (test/support/sequencer.ts, vitest.config.ts).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { ISOLATED } from './isolated.js';
import { SLOWEST_FIRST, SlowestFirst } from './sequencer.js';

const ROOT = process.cwd();
const isolatedFile = (file: string) => ISOLATED.includes(file);

/** What the sequencer reads of a specification: its file and its project's root and isolation. */
const spec = (file: string, isolate = false) =>
  ({ moduleId: path.join(ROOT, file), project: { config: { root: ROOT, isolate } } }) as unknown as TestSpecification;

const order = async (specs: TestSpecification[]) =>
  (await new SlowestFirst({} as Vitest).sort(specs)).map((s) => path.relative(ROOT, s.moduleId));

describe('SlowestFirst', () => {
  it('lists test files that exist, each once (a renamed slow file would otherwise start late unnoticed)', () => {
    for (const file of SLOWEST_FIRST) expect(existsSync(file), file).toBe(true);
    expect(new Set(SLOWEST_FIRST).size).toBe(SLOWEST_FIRST.length);
  });

  it('starts the isolated files first, then the listed files in their order, then the others largest first', async () => {
    const listed = SLOWEST_FIRST.filter((file) => !isolatedFile(file));
    const [slowest, second] = listed as [string, string];
    // Unlisted, the first larger than the second (their sizes checked, not assumed).
    const large = 'test/engines/bigquery-server.test.ts';
    const small = 'test/run/tables-of.test.ts';
    const isolated = 'test/engines/duckdb-timezone.test.ts';
    expect(SLOWEST_FIRST).not.toContain(large);
    expect(SLOWEST_FIRST).not.toContain(small);
    expect(statSync(large).size).toBeGreaterThan(statSync(small).size);
    expect(await order([spec(small), spec(second), spec(large), spec(isolated, true), spec(slowest)])).toEqual([isolated, slowest, second, large, small]);
  });

  it('starts the listed isolated files in their listed order, before an unlisted isolated one', async () => {
    const [first, second] = SLOWEST_FIRST.filter(isolatedFile) as [string, string];
    const unlisted = 'test/engines/duckdb-timezone.test.ts';
    expect(SLOWEST_FIRST).not.toContain(unlisted);
    expect(await order([spec('test/run/tables-of.test.ts'), spec(unlisted, true), spec(second, true), spec(first, true)])).toEqual([
      first,
      second,
      unlisted,
      'test/run/tables-of.test.ts',
    ]);
  });

});
