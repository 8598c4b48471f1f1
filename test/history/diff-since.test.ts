// Issue 13: `dq diff --since WHEN` compares the last run of the newest run's selection that
// started before WHEN with that newest run.
import { describe, expect, it } from 'vitest';
import type { PartitionRecord, RunRecord } from '../../src/history/records.js';
import { sinceInstant } from '../../src/history/since.js';
import { dq } from '../e2e/cli.js';
import { makeProject } from '../e2e/fixture.js';
import { seedHistory } from './seeded-store.js';

const DAY = 86_400_000;
const part = (date: string, status: PartitionRecord['status']): PartitionRecord => ({ key: JSON.stringify({ d: date }), value: 1, rows: 1, status, reason: null });

/** A run of `selection` started at `at`, whose grouped check has these partitions. */
function runAt(id: string, at: string, partitions: PartitionRecord[], selection = 'nightly'): RunRecord {
  return {
    run_id: id, started_at: at, finished_at: at, suite: selection, select: [], exclude: [], target: 'local', engine: 'duckdb',
    as_of: at.slice(0, 10), from: null, to: null, exit_code: 1, status: 'fail', selection,
    checks: [
      {
        check_id: 'orders.row_count', table: 'shop.orders', type: 'row_count', status: 'fail', metric_name: 'row_count', metric_value: 1,
        metric_text: '1', metric_unit: 'count', rows_evaluated: 1, failing_group_count: 1, partition_unit: null, partitions_complete: true, partitions,
      },
    ],
  };
}

async function storeOf(runs: RunRecord[]): Promise<string> {
  const cwd = await makeProject({}, { warehouse: false });
  await seedHistory(cwd, runs);
  return cwd;
}

async function diffJson(cwd: string, args: string[]) {
  const result = await dq(cwd, ['diff', '--format', 'json', ...args]);
  const diff = result.code <= 1 ? (JSON.parse(result.stdout) as { before: { run_id: string }; after: { run_id: string }; partitions: { change: string; key: string }[] }) : undefined;
  return { code: result.code, stderr: result.stderr, diff };
}

describe('dq diff --since', () => {
  // r1: 01 fails, 02 passes. other: another selection. r2: both fail. r3: 01 fixed, 02 still failing.
  const runs = [
    runAt('r1', '2026-03-01T06:00:00.000Z', [part('01', 'fail'), part('02', 'pass')]),
    runAt('other', '2026-03-02T06:00:00.000Z', [part('01', 'pass'), part('02', 'pass')], 'adhoc'),
    runAt('r2', '2026-03-05T06:00:00.000Z', [part('01', 'fail'), part('02', 'fail')]),
    runAt('r3', '2026-03-10T06:00:00.000Z', [part('01', 'pass'), part('02', 'fail')]),
  ];

  it('a date: the last run of the selection before that day against the newest run (not the run just before it)', async () => {
    const cwd = await storeOf(runs);
    // Without --since: r2 → r3, nothing regressed.
    const plain = await diffJson(cwd, []);
    expect([plain.code, plain.diff!.before.run_id, plain.diff!.after.run_id]).toEqual([0, 'r2', 'r3']);
    // Since 2026-03-03: r1 (the other selection's newer run is not it) → r3: 01 fixed, 02 regressed, exit 1.
    const since = await diffJson(cwd, ['--since', '2026-03-03']);
    expect([since.code, since.diff!.before.run_id, since.diff!.after.run_id]).toEqual([1, 'r1', 'r3']);
    expect(since.diff!.partitions.map((p) => [p.change, JSON.parse(p.key).d])).toEqual([['regressed', '02'], ['fixed', '01']]);
    // A timestamp with a zone: before r2 started.
    expect((await diffJson(cwd, ['--since', '2026-03-05T05:59:59Z'])).diff!.before.run_id).toBe('r1');
    expect((await diffJson(cwd, ['--since', '2026-03-05T06:00:01Z'])).diff!.before.run_id).toBe('r2');
  });

  it('a duration counts back from now', async () => {
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY).toISOString();
    const cwd = await storeOf([runAt('r1', ago(10), [part('01', 'fail')]), runAt('r2', ago(3), [part('01', 'fail')]), runAt('r3', ago(0.01), [part('01', 'pass')])]);
    expect((await diffJson(cwd, ['--since', '2 days'])).diff!.before.run_id).toBe('r2');
    expect((await diffJson(cwd, ['--since', '5 days'])).diff!.before.run_id).toBe('r1');
  });

  it('no run before the time, no run since it, run ids with --since or an unreadable time: exit 3', async () => {
    const cwd = await storeOf(runs);
    const cases: [string[], RegExp][] = [
      [['--since', '2026-02-01'], /no run of the newest run's selection \(r3\) started before --since 2026-02-01/],
      [['--since', '2026-04-01'], /no run since --since 2026-04-01: the newest run \(r3\) started before it/],
      [['r1', '--since', '2026-03-03'], /--since picks both runs/],
      [['--since', 'last tuesday'], /--since "last tuesday": write a date/],
      [['--since', '2026-02-30'], /--since "2026-02-30": write a date/],
    ];
    for (const [args, message] of cases) {
      const result = await diffJson(cwd, args);
      expect(result.code, args.join(' ')).toBe(3);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
  });
});

describe('sinceInstant', () => {
  it('reads a date as its midnight UTC, a timestamp in its zone and a duration back from now', () => {
    const now = Date.UTC(2026, 5, 10, 12);
    expect(sinceInstant('2026-03-03', now)).toEqual({ ok: true, ms: Date.UTC(2026, 2, 3) });
    expect(sinceInstant('2026-03-03T01:30:00+02:00', now)).toEqual({ ok: true, ms: Date.UTC(2026, 2, 2, 23, 30) });
    expect(sinceInstant('1 day 6 hours', now)).toEqual({ ok: true, ms: Date.UTC(2026, 5, 9, 6) });
    expect(sinceInstant('2026-03-03T01:30:00', now).ok).toBe(false); // no zone: never guessed
  });
});
