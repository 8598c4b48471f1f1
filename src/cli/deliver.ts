// After `dq run`: the report files, the failing-partitions file, the GitHub job summary and the
// console, agreeing on ONE verdict. An output that cannot be written makes the run exit 2 (130
// stays 130), so the order is:
//
//   1. render the console text in memory (a renderer that throws is an output problem too);
//   2. write the failing-partitions file (removed when it cannot be written);
//   3. write the report files with the exit code known so far;
//   4. write the GitHub job summary;
//   4½. record the run in the history store with the exit code known so far (a store that cannot
//      be written is a warning, also in report.json's history_warning; a problem raising the
//      exit to 2 only under `history: { required: true }`);
//   5. the final exit code: the run's, raised to 2 by any problem above, 130 after a signal;
//      report.json is rewritten when it was written with another code (removed if it cannot be);
//   6. print the console report with the final code, then the problems on stderr.
//
// So the console's verdict line, report.json's exit_code and the process's exit code agree.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { renderConsole } from '../reports/console.js';
import { REPORT_FILES, renderers, type Renderer } from '../reports/formats.js';
import { renderHtml } from '../reports/html.js';
import type { TrendHistory } from '../reports/trends.js';
import { renderMarkdown, writeGitHubStepSummary } from '../reports/markdown.js';
import { writeFileAtomic, writeReportFiles } from '../reports/write.js';
import { EXIT } from '../run/exit-code.js';
import { formatBytes } from '../run/format.js';
import { failingPartitionLines } from '../run/partitions.js';
import type { RunReport } from '../run/report.js';
import type { RunFlags } from './commands/run.js';
import { oneLine, useColor } from './output.js';

/** The file the json format writes (see renderers). */
const REPORT_JSON = 'report.json';

export interface DeliverOptions {
  formats: string[];
  flags: Pick<RunFlags, 'out' | 'overwrite' | 'quiet' | 'failingPartitions'>;
  /** The project folder; report folders go under its reports/. */
  root: string;
  /** Run folders kept in reports/ (the config's reports.keep); all when undefined. */
  keep?: number;
  signal?: AbortSignal;
  /** Recording the run in the results store; absent when history is off. */
  history?: {
    /** Records the run with this exit code; returns why it could not, else undefined. Never throws. */
    record: (exitCode: number) => Promise<string | undefined>;
    required: boolean;
    /** The earlier runs for the HTML report's trends; never throws (see recent-runs.ts). */
    trends?: () => Promise<TrendHistory>;
  };
}

/** Never leaves a previous run's failing partitions behind for a backfill loop to re-run. */
export async function removeFailingPartitions(file: string | undefined): Promise<void> {
  if (file) await rm(file, { force: true }).catch(() => undefined);
}

/** The report as the process will end: exit code raised by output problems and signals. */
export function finalReport(report: RunReport, problems: string[], interrupted: boolean): RunReport {
  if (problems.length === 0 && !interrupted) return report;
  const raised = interrupted ? EXIT.interrupted : Math.max(report.exit_code, EXIT.error);
  const error = [report.error, ...problems.map((p) => `could not write ${p}`)].filter((e) => e !== undefined).join('; ');
  return { ...report, exit_code: raised, ...(error ? { error } : {}) };
}

