import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { ConfigError, commandLineIssue } from '../../config/errors.js';
import { createProgress } from '../../reports/progress.js';
import { FILE_FORMATS, REPORT_FILES } from '../../reports/formats.js';
import { inspectOutFolder } from '../../reports/out-folder.js';
import { EXIT } from '../../run/exit-code.js';
import { configRedactor } from '../../run/redact.js';
import { estimateRun, run } from '../../run/run.js';
import type { CliContext } from '../context.js';
import { deliverReport, removeFailingPartitions } from '../deliver.js';
import { estimateExitCode, renderEstimate } from '../estimate.js';
import { withInterruption } from '../interrupt.js';
import { collect, parseOutDir, parsePositiveInt } from '../options.js';
import { reportFatal, useColor } from '../output.js';
import { projectHistoryReader } from '../history-store.js';
import { storeLocation } from '../../history/open-store.js';
import { recentRuns } from '../../history/recent-runs.js';
import { recordRun } from '../../history/record-run.js';
import { runSelection } from '../../history/records.js';
import { withUpstream } from '../../plan/dependencies.js';
import { historyOffMessage, readsHistory } from '../../config/history-thresholds.js';
import { addAsOfOption, addRangeOptions, loadSelection, rangeOf, selectionCommand, type SelectionFlags } from '../project.js';

export interface RunFlags extends SelectionFlags {
  asOf?: string;
  format?: string[];
  out?: string;
  overwrite?: boolean;
  failOn?: 'error' | 'warn';
  concurrency?: number;
  quiet?: boolean;
  from?: string;
  to?: string;
  failingPartitions?: string;
  drillDown: boolean;
  /** False with --no-samples. */
  samples: boolean;
  dryRun?: boolean;
  /** False with --no-history. */
  history: boolean;
  /** False with --no-block. */
  block: boolean;
}

const FORMATS = ['console', ...FILE_FORMATS];

export function registerRun(program: Command, context: CliContext): Command {
  return addRangeOptions(addAsOfOption(selectionCommand(program, 'run', "run the selected checks and exit with the gate's verdict")))
    .option('-f, --format <formats>', `report formats, comma-separated: ${FORMATS.join(', ')} (default: the config's, else console,json)`, collect)
    .option('-o, --out <dir>', 'a new or empty folder for report files (default: reports/<run_id>/, with reports/latest pointing at the newest run)', parseOutDir)
    .option('--overwrite', 'let --out name a folder holding an earlier dq report: its report files are replaced, other files are left alone')
    .addOption(
      new Option('--fail-on <level>', "the lowest status that closes the gate (default: the suite's fail_on, else error)").choices(['error', 'warn']),
    )
    .option('--concurrency <n>', "queries sent at once (default: the target's concurrency, else DuckDB 1, BigQuery 4)", parsePositiveInt)
    .option('--dry-run', "dry-run every query (BigQuery: bytes each would read, against the target's budget); execute nothing")
    .option('--failing-partitions <file>', 'write the failing partitions as `<table> <date>` lines')
    .option('--no-drill-down', 'do not look for the worst partitions of failed table-wide checks')
    .option('--no-samples', 'list no offending values of failed row-level checks (for sensitive data)')
    .option('--no-block', "evaluate checks whose upstream check failed instead of skipping them, marked 'upstream failed: <id>' (an audit; exit codes unchanged)")
    .option('--no-history', 'do not record this run in the history store (.dq/history.duckdb, or the configured history dataset)')
    .option('-q, --quiet', 'print only problems and the verdict; no progress display')
    .action(async (suite: string | undefined, flags: RunFlags) => {
      // Signals are handled from the first step (loading) to the last (writing the report).
      context.exitCode = await withInterruption(async (signal) => {
        try {
          return await runCommand(suite, flags, signal, context);
        } catch (error) {
          // No report of this run will list failing partitions: never leave the previous list behind.
          await removeFailingPartitions(flags.failingPartitions);
          const code = reportFatal(error);
          if (!signal.aborted) return code;
          process.stderr.write('dq: interrupted\n');
          return EXIT.interrupted;
        }
      }, context.interrupt);
    });
}

