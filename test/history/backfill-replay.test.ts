// Issue 13, "Done when": the incident replayed through the history store. The incident run,
// the repair of the damaged dates, a second run: `dq diff` lists exactly the dates the incident
// run reported failing as fixed, none as regressed. A repair that breaks a healthy date shows it
// as regressed and exits 1.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT } from '../../src/demo/incident.js';
import { repairDemoWarehouse } from '../../src/demo/repair.js';
import type { RunReport } from '../../src/run/report.js';
import { dq } from '../e2e/cli.js';
import { DEMO_AS_OF, exampleProject } from '../example/project.js';

const TEAM = 'nba_analytics.team_offense_game_summary';
const SCHEDULE = 'nba_raw.nbac_schedule';
const RECONCILE = 'team_offense_game_summary.reconcile_schedule';

interface Change {
  change: string;
  table: string;
  key: string;
}

async function gate(cwd: string, out: string): Promise<{ code: number; report: RunReport }> {
  const result = await dq(cwd, ['run', 'pre_phase4', '--as-of', DEMO_AS_OF, '--format', 'json', '--out', out, '-q']);
  return { code: result.code, report: JSON.parse(readFileSync(path.join(cwd, out, 'report.json'), 'utf8')) as RunReport };
}

/**
 * The dates (groups keyed by the partition column game_date) of the table listed as `kind`.
 * Groups keyed otherwise (two_rows_per_game's game_id groups) are groups, not partitions.
 */
const datesOf = (changes: Change[], kind: string) => {
  const keys = changes.filter((c) => c.change === kind && c.table === TEAM).map((c) => JSON.parse(c.key) as { game_date?: string });
  return [...new Set(keys.flatMap((k) => (k.game_date === undefined ? [] : [k.game_date])))].sort();
};

/** Runs `statements` on the warehouse file; returns the first column of the last one's rows. */
async function onWarehouse(file: string, ...statements: string[]): Promise<unknown[]> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    let last: unknown[] = [];
    for (const sql of statements) last = (await (await connection.run(sql)).getRows()).map((r) => r[0]);
    return last;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const deleteDate = (file: string, date: string) => onWarehouse(file, `DELETE FROM ${TEAM} WHERE game_date = DATE '${date}'`);

