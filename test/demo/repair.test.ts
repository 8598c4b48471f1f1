import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT } from '../../src/demo/incident.js';
import { repairDemoWarehouse, type RepairSummary } from '../../src/demo/repair.js';
import { buildDemoWarehouse, type DemoSummary } from '../../src/demo/warehouse.js';
import { copyDemoWarehouse, demoBuild } from '../support/demo-cache.js';
import { coverageByPeriod, fingerprint, makeTempDir, openReadOnly } from './helpers.js';

const tmp = makeTempDir();
const healthyPath = join(tmp.dir, 'healthy.duckdb');
const healthyAgainPath = join(tmp.dir, 'healthy-again.duckdb');
const incidentPath = join(tmp.dir, 'incident.duckdb');
const otherSeedPath = join(tmp.dir, 'incident-seed-7.duckdb');

/** What the cache's healthy build (the first of this run) returned. */
let healthyFirst: DemoSummary;
let healthyRebuilt: DemoSummary;
let healthyPrint: Record<string, string>;
let incidentPrint: Record<string, string>;
let repair: RepairSummary;
let repairedPrint: Record<string, string>;

beforeAll(async () => {
  // The healthy and incident warehouses of this test run's demo cache (test/support/demo-cache.ts):
  // built by buildDemoWarehouse like the others here, once per run for every file that uses them.
  await copyDemoWarehouse(healthyPath, 'healthy');
  healthyFirst = (await demoBuild('healthy')).summary;
  // A file that is not a demo warehouse (here not even a database) is never overwritten.
  writeFileSync(healthyAgainPath, 'not a database');
  await expect(buildDemoWarehouse({ path: healthyAgainPath, scenario: 'healthy' })).rejects.toThrow(/refusing to overwrite/);
  // Rebuilding over a demo warehouse is fine, and replaces it whole: the second healthy build of
  // this run (the cache's is the first) is made over the incident warehouse.
  await copyDemoWarehouse(healthyAgainPath, 'incident');
  healthyRebuilt = await buildDemoWarehouse({ path: healthyAgainPath, scenario: 'healthy' });
  await copyDemoWarehouse(incidentPath, 'incident');
  healthyPrint = await fingerprint(healthyPath);
  incidentPrint = await fingerprint(incidentPath);
  repair = await repairDemoWarehouse(incidentPath);
  repairedPrint = await fingerprint(incidentPath);
});

afterAll(() => tmp.cleanup());

describe('build', () => {
  // First, before anything else here opens the file the build just wrote.
  it('releases the file: another process can open it read-only right after', () => {
    const script = `
      import { DuckDBInstance } from '@duckdb/node-api';
      const instance = await DuckDBInstance.create(${JSON.stringify(healthyAgainPath)}, { access_mode: 'READ_ONLY' });
      const connection = await instance.connect();
      const reader = await connection.runAndReadAll('SELECT count(*)::INTEGER AS n FROM nba_raw.nbac_schedule');
      process.stdout.write(String(reader.getRowObjectsJson()[0].n));
      connection.closeSync();
      instance.closeSync();`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(Number(out)).toBeGreaterThan(6000);
  });
});

describe('determinism', () => {
  it('gives identical contents for two builds with the same seed', async () => {
    expect(await fingerprint(healthyAgainPath)).toEqual(healthyPrint);
    const strip = ({ path: _path, durationMs: _ms, ...rest }: DemoSummary) => rest;
    expect(strip(healthyRebuilt)).toEqual(strip(healthyFirst));
  });

  it('gives other box scores for another seed, on the same schedule, and INCIDENT still fits', async () => {
    const other = await buildDemoWarehouse({ path: otherSeedPath, scenario: 'incident', seed: 7 });
    const print = await fingerprint(otherSeedPath);
    expect(print['nba_raw.nbac_schedule']).toBe(healthyPrint['nba_raw.nbac_schedule']);
    expect(print['nba_raw.nbac_gamebook_player_stats']).not.toBe(healthyPrint['nba_raw.nbac_gamebook_player_stats']);
    expect(Math.abs(other.coverage - 0.361)).toBeLessThanOrEqual(0.01);
    const db = await openReadOnly(otherSeedPath);
    try {
      expect(Math.abs((await coverageByPeriod(db))['2025+']! - 0.181)).toBeLessThanOrEqual(0.01);
      expect(await db.value(`SELECT count(*) FROM nba_analytics.team_offense_game_summary WHERE game_date = '2026-01-03'`)).toBe(2);
    } finally {
      db.close();
    }
  });
});