async function runCommand(suite: string | undefined, flags: RunFlags, signal: AbortSignal, context: CliContext): Promise<number> {
  const loadStart = performance.now();
  const selected = await loadSelection(suite, flags);
  const loadMs = performance.now() - loadStart;
  const formats = flags.format ?? selected.project.config.formats ?? ['console', 'json'];
  const unknown = formats.filter((f) => !FORMATS.includes(f));
  if (unknown.length > 0) {
    throw new ConfigError([commandLineIssue(`unknown format ${unknown.join(', ')}; expected ${FORMATS.join(', ')}`)]);
  }
  const range = rangeOf(flags);
  const setting = selected.project.config.history;
  const historyOn = flags.history && setting !== false;
  // Where the store is (or, as text, why there is none): read before the run, recorded after it.
  const location = historyOn ? storeLocation(selected.project.root, selected.project.config) : undefined;
  // change:/anomaly: read the store: a run told not to use it cannot evaluate them.
  const readers = withUpstream(selected.checks, selected.project.checks).filter(readsHistory);
  if (!flags.history && readers.length > 0) {
    throw new ConfigError(readers.map((c) => ({ ...c.pos, message: historyOffMessage(c.id, '--no-history') })));
  }
  // An --out folder that cannot take the report: say so before the warehouse is queried, not after.
  if (flags.out && existsSync(flags.out)) {
    const files = formats.flatMap((f) => (Object.hasOwn(REPORT_FILES, f) ? [REPORT_FILES[f as keyof typeof REPORT_FILES]] : []));
    const { problem } = await inspectOutFolder(flags.out, flags.overwrite ? 'overwrite' : 'if-empty', files);
    if (problem) throw new ConfigError([commandLineIssue(`--out ${problem}`)]);
  } else if (flags.overwrite && !flags.out) {
    throw new ConfigError([commandLineIssue('--overwrite applies to an --out folder; reports/ run folders are never reused')]);
  }
  const options = {
    project: selected.project,
    checks: selected.checks,
    excluded: selected.excluded,
    // --no-block or the suite's `block: false`: either turns blocking off.
    block: flags.block !== false && selected.block,
    suite: selected.suite,
    target: flags.target,
    asOf: flags.asOf,
    failOn: flags.failOn ?? selected.failOn,
    concurrency: flags.concurrency,
    range,
    drillDown: flags.drillDown,
    samples: flags.samples,
    signal,
    record: { argv: context.argv, select: flags.select, exclude: flags.exclude, loadMs },
    ...(location !== undefined ? { history: projectHistoryReader(location) } : {}),
    ...(context.openEngine ? { openEngine: context.openEngine } : {}),
  };
  if (flags.dryRun) {
    const estimate = await estimateRun(options);
    // A rejected query's message may quote a secret variable's value.
    const redact = configRedactor(selected.project.config);
    process.stdout.write(redact(renderEstimate(estimate, selected.checks)) + '\n');
    return signal.aborted ? EXIT.interrupted : estimateExitCode(estimate);
  }
  // Live progress goes to stderr, so stdout stays the report a pipeline can capture.
  const progress = await createProgress({
    stream: process.stderr,
    interactive: process.stderr.isTTY === true,
    quiet: flags.quiet ?? false,
    color: useColor(),
  });
  const report = await run({ ...options, onEvent: progress.onEvent }).finally(() => progress.stop());
  const keep = selected.project.config.reports?.keep;
  const root = selected.project.root;
  const history =
    historyOn && location !== undefined
      ? {
          required: setting?.required === true,
          // recordRun and recentRuns never throw: a store that cannot be used is their answer.
          record: async (exitCode: number) =>
            typeof location === 'string' ? location : recordRun(report, exitCode, location, setting ? setting.keepDays : undefined),
          trends: async () => (typeof location === 'string' ? { error: location } : recentRuns(location, runSelection(report))),
        }
      : undefined;
  return deliverReport(report, { formats, flags, root, signal, ...(keep !== undefined ? { keep } : {}), ...(history ? { history } : {}) });
}
