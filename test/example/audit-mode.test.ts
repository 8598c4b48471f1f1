// Issue 12, audit mode: `--no-block` / a suite's `block: false` evaluates checks whose upstream
// check failed (marked `upstream failed: <id>` in every format, exit codes unchanged); an
// explicit exclude wins over upstream auto-inclusion; `dq list` lists what `dq run` runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run/report.js';
import { dq } from '../e2e/cli.js';
import { DEMO_AS_OF, exampleProject } from './project.js';

const COVERAGE = 'player_game_summary.usage_rate_coverage';
const RECONCILE = 'team_offense_game_summary.reconcile_schedule';
const PER_GAME = 'team_offense_game_summary.two_rows_per_game';

let cwd: string;
let outs = 0;

/** `dq run ARGS` on the incident with every format written to a new folder; the files and the console. */
async function runAll(args: string[]) {
  const out = path.join(cwd, `out${++outs}`);
  const result = await dq(cwd, ['run', ...args, '--as-of', DEMO_AS_OF, '--no-history', '--no-drill-down', '-f', 'console,json,markdown,junit,html', '-o', out]);
  const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
  const report = JSON.parse(read('report.json')) as RunReport;
  return { ...result, report, md: read('report.md'), junit: read('junit.xml'), html: read('report.html') };
}

const byId = (report: RunReport, id: string) => report.checks.find((c) => c.id === id);

beforeAll(async () => {
  cwd = await exampleProject(['incident']);
});

