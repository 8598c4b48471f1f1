// dq diff's comparison of two recorded runs, on hand-written records: each kind of partition
// change, worst first, and the checks whose partitions say nothing (not evaluated).
import { describe, expect, it } from 'vitest';
import { diffRuns } from '../../src/history/diff.js';
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
