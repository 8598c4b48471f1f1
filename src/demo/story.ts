// The demo's story, end to end: build the incident warehouse, gate closes; repair as the
// incident's engineers did; gate opens. Returns the reports so the CLI can print them and
// decide the exit code; `say` narrates between the steps.
import { loadProject } from '../config/load.js';
import { selectChecks } from '../plan/select.js';
import type { RunReport } from '../run/report.js';
import { run } from '../run/run.js';
import { INCIDENT } from './incident.js';
import { repairDemoWarehouse } from './repair.js';
import { buildDemoWarehouse } from './warehouse.js';

/** The dates the incident's handoff names. */
const NAMED_DATES = ['2026-01-03', '2025-12-31', '2025-12-26'];

/** The morning after the incident: the day the gate ran before Phase 4. */
export const DEMO_AS_OF = '2026-01-04';

export interface StoryOptions {
  configPath?: string;
  suite?: string;
  say: (text: string) => void;
  show: (report: RunReport) => void;
}

export interface StoryResult {
  before: RunReport;
  after: RunReport;
  /** The gate closed on the incident, named 2026-01-03, and opened after the repair. */
  behaved: boolean;
  problems: string[];
}

export async function runDemoStory(options: StoryOptions): Promise<StoryResult> {
  const suite = options.suite ?? 'pre_phase4';
  const project = await loadProject({ configPath: options.configPath });
  const target = project.config.targets[project.config.target];
  const path = target?.engine === 'duckdb' ? String(target.options.path) : undefined;
  if (!path || path === ':memory:') throw new Error('the demo needs a DuckDB file as the default target of the config');
  const gate = async () => {
    const selection = selectChecks(project, { suite });
    return run({ project, checks: selection.checks, suite, asOf: DEMO_AS_OF, failOn: selection.failOn });
  };

  const { say, show } = options;
  // The incident's own figures first; the demo damages more dates of 2025 the same way.
  const named = INCIDENT.partialDates.filter((d) => NAMED_DATES.includes(d.date));
  const others = INCIDENT.partialDates.length - named.length;
  say(`1. The overnight backfill reported every date successful, but saved only part of the team rows:`);
  for (const d of named) say(`     ${d.date}: ${d.kept} of ${d.expected} team rows`);
  say(`     ... and ${others} more dates since 2025-01-01; ${INCIDENT.missingDate}: nothing saved at all`);
  const built = await buildDemoWarehouse({ path, scenario: 'incident' });
  say(`   Built ${path} (incident): ${built.games.toLocaleString('en-US')} games, ${built.playerRows.toLocaleString('en-US')} player rows, usage_rate coverage ${(built.coverage * 100).toFixed(1)}% (${(built.durationMs / 1000).toFixed(1)} s)`);
  say(`\n2. The gate before Phase 4 (dq run ${suite} --as-of ${DEMO_AS_OF}):\n`);
  const before = await gate();
  show(before);

  say(`\n3. Re-running the team rows for the broken dates and recomputing usage_rate, as the engineers did:`);
  const repair = await repairDemoWarehouse(path);
  say(`   ${repair.dates.length} dates re-run: ${repair.teamRowsRestored} team rows restored, ${repair.playerRowsUpdated} player rows recomputed`);
  say(`\n4. The gate again:\n`);
  const after = await gate();
  show(after);

  const problems: string[] = [];
  const dates = Object.values(before.failing_partitions).flat();
  if (before.exit_code !== 1) problems.push(`the gate should close with exit 1 on the incident, got ${before.exit_code}`);
  if (!dates.includes('2026-01-03')) problems.push('the failing partitions should name 2026-01-03');
  if (after.exit_code !== 0) problems.push(`the gate should open with exit 0 after the repair, got ${after.exit_code}`);
  return { before, after, behaved: problems.length === 0, problems };
}
