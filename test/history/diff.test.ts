// dq diff's comparison of two recorded runs, on hand-written records: each kind of partition
// change, worst first, and the checks whose partitions say nothing (not evaluated).
import { describe, expect, it } from 'vitest';
import { diffRuns } from '../../src/history/diff.js';
import { diffExitCode, renderDiffConsole } from '../../src/history/render-diff.js';
import type { CheckRecord, PartitionRecord, RunRecord } from '../../src/history/records.js';

const day = (date: string, status: PartitionRecord['status'], value: number | null = 1): PartitionRecord => ({
  key: JSON.stringify({ d: date }),
  value,
  rows: 1,
  status,
  reason: null,
});

function check(id: string, status: CheckRecord['status'], partitions: PartitionRecord[], complete = true, metric: number | null = null): CheckRecord {
  return {
    check_id: id, table: 't', type: 'row_count', status, metric_name: 'rows', metric_value: metric, metric_text: null,
    metric_unit: 'count', rows_evaluated: 1, failing_group_count: 0, partition_unit: null, partitions_complete: complete, partitions,
  };
}

function runOf(id: string, checks: CheckRecord[]): RunRecord {
  return {
    run_id: id, started_at: '2026-01-01T00:00:00Z', finished_at: '2026-01-01T00:00:01Z', suite: null, select: [], exclude: [],
    target: 'local', engine: 'duckdb', as_of: '2026-01-01', from: null, to: null, exit_code: 1, status: 'fail', selection: 's', checks,
  };
}

const changes = (diff: ReturnType<typeof diffRuns>) => diff.partitions.map((p) => [p.change, JSON.parse(p.key).d as string]);

describe('diffRuns', () => {
  it('classifies every partition of a check recording all of them, worst first', () => {
    const before = runOf('a', [check('c', 'fail', [day('01', 'fail'), day('02', 'pass'), day('03', 'fail'), day('04', 'pass'), day('05', 'pass')])]);
    const after = runOf('b', [check('c', 'fail', [day('01', 'pass'), day('02', 'fail'), day('03', 'fail'), day('05', 'pass'), day('06', 'fail')])]);
    const diff = diffRuns(before, after);
    expect(changes(diff)).toEqual([
      ['regressed', '02'],
      ['still_failing', '03'],
      ['new', '06'],
      ['gone', '04'],
      ['fixed', '01'],
    ]);
    expect(diff.regressed).toBe(true);
  });

  it('a check recording only failing partitions: an unlisted one passed (fixed, regressed), never new or gone', () => {
    const before = runOf('a', [check('c', 'fail', [day('01', 'fail'), day('03', 'fail')], false)]);
    const after = runOf('b', [check('c', 'fail', [day('02', 'fail'), day('03', 'fail')], false)]);
    expect(changes(diffRuns(before, after))).toEqual([
      ['regressed', '02'],
      ['still_failing', '03'],
      ['fixed', '01'],
    ]);
  });

  it('a check that errored or was skipped in one run fixes nothing: only its status change is listed, as worse', () => {
    const before = runOf('a', [check('c', 'fail', [day('01', 'fail')], false)]);
    const after = runOf('b', [check('c', 'error', [], false)]);
    const diff = diffRuns(before, after);
    expect(diff.partitions).toEqual([]);
    expect(diff.status_changes).toEqual([{ check_id: 'c', before: 'fail', after: 'error', worse: true }]);
    expect(diff.regressed).toBe(true);
  });

  it('a set check that listed only some of its failing partitions: the unlisted ones are unknown, never passing, and the diff is incomplete', () => {
    const cut = (partitions: PartitionRecord[], failing: number) => ({ ...check('c', 'fail', partitions, false), failing_group_count: failing });
    // After: 01 listed, one more failing partition not listed (it may be 02, passing before).
    const hidden = diffRuns(runOf('a', [cut([day('01', 'fail')], 1)]), runOf('b', [cut([day('01', 'fail')], 2)]));
    expect(changes(hidden)).toEqual([['still_failing', '01']]);
    expect(hidden.regressed).toBe(false);
    expect(hidden.incomplete).toEqual([{ check_id: 'c', reason: 'run b listed 1 of its 2 failing partitions' }]);
    expect(diffExitCode(hidden)).toBe(2);
    // Before listed 01 and 02 of 3: 04, failing after, may have failed before (unknown, not regressed);
    // 02, not listed by a complete after list, is fixed.
    const before = runOf('a', [cut([day('01', 'fail'), day('02', 'fail')], 3)]);
    const after = runOf('b', [cut([day('01', 'fail'), day('04', 'fail')], 2)]);
    const diff = diffRuns(before, after);
    expect(changes(diff)).toEqual([['still_failing', '01'], ['fixed', '02']]);
    expect(diff.incomplete).toEqual([{ check_id: 'c', reason: 'run a listed 2 of its 3 failing partitions' }]);
    expect(diffExitCode(diff)).toBe(2);
    expect(renderDiffConsole(diff)).toContain('not comparable: c (run a listed 2 of its 3 failing partitions)');
    // A regression known elsewhere still exits 1.
    const worse = diffRuns(
      runOf('a', [...before.checks, check('d', 'pass', [day('09', 'pass')])]),
      runOf('b', [...after.checks, check('d', 'fail', [day('09', 'fail')])]),
    );
    expect(changes(worse)).toContainEqual(['regressed', '09']);
    expect(diffExitCode(worse)).toBe(1);
  });

  it('a fix with nothing worse does not regress; metric deltas are after minus before', () => {
    const before = runOf('a', [check('c', 'fail', [day('01', 'fail', 2)], true, 2)]);
    const after = runOf('b', [check('c', 'pass', [day('01', 'pass', 10)], true, 10)]);
    const diff = diffRuns(before, after);
    expect(changes(diff)).toEqual([['fixed', '01']]);
    expect(diff.status_changes).toEqual([{ check_id: 'c', before: 'fail', after: 'pass', worse: false }]);
    expect(diff.metric_deltas).toEqual([{ check_id: 'c', metric: 'rows', unit: 'count', before: 2, after: 10, delta: 8 }]);
    expect(diff.regressed).toBe(false);
  });
});
