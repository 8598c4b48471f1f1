import { Option, type Command } from 'commander';
import path from 'node:path';
import { repairDemoWarehouse } from '../../demo/repair.js';
import { runDemoStory } from '../../demo/story.js';
import { buildDemoWarehouse } from '../../demo/warehouse.js';
import { renderConsole } from '../../reports/console.js';
import { EXIT } from '../../run/exit-code.js';
import type { CliContext } from '../context.js';
import { useColor } from '../output.js';

const DEFAULT_PATH = '.dq/demo.duckdb';

export function registerDemo(program: Command, context: CliContext): Command {
  const demo = program.command('demo').description('the demo warehouse that replays the overnight-backfill incident');

  demo
    .command('story', { isDefault: true })
    .description('build the incident, watch the gate close, repair, watch it open (exit 0 when the gate behaved)')
    .option('--config <path>', 'the checks.config.yaml whose default target is the demo warehouse', 'checks.config.yaml')
    .action(async (flags: { config: string }) => {
      const color = useColor();
      const result = await runDemoStory({
        configPath: flags.config,
        say: (text) => process.stdout.write(`${text}\n`),
        show: (report) => process.stdout.write(`${renderConsole(report, { color })}\n`),
      });
      if (result.behaved) {
        process.stdout.write('\nThe gate caught the incident, named the broken dates, and opened once they were repaired.\n');
        context.exitCode = EXIT.pass;
      } else {
        process.stderr.write(`\nThe gate did not behave as expected:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`);
        context.exitCode = EXIT.failed;
      }
    });

  demo
    .command('build')
    .description('build the demo warehouse (deterministic, a few seconds)')
    .addOption(new Option('--scenario <name>', 'healthy (repaired) or incident (overnight partial save)').choices(['healthy', 'incident']).default('incident'))
    .option('--path <file>', 'the DuckDB file to write', DEFAULT_PATH)
    .action(async (flags: { scenario: 'healthy' | 'incident'; path: string }) => {
      const s = await buildDemoWarehouse({ path: path.resolve(flags.path), scenario: flags.scenario });
      process.stdout.write(
        `built ${flags.path} (${s.scenario}): ${s.games} games, ${s.teamRows} team rows, ${s.playerRows} player rows, ` +
          `usage_rate coverage ${(s.coverage * 100).toFixed(1)}% in ${(s.durationMs / 1000).toFixed(1)} s\n`,
      );
    });

  demo
    .command('repair')
    .description('re-run the team rows of the damaged dates and recompute usage_rate')
    .option('--path <file>', 'the DuckDB file to repair', DEFAULT_PATH)
    .action(async (flags: { path: string }) => {
      const r = await repairDemoWarehouse(path.resolve(flags.path));
      process.stdout.write(`repaired ${r.dates.length} dates: ${r.teamRowsRestored} team rows restored, ${r.playerRowsUpdated} player rows recomputed\n`);
    });

  return demo;
}
