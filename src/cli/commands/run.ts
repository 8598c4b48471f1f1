import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, commandLineIssue } from '../../config/errors.js';
import { renderConsole } from '../../reports/console.js';
import { renderMarkdown, writeGitHubStepSummary } from '../../reports/markdown.js';
import { createProgress } from '../../reports/progress.js';
import { FILE_FORMATS, renderers } from '../../reports/formats.js';
import { writeFileAtomic, writeReportFiles } from '../../reports/write.js';
import { EXIT } from '../../run/exit-code.js';
import { failingPartitionLines } from '../../run/partitions.js';
import { formatBytes } from '../../run/format.js';
import type { RunReport } from '../../run/report.js';
import { estimateRun, run } from '../../run/run.js';
import { estimateExitCode, renderEstimate } from '../estimate.js';
import { withInterruption } from '../interrupt.js';
import { collect, parseOutDir, parsePositiveInt } from '../options.js';
import { useColor } from '../output.js';
import { addAsOfOption, addRangeOptions, loadSelection, rangeOf, selectionCommand, type SelectionFlags } from '../project.js';

interface RunFlags extends SelectionFlags {
  asOf?: string;
  format?: string[];
  out?: string;
  failOn?: 'error' | 'warn';
  concurrency?: number;
  quiet?: boolean;
  from?: string;
  to?: string;
  failingPartitions?: string;
  drillDown: boolean;
  dryRun?: boolean;
}

const FORMATS = ['console', ...FILE_FORMATS];

export function registerRun(program: Command): Command {
  return addRangeOptions(addAsOfOption(selectionCommand(program, 'run', "run the selected checks and exit with the gate's verdict")))
    .option('-f, --format <formats>', `report formats, comma-separated: ${FORMATS.join(', ')} (default: the config's, else console,json)`, collect)
    .option('-o, --out <dir>', 'a new folder for report files (default: reports/<run_id>/, with reports/latest pointing at the newest run)', parseOutDir)
    .addOption(
      new Option('--fail-on <level>', "the lowest status that closes the gate (default: the suite's fail_on, else error)").choices(['error', 'warn']),
    )
    .option('--concurrency <n>', "queries sent at once (default: the target's concurrency, else 4)", parsePositiveInt)
    .option('--dry-run', "dry-run every query (BigQuery: bytes each would read, against the target's budget); execute nothing")
    .option('--failing-partitions <file>', 'write the failing partitions as `<table> <date>` lines')
    .option('--no-drill-down', 'do not look for the worst partitions of failed table-wide checks')
    .option('-q, --quiet', 'print only problems and the verdict; no progress display')
    .action(async (suite: string | undefined, flags: RunFlags) => {
      const selected = await loadSelection(suite, flags);
      const formats = flags.format ?? selected.project.config.formats ?? ['console', 'json'];
      const unknown = formats.filter((f) => !FORMATS.includes(f));
      if (unknown.length > 0) {
        throw new ConfigError([commandLineIssue(`unknown format ${unknown.join(', ')}; expected ${FORMATS.join(', ')}`)]);
      }
      const range = rangeOf(flags);
      // Report folders are never reused: say so before the warehouse is queried, not after.
      if (flags.out && existsSync(flags.out)) {
        throw new ConfigError([commandLineIssue(`--out ${flags.out} already exists; report folders are never reused, choose a new one`)]);
      }
      const options = {
        project: selected.project,
        checks: selected.checks,
        suite: selected.suite,
        target: flags.target,
        asOf: flags.asOf,
        failOn: flags.failOn ?? selected.failOn,
        concurrency: flags.concurrency,
        range,
        drillDown: flags.drillDown,
      };
      if (flags.dryRun) {
        const estimate = await withInterruption((signal) => estimateRun({ ...options, signal }));
        process.stdout.write(renderEstimate(estimate, selected.checks) + '\n');
        process.exitCode = estimateExitCode(estimate);
        return;
      }
      // Live progress goes to stderr, so stdout stays the report a pipeline can capture.
      const progress = createProgress({
        stream: process.stderr,
        interactive: process.stderr.isTTY === true,
        quiet: flags.quiet ?? false,
        color: useColor(),
      });
      const report = await withInterruption((signal) => run({ ...options, signal, onEvent: progress.onEvent })).finally(() =>
        progress.stop(),
      );
      // The verdict is printed before any file is written, so a write problem cannot hide it.
      if (formats.includes('console')) {
        process.stdout.write(renderConsole(report, { color: useColor(), quiet: flags.quiet ?? false }) + '\n');
        const estimated = report.queries.reduce((sum, q) => sum + (q.bytes_estimated ?? 0), 0);
        if (report.target.engine === 'bigquery' && estimated > 0) {
          process.stdout.write(`bytes: ${formatBytes(estimated)} estimated by dry runs (${estimated} bytes)\n`);
        }
      }
      if (report.exit_code === EXIT.interrupted) process.stderr.write('dq: interrupted; the report lists what finished\n');
      const unwritten = await writeOutputs(report, formats, flags, selected.project.root);
      for (const problem of unwritten) process.stderr.write(`dq: could not write ${problem}\n`);
      // Output a pipeline asked for and did not get (a stale failing-partitions list would
      // re-run the wrong dates): the run cannot be relied on, so exit 2 unless it already is worse.
      process.exitCode = unwritten.length > 0 && report.exit_code < EXIT.error ? EXIT.error : report.exit_code;
    });
}

/**
 * Report files, the GitHub job summary and the failing-partitions file, each on its own so one
 * failure does not stop the others. Returns what could not be written.
 */
async function writeOutputs(report: RunReport, formats: string[], flags: RunFlags, root: string): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, write: () => Promise<void>) => {
    try {
      await write();
    } catch (error) {
      problems.push(`${what}: ${(error as Error).message}`);
    }
  };
  if (flags.failingPartitions) {
    const file = flags.failingPartitions;
    await attempt(`--failing-partitions ${file}`, async () => {
      try {
        await writeFileAtomic(file, failingPartitionLines(report.failing_partitions));
      } catch (error) {
        // Never leave the previous run's list behind for a loop to re-run.
        await rm(file, { force: true }).catch(() => undefined);
        throw error;
      }
    });
  }
  const fileFormats = formats.filter((f) => f !== 'console');
  if (fileFormats.length === 0) return problems;
  const reportsDir = path.join(root, 'reports');
  await attempt('the report files', async () => {
    const written = await writeReportFiles(report, {
      formats: fileFormats,
      renderers,
      outDir: flags.out ?? path.join(reportsDir, report.run_id),
      latestDir: flags.out ? undefined : path.join(reportsDir, 'latest'),
    });
    if (formats.includes('console')) {
      for (const file of written.files) process.stdout.write(`report: ${path.relative(process.cwd(), file)}\n`);
    }
  });
  // In GitHub Actions the Markdown report also becomes the job summary.
  if (fileFormats.includes('markdown')) await attempt('the GitHub job summary', () => writeGitHubStepSummary(renderMarkdown(report)).then(() => undefined));
  return problems;
}
