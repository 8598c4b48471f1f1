// Live progress: the live region on a terminal (deterministic through an injected clock), plain
// lines in CI and pipes, nothing with --quiet.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PlannedQuery } from '../../src/plan/compile.js';
import { createProgress, progressMode, type ProgressOptions } from '../../src/reports/progress.js';
import { formatBytes, formatMilliseconds } from '../../src/run/format.js';
import type { QueryOutcome, RunEvent } from '../../src/run/execute.js';

function fakeStream(columns = 100) {
  const chunks: string[] = [];
  const stream = {
    isTTY: true,
    columns,
    rows: 30,
    write(chunk: string | Uint8Array) {
      chunks.push(String(chunk));
      return true;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, chunks };
}

// Cursor movement and erase sequences (what log-update writes around each frame).
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]/g;
/** The text of the frame a write shows. */
const screen = (chunk: string | undefined) => (chunk ?? '').replace(ESCAPES, '').replace(/\n$/, '');

function query(id: string, kind: string, table: string, checks: number): PlannedQuery {
  return {
    id,
    kind,
    table,
    sql: 'SELECT 1',
    params: [],
    checks: Array.from({ length: checks }, (_, i) => ({ id: `${table}.c${i}`, key: `c${i + 1}` })),
    groupBy: [],
  };
}

const start = (q: PlannedQuery): RunEvent => ({ type: 'query-start', query: q });
const end = (q: PlannedQuery, durationMs: number, extra: Partial<QueryOutcome> = {}): RunEvent => ({
  type: 'query-end',
  outcome: { query: q, rows: [], durationMs, stats: {}, ...extra },
});

const Q1 = query('q1', 'aggregate', 'nba_analytics.player_game_summary', 5);
const Q2 = query('q2', 'reconcile', 'nba_analytics.team_offense_game_summary', 1);
const Q3 = query('q3', 'group_counts', 'nba_analytics.team_offense_game_summary', 3);

