// `dq diff` on a store that lists a run but cannot read it back (a broken store, a BigQuery load
// seen half-way): dq failed, exit 2. Only a run id the user typed that the store does not hold is
// a usage problem (exit 3). The store is the project's real one (.dq/history.duckdb), opened
// through a module wrapper (test/wrapped-modules.test.ts runs this file) that makes the runs in
// `unreadable` read back as missing.
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/history/records.js';
import { unreadable as UNREADABLE } from '../cli/stage-state.js';
import { dq } from '../e2e/cli.js';
import { makeProject } from '../e2e/fixture.js';
import { seedHistory } from './seeded-store.js';

function run(id: string, at: string, selection = 'nightly'): RunRecord {
  return {
    run_id: id, started_at: at, finished_at: at, suite: selection, select: [], exclude: [], target: 'local', engine: 'duckdb',
    as_of: at.slice(0, 10), from: null, to: null, exit_code: 0, status: 'pass', selection,
    checks: [],
  };
}

async function diff(unreadable: string[], args: string[]) {
  const cwd = await makeProject({}, { warehouse: false });
  await seedHistory(cwd, [run('r1', '2026-01-01T00:00:00.000Z'), run('r2', '2026-01-02T00:00:00.000Z'), run('r3', '2026-01-03T00:00:00.000Z')]);
  UNREADABLE.clear();
  for (const id of unreadable) UNREADABLE.add(id);
  return dq(cwd, ['diff', '--format', 'json', ...args]);
}

describe('dq diff, a run the store lists but cannot read back: exit 2', () => {
  it.each([
    ['the newest run (no run ids)', ['r3'], []],
    ['the run before it (no run ids)', ['r2'], []],
    ['the later run of a named run', ['r3'], ['r1']],
    ['a run picked by --since', ['r1'], ['--since', '2026-01-02']],
  ])('%s', async (_name, unreadable, args) => {
    const result = await diff(unreadable, args);
    expect([result.code, result.stderr.trim()]).toEqual([2, `dq: run ${unreadable[0]} is listed in the history store but cannot be read back`]);
    expect(result.stdout).toBe('');
  });
});

describe('a run id the user names', () => {
  it('that the store does not hold is a usage problem: exit 3', async () => {
    const result = await diff([], ['r1', 'r9']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no run r9 in the history store/);
  });

  it('that reads back: the diff runs (exit 0)', async () => {
    expect((await diff([], ['r1', 'r2'])).code).toBe(0);
  });
});
