// Live progress of a run, from the RunEvents the executor emits (query-start / query-end).
//
// - On a terminal (interactive, and not CI): one live region, redrawn in place with log-update,
//   showing the queries running (with how long each has run), how many are done or failed, the
//   run's elapsed time and, when the engine reports them (BigQuery), the bytes processed and
//   billed so far. stop() clears the region, so the final report prints on a clean screen.
// - Elsewhere (CI logs, pipes, TERM=dumb, a terminal of unknown width): one plain line per finished query,
//   `q3 done in 120 ms (aggregate on nba_analytics.x: 5 checks)`.
// - quiet: nothing at all.
//
// Query ids, tables and engine messages go through `inert` (inert.ts): an engine error quoting a
// warehouse value cannot move the cursor or redraw the region.
//
// log-update (and the dozen terminal-width packages under it) is imported for the live region only:
// a run in CI or a pipe never loads it.
//
// The cursor is left alone (log-update's showCursor): hiding it would need restoring on every way
// the process can end, Ctrl-C included, for a purely cosmetic gain.
import { Chalk, type ChalkInstance } from 'chalk';
import type { PlannedQuery } from '../plan/compile.js';
import type { RunEvent } from '../run/execute.js';
import { formatBytes, formatMilliseconds } from '../run/format.js';
import { inert } from './inert.js';

export interface ProgressOptions {
  /** Where progress goes; stderr keeps stdout for the report. */
  stream: NodeJS.WriteStream;
  /** The stream is a terminal (`stream.isTTY`); a live region needs one. */
  interactive: boolean;
  /** Print nothing. */
  quiet: boolean;
  color: boolean;
  /** Queries the run plans, when known: the live region then says "3 of 7 done". */
  totalQueries?: number;
  /** Milliseconds, monotonic; default performance.now. Tests inject a fake clock. */
  now?: () => number;
  /** Environment read for CI and TERM; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** How often the live region is redrawn (elapsed times, spinner), in ms; 0: only on events. Default 100. */
  refreshMs?: number;
}

export interface Progress {
  onEvent(event: RunEvent): void;
  /** Stops redrawing and clears the live region; call it before printing the final report. Idempotent. */
  stop(): void;
}

export type ProgressMode = 'live' | 'lines' | 'off';

/** CI services set CI (GitHub Actions, GitLab, Jenkins via plugins, CircleCI, Buildkite, ...). */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** Which display a run gets: off when quiet, live on a real terminal, plain lines anywhere else. */
export function progressMode(options: Pick<ProgressOptions, 'interactive' | 'quiet' | 'env'>): ProgressMode {
  const env = options.env ?? process.env;
  if (options.quiet) return 'off';
  if (options.interactive && !isCI(env) && env['TERM'] !== 'dumb') return 'live';
  return 'lines';
}

/** "aggregate on nba_analytics.x: 5 checks". */
export function describeQuery(query: PlannedQuery): string {
  const n = query.checks.length;
  return inert(`${query.kind} on ${query.table}: ${n} ${n === 1 ? 'check' : 'checks'}`);
}

