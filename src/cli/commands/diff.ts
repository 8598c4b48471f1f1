import { Option, type Command } from 'commander';
import { ConfigError, commandLineIssue } from '../../config/errors.js';
import { diffRuns } from '../../history/diff.js';
import { sinceInstant } from '../../history/since.js';
import { diffExitCode, renderDiffConsole, renderDiffJson, renderDiffMarkdown } from '../../history/render-diff.js';
import { readListedRun, type HistoryStore } from '../../history/store.js';
import type { RunRecord } from '../../history/records.js';
import type { CliContext } from '../context.js';
import { openRecordedHistory } from '../history-store.js';
import { reportFatal } from '../output.js';

interface DiffFlags {
  config: string;
  target?: string;
  format: 'console' | 'json' | 'markdown';
  since?: string;
}

export function registerDiff(program: Command, context: CliContext): Command {
  return program
    .command('diff')
    .description('compare two recorded runs: status changes, metric deltas, partitions fixed / regressed / still failing / new / gone')
    .argument('[run_a]', 'the earlier run id (default: the run before run_b of the same suite, selectors and target)')
    .argument('[run_b]', 'the later run id (default: the newest run of run_a\'s selection, else the newest run)')
    .option('--since <when>', 'compare the newest run with the last run of its selection before WHEN: a date (midnight UTC), a timestamp or a duration back from now (2 days)')
    .option('--config <path>', "the checks.config.yaml whose history store to read (.dq/history.duckdb, or its history dataset)", 'checks.config.yaml')
    .option('--target <name>', "read the history dataset (history.dataset) on this bigquery target")
    .addOption(new Option('--format <format>', 'output format').choices(['console', 'json', 'markdown']).default('console'))
    .action(async (runA: string | undefined, runB: string | undefined, flags: DiffFlags) => {
      try {
        context.exitCode = await diffCommand(runA, runB, flags);
      } catch (error) {
        context.exitCode = reportFatal(error);
      }
    });
}

const usage = (message: string) => new ConfigError([commandLineIssue(message)]);

/** A run id the user typed: one the store does not hold is theirs to fix (exit 3). */
async function readNamedRun(store: HistoryStore, id: string): Promise<RunRecord> {
  const run = await store.read(id);
  if (!run) throw usage(`no run ${id} in the history store`);
  return run;
}

/**
 * The two runs to compare: as named, or the newest two of one selection. Runs the store listed
 * are read with readListedRun: one that reads back missing is dq failing (exit 2).
 */
async function pickRuns(store: HistoryStore, runA: string | undefined, runB: string | undefined): Promise<[RunRecord, RunRecord]> {
  if (runA && runB) return [await readNamedRun(store, runA), await readNamedRun(store, runB)];
  if (runA) {
    const before = await readNamedRun(store, runA);
    const [newest] = await store.runs({ selection: before.selection, limit: 1 });
    if (!newest || newest.run_id === before.run_id) throw usage(`no later run of the same selection as ${runA} to compare it with`);
    return [before, await readListedRun(store, newest.run_id)];
  }
  const [newest] = await store.runs({ limit: 1 });
  if (!newest) throw usage('the history store holds no run yet');
  const [after, before] = await store.runs({ selection: newest.selection, limit: 2 });
  if (!before) throw usage(`only one run of this selection is recorded (${newest.run_id}); nothing to compare it with`);
  return [await readListedRun(store, before.run_id), await readListedRun(store, after!.run_id)];
}

/** --since: the newest run, and the last run of its selection that started before `since`. */
async function pickRunsSince(store: HistoryStore, since: string, sinceMs: number): Promise<[RunRecord, RunRecord]> {
  const [newest] = await store.runs({ limit: 1 });
  if (!newest) throw usage('the history store holds no run yet');
  const runs = await store.runs({ selection: newest.selection });
  const before = runs.find((r) => Date.parse(r.started_at) < sinceMs);
  if (!before) throw usage(`no run of the newest run's selection (${newest.run_id}) started before --since ${since}`);
  if (before.run_id === newest.run_id) throw usage(`no run since --since ${since}: the newest run (${newest.run_id}) started before it`);
  return [await readListedRun(store, before.run_id), await readListedRun(store, newest.run_id)];
}

async function diffCommand(runA: string | undefined, runB: string | undefined, flags: DiffFlags): Promise<number> {
  let since: number | undefined;
  if (flags.since !== undefined) {
    if (runA !== undefined) throw usage('--since picks both runs: give it without run ids');
    const parsed = sinceInstant(flags.since, Date.now());
    if (!parsed.ok) throw usage(parsed.message);
    since = parsed.ms;
  }
  const store = await openRecordedHistory(flags.config, flags.target);
  try {
    const [before, after] = since === undefined ? await pickRuns(store, runA, runB) : await pickRunsSince(store, flags.since!, since);
    const diff = diffRuns(before, after);
    const text = flags.format === 'json' ? renderDiffJson(diff) : flags.format === 'markdown' ? renderDiffMarkdown(diff) : renderDiffConsole(diff);
    process.stdout.write(text + '\n');
    return diffExitCode(diff);
  } finally {
    store.close();
  }
}