/** Writes and prints every output of a run; returns the exit code the process must end with. */
export async function deliverReport(report: RunReport, options: DeliverOptions): Promise<number> {
  const { formats, flags, signal } = options;
  const problems: string[] = [];
  const attempt = async <T>(what: string, work: () => Promise<T> | T): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      problems.push(`${what}: ${oneLine(String((error as Error)?.message ?? error))}`);
      return undefined;
    }
  };
  const color = useColor();
  const quiet = flags.quiet ?? false;
  const wantsConsole = formats.includes('console');
  const consoleText = wantsConsole ? await attempt('the console report', () => renderConsole(report, { color, quiet })) : undefined;

  if (flags.failingPartitions) {
    const file = flags.failingPartitions;
    const done = await attempt(`--failing-partitions ${file}`, () => writeFileAtomic(file, failingPartitionLines(report.failing_partitions)).then(() => true));
    if (!done) await removeFailingPartitions(file);
  }

  const fileFormats = formats.filter((f) => f !== 'console');
  const outDir = flags.out ?? path.join(options.root, 'reports', report.run_id);
  let written: RunReport | undefined;
  let files: string[] = [];
  if (fileFormats.length > 0) {
    written = finalReport(report, problems, signal?.aborted === true);
    // The HTML report shows trends from the store, read before this run is recorded.
    const trends = fileFormats.includes('html') && signal?.aborted !== true ? await options.history?.trends?.() : undefined;
    const html: Renderer = (r) => ({ file: REPORT_FILES.html, content: renderHtml(r, trends) });
    const result = await attempt('the report files', () =>
      writeReportFiles(written!, {
        formats: fileFormats,
        renderers: trends ? { ...renderers, html } : renderers,
        outDir,
        // An --out folder is the caller's: it may exist empty (or, with --overwrite, hold dq's
        // earlier report); reports/ run folders are never reused, and only they are pruned.
        ...(flags.out
          ? { existing: flags.overwrite ? ('overwrite' as const) : ('if-empty' as const) }
          : { latestDir: path.join(options.root, 'reports', 'latest'), ...(options.keep !== undefined ? { keep: options.keep } : {}) }),
      }),
    );
    files = result?.files ?? [];
    // In GitHub Actions the Markdown report also becomes the job summary.
    if (fileFormats.includes('markdown')) await attempt('the GitHub job summary', () => writeGitHubStepSummary(renderMarkdown(written!)));
  }

  // An interrupted run is not recorded: it did not do all it was asked to, and must stop soon.
  let historyWarning: string | undefined;
  if (options.history && signal?.aborted !== true) {
    const problem = await options.history.record(finalReport(report, problems, false).exit_code);
    if (problem !== undefined) {
      if (options.history.required) problems.push(`the history store: ${oneLine(problem)}`);
      else historyWarning = `the run was not recorded in the history store: ${oneLine(problem)}`;
    }
  }

  const raised = finalReport(report, problems, signal?.aborted === true);
  const final = historyWarning === undefined ? raised : { ...raised, history_warning: historyWarning };
  if (
    written &&
    fileFormats.includes('json') &&
    (written.exit_code !== final.exit_code || written.error !== final.error || written.history_warning !== final.history_warning)
  ) {
    // report.json may have been written before a later problem (or a signal): it must not claim
    // another verdict. Rewritten, or removed when even that fails.
    const file = path.join(outDir, REPORT_JSON);
    if (existsSync(file)) {
      try {
        await writeFileAtomic(file, renderers.json!(final).content);
      } catch {
        await rm(file, { force: true }).catch(() => undefined);
      }
    }
  }

  // Rendered again only when the verdict changed since; should that throw, the plain verdict line
  // below still says the final code (an output problem now could no longer reach report.json).
  const text = final === report || consoleText === undefined ? consoleText : renderedOrUndefined(() => renderConsole(final, { color, quiet }));
  if (text !== undefined) {
    process.stdout.write(text + '\n');
    const estimated = final.queries.reduce((sum, q) => sum + (q.bytes_estimated ?? 0), 0);
    if (final.target.engine === 'bigquery' && estimated > 0) {
      process.stdout.write(`bytes: ${formatBytes(estimated)} estimated by dry runs (${estimated} bytes)\n`);
    }
    for (const file of files) process.stdout.write(`report: ${path.relative(process.cwd(), file)}\n`);
  } else if (wantsConsole) {
    process.stdout.write(`exit ${final.exit_code} (the console report could not be rendered)\n`);
  }
  if (report.error !== undefined) process.stderr.write(`dq: ${report.error}\n`);
  for (const problem of problems) process.stderr.write(`dq: could not write ${problem}\n`);
  if (historyWarning !== undefined) process.stderr.write(`dq: warning: ${historyWarning}\n`);
  if (final.exit_code === EXIT.interrupted) process.stderr.write('dq: interrupted; the report lists what finished\n');
  return final.exit_code;
}

function renderedOrUndefined(render: () => string): string | undefined {
  try {
    return render();
  } catch {
    return undefined;
  }
}