/** The first line of an error message, inert, at most `max` characters. */
function firstLine(text: string, max = 200): string {
  const line = inert(text.split('\n', 1)[0]!.trim());
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function cut(text: string, width: number): string {
  if (width <= 1) return '';
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Running queries listed in the live region before "… N more running". */
const LISTED_RUNNING = 8;

interface Running {
  query: PlannedQuery;
  startedAt: number;
}

interface State {
  startedAt: number;
  running: Map<string, Running>;
  done: number;
  failed: number;
  /** Sums over finished queries; undefined until an engine reports one. */
  bytesProcessed?: number;
  bytesBilled?: number;
}

/** The live region's text at `now` (no trailing newline). */
export function renderFrame(state: State, now: number, options: { chalk: ChalkInstance; columns: number; totalQueries?: number }): string {
  const { chalk, columns } = options;
  const finished = state.done + state.failed;
  const seen = finished + state.running.size;
  const total = options.totalQueries !== undefined ? Math.max(options.totalQueries, seen) : undefined;
  const spinner = SPINNER[Math.floor((now - state.startedAt) / 100) % SPINNER.length]!;
  const parts = [
    `${state.running.size} running`,
    total !== undefined ? `${state.done} of ${total} done` : `${state.done} done`,
  ];
  if (state.failed) parts.push(chalk.red(`${state.failed} failed`));
  parts.push(formatMilliseconds(now - state.startedAt));
  if (state.bytesProcessed !== undefined) parts.push(`${formatBytes(state.bytesProcessed)} processed`);
  if (state.bytesBilled !== undefined) parts.push(`${formatBytes(state.bytesBilled)} billed`);
  const lines = [`${chalk.cyan(spinner)} ${chalk.bold('dq run')} · ${parts.join(' · ')}`];

  // Longest-running first: those are the ones worth watching.
  const running = [...state.running.values()].sort((a, b) => a.startedAt - b.startedAt || a.query.id.localeCompare(b.query.id));
  const listed = running.slice(0, LISTED_RUNNING).map((r) => ({ id: inert(r.query.id), about: describeQuery(r.query), time: formatMilliseconds(now - r.startedAt) }));
  const idWidth = Math.max(0, ...listed.map((r) => r.id.length));
  const timeWidth = Math.max(0, ...listed.map((r) => r.time.length));
  // Descriptions padded to one width, so the times form a column; cut to fit the terminal.
  const aboutWidth = Math.min(Math.max(0, ...listed.map((r) => r.about.length)), columns - 1 - (2 + idWidth + 2) - (2 + timeWidth));
  for (const r of listed) {
    lines.push(`  ${r.id.padEnd(idWidth)}  ${cut(r.about, aboutWidth).padEnd(aboutWidth)}  ${chalk.dim(r.time.padStart(timeWidth))}`);
  }
  if (running.length > LISTED_RUNNING) lines.push(chalk.dim(`  … ${running.length - LISTED_RUNNING} more running`));
  return lines.join('\n');
}

/** Progress for one run; pass its onEvent as RunOptions.onEvent and call stop() when run() returns. */
export async function createProgress(options: ProgressOptions): Promise<Progress> {
  let mode = progressMode(options);
  // A terminal that does not say how wide it is (a pty without a size) cannot be redrawn in place.
  if (mode === 'live' && !((options.stream.columns ?? 0) > 0)) mode = 'lines';
  if (mode === 'off') return { onEvent: () => {}, stop: () => {} };

  const now = options.now ?? (() => performance.now());
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const state: State = { startedAt: now(), running: new Map(), done: 0, failed: 0 };
  let stopped = false;

  const record = (event: RunEvent) => {
    if (event.type === 'query-start') {
      state.running.set(event.query.id, { query: event.query, startedAt: now() });
      return;
    }
    const { outcome } = event;
    state.running.delete(outcome.query.id);
    if (outcome.error) state.failed++;
    else state.done++;
    const { bytesProcessed, bytesBilled } = outcome.stats;
    if (bytesProcessed !== undefined) state.bytesProcessed = (state.bytesProcessed ?? 0) + bytesProcessed;
    if (bytesBilled !== undefined) state.bytesBilled = (state.bytesBilled ?? 0) + bytesBilled;
  };

  if (mode === 'lines') {
    return {
      onEvent(event) {
        if (stopped) return;
        record(event);
        if (event.type !== 'query-end') return;
        const { query, error, durationMs, stats } = event.outcome;
        const about = [describeQuery(query)];
        if (stats.bytesProcessed !== undefined) about.push(`${formatBytes(stats.bytesProcessed)} processed`);
        if (stats.bytesBilled !== undefined) about.push(`${formatBytes(stats.bytesBilled)} billed`);
        const line = error
          ? `${inert(query.id)} ${chalk.red('failed')} after ${formatMilliseconds(durationMs)} (${about.join('; ')}): ${firstLine(error.message)}`
          : `${inert(query.id)} done in ${formatMilliseconds(durationMs)} (${about.join('; ')})`;
        options.stream.write(`${line}\n`);
      },
      stop() {
        stopped = true;
      },
    };
  }

  const { createLogUpdate } = await import('log-update');
  const log = createLogUpdate(options.stream, { showCursor: true });
  const draw = () => {
    if (stopped) return;
    log(renderFrame(state, now(), { chalk, columns: options.stream.columns, totalQueries: options.totalQueries }));
  };
  const refreshMs = options.refreshMs ?? 100;
  const timer = refreshMs > 0 ? setInterval(draw, refreshMs) : undefined;
  // A timer must never keep the process alive after the run.
  timer?.unref();
  draw();
  return {
    onEvent(event) {
      if (stopped) return;
      record(event);
      draw();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      log.clear();
      log.done();
    },
  };
}
