import { Option, type Command } from 'commander';
import { ConfigError, commandLineIssue } from '../../config/errors.js';
import { listedRuns } from '../../history/recent-runs.js';
import { checkSeries, renderSeriesConsole } from '../../history/series.js';
import { EXIT } from '../../run/exit-code.js';
import type { CliContext } from '../context.js';
import { openRecordedHistory } from '../history-store.js';
import { parsePositiveInt } from '../options.js';
import { reportFatal } from '../output.js';

interface HistoryFlags {
  config: string;
  target?: string;
  last: number;
  format: 'console' | 'json';
}

export function registerHistory(program: Command, context: CliContext): Command {
  return program
    .command('history')
    .description("a check's metric over the last recorded runs, and for grouped checks each partition's")
    .argument('<check>', 'a check id, e.g. team_offense_game_summary.reconcile_schedule')
    .option('--config <path>', "the checks.config.yaml whose history store to read (.dq/history.duckdb, or its history dataset)", 'checks.config.yaml')
    .option('--target <name>', "read the history dataset (history.dataset) on this bigquery target")
    .option('--last <n>', 'how many of the newest recorded runs to read', parsePositiveInt, 10)
    .addOption(new Option('--format <format>', 'output format').choices(['console', 'json']).default('console'))
    .action(async (checkId: string, flags: HistoryFlags) => {
      try {
        context.exitCode = await historyCommand(checkId, flags);
      } catch (error) {
        context.exitCode = reportFatal(error);
      }
    });
}

async function historyCommand(checkId: string, flags: HistoryFlags): Promise<number> {
  const store = await openRecordedHistory(flags.config, flags.target);
  try {
    const runs = await listedRuns(store, { checkId, limit: flags.last });
    if (runs.length === 0) throw new ConfigError([commandLineIssue(`no recorded run includes check ${checkId}`)]);
    const series = checkSeries(checkId, runs);
    process.stdout.write((flags.format === 'json' ? JSON.stringify(series, null, 2) : renderSeriesConsole(series)) + '\n');
    return EXIT.pass;
  } finally {
    store.close();
  }
}
