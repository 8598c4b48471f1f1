// The order test files start in (test/support/sequencer.ts, vitest.config.ts).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { SLOWEST_FIRST, SlowestFirst } from './sequencer.js';

const ROOT = process.cwd();

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

  it('starts the listed files in their order, then the others largest first, the isolated project last', async () => {
    const [slowest, second] = SLOWEST_FIRST as [string, string];
    // Unlisted, the first larger than the second (their sizes checked, not assumed).
    const large = 'test/engines/bigquery-server.test.ts';
    const small = 'test/run/tables-of.test.ts';
    const isolated = 'test/engines/duckdb-timezone.test.ts';
    expect(SLOWEST_FIRST).not.toContain(large);
    expect(SLOWEST_FIRST).not.toContain(small);
    expect(statSync(large).size).toBeGreaterThan(statSync(small).size);
    expect(await order([spec(isolated, true), spec(small), spec(second), spec(large), spec(slowest)])).toEqual([slowest, second, large, small, isolated]);
  });

  it('starts a listed isolated file in its listed place: a slow one never waits for the end', async () => {
    const listed = 'test/wrapped-modules.test.ts';
    const [slowest] = SLOWEST_FIRST as [string];
    const unlisted = 'test/engines/bigquery-server.test.ts';
    const shortIsolated = 'test/engines/duckdb-timezone.test.ts';
    expect(SLOWEST_FIRST).toContain(listed);
    expect(SLOWEST_FIRST).not.toContain(unlisted);
    expect(SLOWEST_FIRST).not.toContain(shortIsolated);
    expect(await order([spec(shortIsolated, true), spec(unlisted), spec(listed, true), spec(slowest)])).toEqual([slowest, listed, unlisted, shortIsolated]);
  });
});
