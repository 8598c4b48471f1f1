import { Option, type Command } from 'commander';
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
import { estimateRun, run } from '../../run/run.js';
import { estimateExitCode, renderEstimate } from '../estimate.js';
import { withInterruption } from '../interrupt.js';
import { collect, parseDate, parsePositiveInt } from '../options.js';
import { useColor } from '../output.js';
import { addAsOfOption, loadSelection, selectionCommand, type SelectionFlags } from '../project.js';

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
  return addAsOfOption(selectionCommand(program, 'run', "run the selected checks and exit with the gate's verdict"))
    .option('-f, --format <formats...>', `report formats: ${FORMATS.join(', ')} (default: the config's, else console,json)`, collect)
    .option('-o, --out <dir>', 'folder for report files (default: reports/<run_id>/, also copied to reports/latest/)')
    .addOption(new Option('--fail-on <level>', 'the lowest status that closes the gate').choices(['error', 'warn']))
    .option('--concurrency <n>', "queries sent at once (default: the target's concurrency, else 4)", parsePositiveInt)
    .option('--dry-run', "dry-run every query (BigQuery: bytes each would read, against the target's budget); execute nothing")
    .option('--from <date>', 'only partitions from this date (tables with partition:)', parseDate)
    .option('--to <date>', 'only partitions up to this date (tables with partition:)', parseDate)
    .option('--failing-partitions <file>', 'write the failing partitions as `<table> <date>` lines')
    .option('--no-drill-down', 'do not look for the worst partitions of failed table-wide checks')
    .option('-q, --quiet', 'print only problems and the verdict')
    .action(async (suite: string | undefined, flags: RunFlags) => {
      const selected = await loadSelection(suite, flags);
      const formats = flags.format ?? selected.project.config.formats ?? ['console', 'json'];
      const unknown = formats.filter((f) => !FORMATS.includes(f));
      if (unknown.length > 0) {
        throw new ConfigError([commandLineIssue(`unknown format ${unknown.join(', ')}; expected ${FORMATS.join(', ')}`)]);
      }
      if (flags.from && flags.to && flags.from > flags.to) {
        throw new ConfigError([commandLineIssue(`--from ${flags.from} is after --to ${flags.to}`)]);
      }
      const options = {
        project: selected.project,
        checks: selected.checks,
        suite: selected.suite,
        target: flags.target,
        asOf: flags.asOf,
        vars: flags.var,
        failOn: flags.failOn ?? selected.failOn,
        concurrency: flags.concurrency,
        range: { from: flags.from, to: flags.to },
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
      if (flags.failingPartitions) await writeFileAtomic(flags.failingPartitions, failingPartitionLines(report.failing_partitions));
      const reportsDir = path.join(selected.project.root, 'reports');
      const fileFormats = formats.filter((f) => f !== 'console');
      const written = fileFormats.length
        ? await writeReportFiles(report, {
            formats: fileFormats,
            renderers,
            outDir: flags.out ?? path.join(reportsDir, report.run_id),
            latestDir: flags.out ? undefined : path.join(reportsDir, 'latest'),
          })
        : undefined;
      // In GitHub Actions the Markdown report also becomes the job summary.
      if (fileFormats.includes('markdown')) await writeGitHubStepSummary(renderMarkdown(report));
      if (formats.includes('console')) {
        process.stdout.write(renderConsole(report, { color: useColor(), quiet: flags.quiet ?? false }) + '\n');
        const estimated = report.queries.reduce((sum, q) => sum + (q.bytes_estimated ?? 0), 0);
        if (report.target.engine === 'bigquery' && estimated > 0) {
          process.stdout.write(`bytes: ${formatBytes(estimated)} estimated by dry runs (${estimated} bytes)\n`);
        }
        for (const file of written?.files ?? []) process.stdout.write(`report: ${path.relative(process.cwd(), file)}\n`);
      }
      if (report.exit_code === EXIT.interrupted) process.stderr.write('dq: interrupted; the report lists what finished\n');
      process.exitCode = report.exit_code;
    });
}
