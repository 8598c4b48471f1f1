// Builds the demo warehouse: a DuckDB file with the incident's tables, generated in SQL.
// `healthy` is the repaired state; `incident` is the morning after the overnight backfill.

import { mkdir, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { assertDemoFile, MARKER_SQL, queryRows, withDatabase } from './db.js';
import { applyIncidentSql, INCIDENT, incidentCheckSql } from './incident.js';
import { DEFAULT_SEED } from './model.js';
import {
  COVERAGE_SQL,
  DDL,
  gamebookSql,
  playerSummarySql,
  quote,
  scheduleSql,
  teamBoxscoreSql,
  teamOffenseSql,
} from './sql.js';

export type DemoScenario = 'healthy' | 'incident';

export interface DemoSummary {
  path: string;
  scenario: DemoScenario;
  /** Completed games (game_status = 3) in nba_raw.nbac_schedule. */
  games: number;
  /** Rows in nba_analytics.team_offense_game_summary. */
  teamRows: number;
  /** Rows in nba_analytics.player_game_summary, minutes_played = 0 rows included. */
  playerRows: number;
  /** 0..1 overall usage_rate coverage, minutes > 0 since 2021-10-01. */
  coverage: number;
  durationMs: number;
}

export async function buildDemoWarehouse(options: {
  path: string;
  scenario: DemoScenario;
  seed?: number;
}): Promise<DemoSummary> {
  const started = performance.now();
  const { scenario } = options;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`demo seed must be a non-negative integer, got ${seed}`);
  }
  if (scenario !== 'healthy' && scenario !== 'incident') {
    throw new Error(`unknown demo scenario '${String(scenario)}' (expected 'healthy' or 'incident')`);
  }
  const path = options.path === ':memory:' ? options.path : resolve(options.path);
  if (path !== ':memory:') {
    await assertDemoFile(path, 'overwrite');
    await mkdir(dirname(path), { recursive: true });
    await rm(path, { force: true });
    await rm(`${path}.wal`, { force: true });
  }

  return withDatabase(path, async (connection) => {
    await connection.run('BEGIN TRANSACTION');
    await connection.run(DDL);
    await connection.run(MARKER_SQL);
    await connection.run(scheduleSql());
    await connection.run(teamBoxscoreSql(seed));
    await connection.run(gamebookSql(seed));
    await connection.run(teamOffenseSql('TRUE'));
    if (scenario === 'incident') {
      await checkIncidentFits(connection);
      // The overnight run: team rows partly saved, the missing date not at all; the player
      // backfill then ran against that table and saved nothing for the missing date.
      await connection.run(applyIncidentSql(seed));
      await connection.run(playerSummarySql(`p.game_date <> DATE ${quote(INCIDENT.missingDate)}`));
    } else {
      await connection.run(playerSummarySql('TRUE'));
    }
    await connection.run('COMMIT');
    if (path !== ':memory:') await connection.run('CHECKPOINT');
    const summary = await summarize(connection);
    return { path: options.path, scenario, ...summary, durationMs: Math.round(performance.now() - started) };
  });
}

async function checkIncidentFits(connection: DuckDBConnection): Promise<void> {
  const mismatches = await queryRows(connection, incidentCheckSql());
  if (mismatches.length > 0) {
    const detail = mismatches.map((m) => `${String(m.game_date)}: listed ${String(m.expected)}, schedule ${String(m.actual)}`);
    throw new Error(`INCIDENT does not fit the generated schedule (team rows expected): ${detail.join('; ')}`);
  }
}

async function summarize(
  connection: DuckDBConnection,
): Promise<Pick<DemoSummary, 'games' | 'teamRows' | 'playerRows' | 'coverage'>> {
  const [counts] = await queryRows(
    connection,
    `SELECT
       (SELECT count(*) FROM nba_raw.nbac_schedule WHERE game_status = 3)::INTEGER AS games,
       (SELECT count(*) FROM nba_analytics.team_offense_game_summary)::INTEGER AS team_rows,
       (SELECT count(*) FROM nba_analytics.player_game_summary)::INTEGER AS player_rows`,
  );
  const [coverage] = await queryRows(connection, COVERAGE_SQL);
  const total = Number(coverage!.total);
  return {
    games: Number(counts!.games),
    teamRows: Number(counts!.team_rows),
    playerRows: Number(counts!.player_rows),
    coverage: total === 0 ? 0 : Number(coverage!.with_usage) / total,
  };
}