describe('repair', () => {
  it('starts from a warehouse that differs from healthy in the analytics tables only', () => {
    expect(incidentPrint['nba_raw.nbac_schedule']).toBe(healthyPrint['nba_raw.nbac_schedule']);
    expect(incidentPrint['nba_raw.nbac_team_boxscore']).toBe(healthyPrint['nba_raw.nbac_team_boxscore']);
    expect(incidentPrint['nba_raw.nbac_gamebook_player_stats']).toBe(healthyPrint['nba_raw.nbac_gamebook_player_stats']);
    expect(incidentPrint['nba_analytics.team_offense_game_summary']).not.toBe(healthyPrint['nba_analytics.team_offense_game_summary']);
    expect(incidentPrint['nba_analytics.player_game_summary']).not.toBe(healthyPrint['nba_analytics.player_game_summary']);
  });

  it('re-runs exactly the damaged dates, the missing one included', () => {
    const expected = [...INCIDENT.partialDates.map((d) => d.date), INCIDENT.missingDate].sort();
    expect(repair.dates).toEqual(expected);
  });

  it('restores the missing team rows and rewrites the player rows of those dates', async () => {
    const db = await openReadOnly(healthyPath);
    try {
      const missingDateRows = await db.value(
        `SELECT count(*) FROM nba_analytics.team_offense_game_summary WHERE game_date = '${INCIDENT.missingDate}'`,
      );
      const lost = INCIDENT.partialDates.reduce((sum, d) => sum + d.expected - d.kept, 0);
      expect(repair.teamRowsRestored).toBe(lost + missingDateRows);
      const dates = repair.dates.map((d) => `'${d}'`).join(', ');
      expect(repair.playerRowsUpdated).toBe(
        await db.value(`SELECT count(*) FROM nba_analytics.player_game_summary WHERE game_date IN (${dates})`),
      );
    } finally {
      db.close();
    }
  });

  it('leaves a warehouse equal to the healthy one', async () => {
    expect(repairedPrint).toEqual(healthyPrint);
    const repaired = await openReadOnly(incidentPath);
    const reference = await openReadOnly(healthyPath);
    try {
      expect(await coverageByPeriod(repaired)).toEqual(await coverageByPeriod(reference));
    } finally {
      repaired.close();
      reference.close();
    }
  });

  it('finds nothing to do on a healthy warehouse', async () => {
    expect(await repairDemoWarehouse(healthyAgainPath)).toEqual({ dates: [], teamRowsRestored: 0, playerRowsUpdated: 0 });
    expect(await fingerprint(healthyAgainPath)).toEqual(healthyPrint);
  });
});

describe('the demo never touches other data', () => {
  it('refuses to overwrite or repair a DuckDB file it did not build', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { buildDemoWarehouse } = await import('../../src/demo/warehouse.js');
    const { repairDemoWarehouse } = await import('../../src/demo/repair.js');
    const file = join(mkdtempSync(join(tmpdir(), 'dqgate-notdemo-')), 'prod.duckdb');
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run('CREATE SCHEMA sales; CREATE TABLE sales.orders AS SELECT 1 AS id');
    connection.closeSync();
    instance.closeSync();
    await expect(buildDemoWarehouse({ path: file, scenario: 'incident' })).rejects.toThrow(/refusing to overwrite .*not a dqgate demo warehouse/);
    await expect(repairDemoWarehouse(file)).rejects.toThrow(/refusing to repair/);
    const check = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    const c = await check.connect();
    expect((await c.runAndReadAll('SELECT count(*) AS n FROM sales.orders')).getRowObjectsJS()[0].n).toBe(1n);
    c.closeSync();
    check.closeSync();
  });
});