async function live(extra: Partial<ProgressOptions> = {}, columns = 100) {
  const { stream, chunks } = fakeStream(columns);
  let t = 1000;
  const clock = { set: (ms: number) => (t = 1000 + ms) };
  const progress = await createProgress({ stream, interactive: true, quiet: false, color: false, env: {}, now: () => t, refreshMs: 0, ...extra });
  return { progress, chunks, clock, last: () => screen(chunks.at(-1)) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('progress mode', () => {
  it('is live only on a terminal outside CI, plain lines elsewhere, off when quiet', () => {
    expect(progressMode({ interactive: true, quiet: false, env: {} })).toBe('live');
    expect(progressMode({ interactive: true, quiet: false, env: { CI: 'true' } })).toBe('lines');
    expect(progressMode({ interactive: true, quiet: false, env: { CI: '1' } })).toBe('lines');
    expect(progressMode({ interactive: true, quiet: false, env: { CI: 'false' } })).toBe('live');
    expect(progressMode({ interactive: true, quiet: false, env: { TERM: 'dumb' } })).toBe('lines');
    expect(progressMode({ interactive: false, quiet: false, env: {} })).toBe('lines');
    expect(progressMode({ interactive: true, quiet: true, env: {} })).toBe('off');
    expect(progressMode({ interactive: false, quiet: true, env: { CI: 'true' } })).toBe('off');
  });

  it('formats wall times and bytes for people', () => {
    expect([0, 120.4, 999, 4230, 59_940, 65_000].map(formatMilliseconds)).toEqual(['0 ms', '120 ms', '999 ms', '4.2 s', '59.9 s', '1m 5s']);
    expect([0, 999, 1000, 1_234_567, 12_345_678_901, 123e9, 2.5e12].map(formatBytes)).toEqual(['0 B', '999 B', '1.00 KB', '1.23 MB', '12.3 GB', '123 GB', '2.50 TB']);
  });
});

describe('live region (terminal)', () => {
  it('shows the queries running, how many are done, the elapsed time and the bytes so far', async () => {
    const { progress, clock, last } = await live({ totalQueries: 3 });
    expect(last()).toBe('⠋ dq run · 0 running · 0 of 3 done · 0 ms');

    progress.onEvent(start(Q1));
    clock.set(40);
    progress.onEvent(start(Q2));
    clock.set(250);
    progress.onEvent(start(Q3));
    expect(last()).toBe(
      [
        '⠹ dq run · 3 running · 0 of 3 done · 250 ms',
        '  q1  aggregate on nba_analytics.player_game_summary: 5 checks           250 ms',
        '  q2  reconcile on nba_analytics.team_offense_game_summary: 1 check      210 ms',
        '  q3  group_counts on nba_analytics.team_offense_game_summary: 3 checks    0 ms',
      ].join('\n'),
    );

    clock.set(1_300);
    progress.onEvent(end(Q1, 1_300, { stats: { bytesProcessed: 1_500_000_000, bytesBilled: 1_510_000_000 } }));
    clock.set(2_450);
    progress.onEvent(end(Q2, 2_410, { error: new Error('Binder Error: column x not found\nLINE 1: ...') }));
    expect(last()).toBe(
      [
        '⠼ dq run · 1 running · 1 of 3 done · 1 failed · 2.5 s · 1.50 GB processed · 1.51 GB billed',
        '  q3  group_counts on nba_analytics.team_offense_game_summary: 3 checks  2.2 s',
      ].join('\n'),
    );

    // An isolate or drill-down query beyond the plan raises the total rather than reading "4 of 3".
    progress.onEvent(end(Q3, 2_200));
    progress.onEvent(start(query('q4', 'aggregate', 'nba_analytics.player_game_summary', 1)));
    expect(last().split('\n')[0]).toBe('⠼ dq run · 1 running · 2 of 4 done · 1 failed · 2.5 s · 1.50 GB processed · 1.51 GB billed');
  });

  it('redraws in place and stop() erases the region before the report prints', async () => {
    const { progress, chunks, last } = await live();
    progress.onEvent(start(Q1));
    progress.onEvent(start(Q2));
    const before = chunks.length;
    expect(last().split('\n')).toHaveLength(3);
    progress.stop();
    const cleared = chunks.slice(before).join('');
    // Only erase sequences: every line of the region (3 and the cursor's line) erased, nothing written.
    expect(cleared.replace(ESCAPES, '')).toBe('');
    expect(cleared.match(/\x1b\[2K/g)).toHaveLength(4);
    // Stopped: later events and a second stop() write nothing.
    progress.onEvent(end(Q1, 10));
    progress.stop();
    expect(chunks.slice(before)).toHaveLength(1);
  });

  it('keeps lines within the terminal width and lists at most 8 running queries', async () => {
    const { progress, last } = await live({}, 48);
    for (let i = 1; i <= 11; i++) progress.onEvent(start(query(`q${i}`, 'aggregate', 'nba_analytics.player_game_summary', 2)));
    const lines = last().split('\n');
    expect(lines).toHaveLength(1 + 8 + 1);
    expect(lines.at(-1)).toBe('  … 3 more running');
    for (const line of lines) expect(line.length).toBeLessThan(48);
    expect(lines[1]).toBe('  q1   aggregate on nba_analytics.player…  0 ms');
    progress.stop();
  });

  it('redraws on a timer, so elapsed times move while a query runs; the timer ends with stop()', async () => {
    vi.useFakeTimers();
    let t = 0;
    const { stream, chunks } = fakeStream();
    const progress = await createProgress({ stream, interactive: true, quiet: false, color: false, env: {}, now: () => t, refreshMs: 100 });
    progress.onEvent(start(Q1));
    t = 1_500;
    vi.advanceTimersByTime(100);
    expect(screen(chunks.at(-1))).toContain('q1  aggregate on nba_analytics.player_game_summary: 5 checks  1.5 s');
    progress.stop();
    const n = chunks.length;
    t = 3_000;
    vi.advanceTimersByTime(1_000);
    expect(chunks).toHaveLength(n);
  });

  it('colours when asked', async () => {
    const { progress, chunks } = await live({ color: true });
    progress.onEvent(start(Q1));
    progress.onEvent(end(Q1, 5, { error: new Error('boom') }));
    expect(chunks.at(-1)).toContain('\x1b[31m1 failed\x1b[39m');
    progress.stop();
  });
});

describe('plain lines (CI, pipes)', () => {
  it('prints one line per finished query, with bytes when the engine reports them and the error when it failed', async () => {
    const { stream, chunks } = fakeStream();
    const progress = await createProgress({ stream, interactive: true, quiet: false, color: false, env: { CI: 'true' } });
    for (const q of [Q1, Q2, Q3]) progress.onEvent(start(q));
    progress.onEvent(end(Q1, 120.4));
    progress.onEvent(end(Q2, 1_234, { error: new Error('Binder Error: column x not found\nLINE 1: SELECT ...') }));
    progress.onEvent(end(Q3, 3_400, { stats: { bytesProcessed: 1_234_567_890, bytesBilled: 1_240_000_000 } }));
    progress.stop();
    expect(chunks.join('')).toBe(
      [
        'q1 done in 120 ms (aggregate on nba_analytics.player_game_summary: 5 checks)',
        'q2 failed after 1.2 s (reconcile on nba_analytics.team_offense_game_summary: 1 check): Binder Error: column x not found',
        'q3 done in 3.4 s (group_counts on nba_analytics.team_offense_game_summary: 3 checks; 1.23 GB processed; 1.24 GB billed)',
        '',
      ].join('\n'),
    );
  });

  it('is what a pipe gets too, and stop() ends it', async () => {
    const { stream, chunks } = fakeStream();
    const progress = await createProgress({ stream, interactive: false, quiet: false, color: false, env: {} });
    progress.onEvent(start(Q1));
    progress.onEvent(end(Q1, 7));
    progress.stop();
    progress.onEvent(end(Q2, 7));
    expect(chunks).toEqual(['q1 done in 7 ms (aggregate on nba_analytics.player_game_summary: 5 checks)\n']);
  });
});

describe('quiet', () => {
  it('prints nothing, on a terminal or not', async () => {
    for (const interactive of [true, false]) {
      const { stream, chunks } = fakeStream();
      const progress = await createProgress({ stream, interactive, quiet: true, color: false, env: {}, refreshMs: 0 });
      progress.onEvent(start(Q1));
      progress.onEvent(end(Q1, 7, { error: new Error('boom') }));
      progress.stop();
      expect(chunks).toEqual([]);
    }
  });
});