describe('dq run audit --no-block on the demo incident', () => {
  let audit: Awaited<ReturnType<typeof runAll>>;
  beforeAll(async () => {
    audit = await runAll(['audit', '--no-block']);
  });

  it('shows usage_rate_coverage at 36.1% (fail) alongside the reconcile failure; exit 1', () => {
    expect(audit.code).toBe(1);
    expect(audit.report.exit_code).toBe(1);
    const coverage = byId(audit.report, COVERAGE)!;
    expect(coverage.status).toBe('fail');
    expect(Math.round((coverage.metric.value as number) * 1000) / 10).toBe(36.1);
    expect(coverage.upstream_failed).toEqual([RECONCILE, PER_GAME]);
    expect(byId(audit.report, RECONCILE)!.status).toBe('fail');
    expect(audit.report.summary.skipped).toBe(0);
    const line = audit.stdout.split('\n').find((l) => l.includes(`FAIL  ${COVERAGE} `));
    expect(line).toMatch(/coverage 36\.1%, expected ≥ 45% .* · upstream failed: team_offense_game_summary\.reconcile_schedule, team_offense_game_summary\.two_rows_per_game/);
    expect(audit.stdout).toMatch(new RegExp(`FAIL  ${RECONCILE.replace(/\./g, '\\.')} `));
  });

  it("lists the seed's step 3 per period: only 2025+ fails, at the coverage a hand-written query gives", async () => {
    const check = byId(audit.report, 'player_game_summary.usage_rate_coverage_by_period')!;
    expect(check).toMatchObject({ status: 'fail', group_by: ['period'], failing_group_count: 1 });
    // The seed's own query, on the same warehouse, outside dq.
    const db = await DuckDBInstance.create(path.join(cwd, 'incident.duckdb'), { access_mode: 'READ_ONLY' });
    const connection = await db.connect();
    const rows = (
      await connection.runAndReadAll(
        `SELECT count(*) AS total, count(usage_rate) AS covered FROM nba_analytics.player_game_summary
         WHERE game_date >= '2025-01-01' AND minutes_played > 0`,
      )
    ).getRowObjects();
    connection.closeSync();
    db.closeSync();
    const share = Number(rows[0]!.covered) / Number(rows[0]!.total);
    expect(check.failing_groups).toEqual([{ key: { period: '2025+' }, value: share, rows: Number(rows[0]!.total) }]);
    expect(audit.stdout).toContain(`period=2025+: ${(Math.round(share * 1000) / 10).toFixed(1)}%`);
  });

  it('marks every check evaluated past a failed upstream check, and only those, in every format', () => {
    const marked = audit.report.checks.filter((c) => c.upstream_failed);
    // The player checks depend on the two failed team checks; nothing else has a failed upstream.
    expect(marked.map((c) => c.table)).toEqual(Array(marked.length).fill('nba_analytics.player_game_summary'));
    expect(marked.length).toBe(audit.report.checks.filter((c) => c.table === 'nba_analytics.player_game_summary').length);
    const note = `upstream failed: ${RECONCILE}, ${PER_GAME}`;
    const junit = new XMLParser({ ignoreAttributes: false }).parse(audit.junit);
    const cases = [junit.testsuites.testsuite].flat().flatMap((s: { testcase: unknown }) => [s.testcase].flat()) as Record<string, any>[];
    for (const check of marked) {
      expect(audit.stdout).toMatch(new RegExp(`${check.id.replace(/\./g, '\\.')} .*${note}`));
      const mdRow = audit.md.split('\n').find((l) => l.startsWith('|') && l.includes(`| ${check.id} |`));
      expect(mdRow, check.id).toContain(note);
      const tc = cases.find((c) => c['@_name'] === check.id)!;
      const text = check.status === 'fail' ? tc.failure['@_message'] : String(tc['system-out']);
      expect(text).toContain(note);
      expect(audit.html).toContain(`${check.message} · ${note}`.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    }
  });

  it('the suite\'s `block: false` does it without the flag; pre_phase4 (blocking) skips the same check', async () => {
    const suite = await runAll(['audit']);
    expect(byId(suite.report, COVERAGE)).toMatchObject({ status: 'fail', upstream_failed: [RECONCILE, PER_GAME] });
    const gate = await runAll(['pre_phase4']);
    expect(gate.code).toBe(1);
    expect(byId(gate.report, COVERAGE)).toMatchObject({ status: 'skipped', skipped_reason: `blocked by ${RECONCILE}` });
    expect(byId(gate.report, COVERAGE)!.upstream_failed).toBeUndefined();
  });
});

describe('an explicit --exclude wins over upstream auto-inclusion', () => {
  it('does not run the excluded upstream checks, says so, and runs their downstream check marked as without them', async () => {
    const result = await runAll(['--select', COVERAGE, '--exclude', 'team_offense_game_summary.*']);
    expect(result.report.checks.map((c) => c.id)).toEqual([COVERAGE]);
    expect(result.report.queries.flatMap((q) => q.check_ids)).not.toContain(RECONCILE);
    const coverage = byId(result.report, COVERAGE)!;
    // Evaluated (not blocked: its upstream never ran), and not silently trusted.
    expect(coverage.status).toBe('fail');
    expect(coverage.upstream_not_run).toEqual([RECONCILE, PER_GAME]);
    expect(result.report.excluded_upstream).toEqual([
      { id: RECONCILE, needed_by: [COVERAGE] },
      { id: PER_GAME, needed_by: [COVERAGE] },
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`upstream not run (excluded): ${RECONCILE}, ${PER_GAME}`);
    expect(result.stdout).toContain(`Upstream checks not run\n  ${RECONCILE} was not run (excluded); ${COVERAGE} depends on it and ran without it`);
    expect(result.md).toContain('### Upstream checks not run');
    expect(result.html).toContain('<h2>Upstream checks not run</h2>');
  });

  it('excluding one upstream check keeps the other, which still blocks', async () => {
    const result = await runAll(['--select', COVERAGE, '--exclude', RECONCILE]);
    expect(result.report.checks.map((c) => c.id)).toEqual([COVERAGE, PER_GAME]);
    expect(byId(result.report, COVERAGE)).toMatchObject({ status: 'skipped', skipped_reason: `blocked by ${PER_GAME}` });
    expect(result.report.excluded_upstream).toEqual([{ id: RECONCILE, needed_by: [COVERAGE] }]);
  });
});

describe('dq list shows exactly what dq run runs', () => {
  const selections: string[][] = [
    ['audit'],
    ['pre_phase4'],
    ['pre_training'],
    ['--select', COVERAGE],
    ['--select', 'tag:pre_training', '--exclude', 'team_offense_game_summary.*'],
    ['pre_phase4', '--exclude', RECONCILE],
    ['pre_phase4', '--select', 'player_game_summary.*'],
  ];

  it.each(selections.map((s) => [s.join(' '), s]))('%s', async (_name, selection) => {
    const list = await dq(cwd, ['list', ...selection]);
    expect(list.code).toBe(0);
    const rows = list.stdout.split('\n').slice(1).filter((l) => /^[ ^] \S/.test(l));
    const listed = rows.map((l) => l.slice(2).split(/\s+/)[0]);
    const run = await dq(cwd, ['run', ...selection, '--as-of', DEMO_AS_OF, '--no-history', '--no-drill-down', '-f', 'json', '-o', path.join(cwd, `list${++outs}`)]);
    expect([0, 1]).toContain(run.code);
    const report = JSON.parse(readFileSync(path.join(cwd, `list${outs}`, 'report.json'), 'utf8')) as RunReport;
    expect(listed).toEqual(report.checks.map((c) => c.id));
    expect(list.stdout).toContain(`\n${listed.length} checks`);
  });

  it('marks the upstream checks it adds with ^', async () => {
    const list = await dq(cwd, ['list', '--select', COVERAGE]);
    const marked = list.stdout.split('\n').filter((l) => l.startsWith('^ ')).map((l) => l.slice(2).split(/\s+/)[0]);
    expect(marked).toEqual([RECONCILE, PER_GAME]);
    expect(list.stdout).toMatch(new RegExp(`\\n  ${COVERAGE.replace(/\./g, '\\.')} `));
    expect(list.stdout).toContain('3 checks (2 upstream)');
  });

  it('names the excluded upstream checks and the checks that run without them', async () => {
    const list = await dq(cwd, ['list', '--select', COVERAGE, '--exclude', RECONCILE]);
    expect(list.stdout).toContain(`not run (excluded): ${RECONCILE}, needed by ${COVERAGE}, which runs without it\n2 checks (1 upstream)\n`);
  });
});