describe('dq diff proves the backfill of the incident', () => {
  let incidentDates: string[];
  let repaired: { code: number; stdout: string; stderr: string };
  let broken: { code: number; stdout: string; stderr: string };
  let healthyDate: string;
  let rescheduled: { code: number; stdout: string; stderr: string };
  let goneDate: string;
  let newDate: string;

  beforeAll(async () => {
    // Scenario 1: incident, repair, run again.
    const cwd = await exampleProject(['incident']);
    const first = await gate(cwd, 'run1');
    expect(first.code).toBe(1);
    incidentDates = [...first.report.failing_partitions[TEAM]!].sort();
    await repairDemoWarehouse(path.join(cwd, 'incident.duckdb'));
    expect((await gate(cwd, 'run2')).code).toBe(0);
    repaired = await dq(cwd, ['diff', '--format', 'json']);

    // Scenario 3, after the repaired run: the schedule drops one completed date (its games
    // postponed, its team rows deleted) and gains a completed date no team rows were saved for.
    const warehouse = path.join(cwd, 'incident.duckdb');
    const [last] = await onWarehouse(warehouse, `SELECT strftime(max(game_date), '%Y-%m-%d') FROM ${TEAM}`);
    goneDate = String(last);
    const [after] = await onWarehouse(warehouse, `SELECT strftime(max(game_date) + 1, '%Y-%m-%d') FROM ${SCHEDULE}`);
    newDate = String(after);
    await onWarehouse(
      warehouse,
      `UPDATE ${SCHEDULE} SET game_status = 1 WHERE game_date = DATE '${goneDate}'`,
      `DELETE FROM ${TEAM} WHERE game_date = DATE '${goneDate}'`,
      `INSERT INTO ${SCHEDULE} VALUES ('0029999999', DATE '${newDate}', '2025-26', 'BOS', 'NYK', 3, 'Final')`,
    );
    await gate(cwd, 'run3');
    rescheduled = await dq(cwd, ['diff', '--format', 'json']);

    // Scenario 2: the repair also loses the rows of a date that was healthy.
    const cwd2 = await exampleProject(['incident']);
    const before = await gate(cwd2, 'run1');
    const failing = new Set(before.report.failing_partitions[TEAM]);
    healthyDate = ['2026-01-02', '2026-01-01', '2025-12-31', '2025-12-30'].find((d) => !failing.has(d))!;
    await repairDemoWarehouse(path.join(cwd2, 'incident.duckdb'));
    await deleteDate(path.join(cwd2, 'incident.duckdb'), healthyDate);
    await gate(cwd2, 'run2');
    broken = await dq(cwd2, ['diff', '--format', 'json']);
  }, 120_000);

  it('the incident run fails on the 123 damaged dates (the demo incident, independently)', () => {
    const damaged = [...INCIDENT.partialDates.map((d) => d.date), INCIDENT.missingDate].sort();
    expect(damaged).toHaveLength(123);
    expect(incidentDates).toEqual(damaged);
  });

  it('lists exactly the 123 dates of team_offense_game_summary as fixed, none regressed, exit 0', () => {
    expect(repaired.code, repaired.stderr).toBe(0);
    const diff = JSON.parse(repaired.stdout) as { partitions: (Change & { check_id: string })[]; regressed: boolean; counts: Record<string, number>; incomplete: unknown[] };
    expect(datesOf(diff.partitions, 'fixed')).toEqual(incidentDates);
    // reconcile itself, every date of it comparable: the 123 fixed, none new or gone.
    const reconciled = diff.partitions.filter((p) => p.check_id === RECONCILE);
    expect(reconciled.map((p) => [p.change, (JSON.parse(p.key) as { game_date: string }).game_date])).toEqual(incidentDates.map((d) => ['fixed', d]));
    expect(diff.incomplete).toEqual([]);
    expect(diff.counts.regressed).toBe(0);
    expect(diff.counts.still_failing).toBe(0);
    expect(diff.regressed).toBe(false);
  });

  it('a repair that breaks a healthy date shows it as regressed, and dq diff exits 1', () => {
    expect(broken.code, broken.stderr).toBe(1);
    const diff = JSON.parse(broken.stdout) as { partitions: Change[]; regressed: boolean };
    expect(datesOf(diff.partitions, 'regressed')).toEqual([healthyDate]);
    expect(datesOf(diff.partitions, 'fixed')).toEqual(incidentDates);
    expect(diff.regressed).toBe(true);
  });

  it('records every date reconcile compared, passing ones too: a date the schedule drops is gone, one it gains is new', () => {
    const diff = JSON.parse(rescheduled.stdout) as { partitions: (Change & { check_id: string; before: unknown; after: unknown })[]; incomplete: unknown[] };
    expect(diff.incomplete).toEqual([]);
    const ofReconcile = (kind: string) => diff.partitions.filter((p) => p.check_id === RECONCILE && p.change === kind);
    // The dropped date passed in the repaired run (complete: 1); it is recorded, so it is gone.
    expect(ofReconcile('gone').map((p) => [JSON.parse(p.key), p.before])).toEqual([[{ game_date: goneDate }, { status: 'pass', value: 1 }]]);
    // The gained date has no rows: new (failing), not a passing date that regressed.
    expect(ofReconcile('new').map((p) => [JSON.parse(p.key), p.after])).toEqual([[{ game_date: newDate }, { status: 'fail', value: 0 }]]);
    expect(ofReconcile('regressed')).toEqual([]);
    expect(datesOf(diff.partitions, 'gone')).toEqual([goneDate]);
    expect(datesOf(diff.partitions, 'new')).toEqual([newDate]);
  });
});
