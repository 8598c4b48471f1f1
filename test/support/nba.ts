// A small DuckDB warehouse shaped like the team_offense backfill incident: a schedule, and team
// rows per finished game, with three partial saves, one date missing entirely and one date
// that the schedule does not expect (its games are not final).
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckSpec } from '../../src/config/types.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';
import type { Row } from '../../src/engines/engine.js';
import type { Measurement } from '../../src/checks/types.js';
import { compile, type CompiledPlan, type CompileOptions } from '../../src/plan/compile.js';
import { measureCheck } from '../../src/run/measure.js';

export const SEASON_START = '2025-12-10';
export const vars = { season_start: SEASON_START };
export const asOf = '2026-01-04';

/** Partial saves: date → team rows kept (the incident's figures). */
export const PARTIAL: Record<string, number> = { '2026-01-03': 2, '2025-12-31': 7, '2025-12-26': 2 };
/** Games on the incident dates, as in the handoff: 16, 14 and 18 team rows. */
const GAMES: Record<string, number> = { '2026-01-03': 8, '2025-12-31': 7, '2025-12-26': 9 };
/** Scheduled and final, but no team rows at all. */
export const MISSING_DATE = '2025-12-20';
/** Team rows exist, but the schedule's games are not final (status 1): nothing is expected. */
export const EXTRA_DATE = '2025-12-24';
/** Final games plus one postponed (status 4) game, which `game_status = 3` must leave out. */
export const POSTPONED_DATE = '2025-12-15';
/** Before the season start: scheduled and final, never loaded; only a filter on the schedule excludes it. */
export const PRESEASON_DATE = '2025-12-05';

const TEAMS = 'ATL BOS BKN CHA CHI CLE DAL DEN DET GSW HOU IND LAC LAL MEM MIA MIL MIN NOP NYK OKC ORL PHI PHX POR SAC SAS TOR UTA WAS'.split(' ');

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Every date of the season so far, in order. */
export const SEASON_DATES = Array.from({ length: 25 }, (_, i) => addDays(SEASON_START, i));

export function gamesOn(date: string): number {
  return GAMES[date] ?? 7 + ((SEASON_DATES.indexOf(date) * 5) % 3);
}

interface Game {
  game_id: string;
  game_date: string;
  game_status: number;
  home: string;
  away: string;
}

function schedule(): Game[] {
  const games: Game[] = [];
  for (const [d, date] of [PRESEASON_DATE, ...SEASON_DATES].entries()) {
    const status = date === EXTRA_DATE ? 1 : 3;
    const n = gamesOn(date) + (date === POSTPONED_DATE ? 1 : 0);
    for (let g = 0; g < n; g += 1) {
      games.push({
        game_id: `00225${String(d).padStart(3, '0')}${String(g).padStart(2, '0')}`,
        game_date: date,
        game_status: date === POSTPONED_DATE && g === n - 1 ? 4 : status,
        home: TEAMS[2 * g],
        away: TEAMS[2 * g + 1],
      });
    }
  }
  return games;
}

interface TeamRow {
  game_id: string;
  game_date: string;
  team_abbr: string;
}

/** Team rows for every played season game (two per game), home first. */
function complete(games: Game[]): TeamRow[] {
  return games
    .filter((g) => g.game_date >= SEASON_START && (g.game_status === 3 || g.game_date === EXTRA_DATE))
    .flatMap((g) => [
      { game_id: g.game_id, game_date: g.game_date, team_abbr: g.home },
      { game_id: g.game_id, game_date: g.game_date, team_abbr: g.away },
    ]);
}

/** What the overnight backfill left: partial dates cut to their first rows, one date lost. */
function incident(rows: TeamRow[]): TeamRow[] {
  const kept: Record<string, number> = {};
  return rows.filter((r) => {
    if (r.game_date === MISSING_DATE) return false;
    kept[r.game_date] = (kept[r.game_date] ?? 0) + 1;
    return PARTIAL[r.game_date] === undefined || kept[r.game_date] <= PARTIAL[r.game_date];
  });
}

/** The fixed table: what the re-run saved. The date the schedule does not expect is gone too. */
function fixed(rows: TeamRow[]): TeamRow[] {
  return rows.filter((r) => r.game_date !== EXTRA_DATE);
}

export const TEAM_TABLE = 'nba_analytics.team_offense_game_summary';
export const FIXED_TABLE = 'nba_analytics.team_offense_fixed';
export const SCHEDULE_TABLE = 'nba_raw.nbac_schedule';

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

function teamValues(rows: TeamRow[]): string {
  return rows.map((r) => `(${q(r.game_id)}, DATE ${q(r.game_date)}, ${q(r.team_abbr)})`).join(', ');
}

/** Row counts per date of the incident table, for computing expectations independently of SQL. */
export function incidentCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of incident(complete(schedule()))) counts.set(r.game_date, (counts.get(r.game_date) ?? 0) + 1);
  return counts;
}

export interface Warehouse {
  dir: string;
  file: string;
  /** Compiles for DuckDB (with `options`, e.g. a --from/--to range), runs every query, measures every check. */
  run(checks: CheckSpec[], options?: Partial<CompileOptions>): Promise<{ plan: CompiledPlan; measurements: Map<string, Measurement> }>;
  /** Runs raw SQL against the warehouse (read-only). */
  query(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

/**
 * Builds the warehouse file; `extra` SQL runs after the standard tables (for small ad-hoc tables).
 */
export async function buildWarehouse(extra: string[] = []): Promise<Warehouse> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dqgate-nba-'));
  const file = path.join(dir, 'warehouse.duckdb');
  const games = schedule();
  const rows = complete(games);
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  const statements = [
    'CREATE SCHEMA nba_raw',
    'CREATE SCHEMA nba_analytics',
    'CREATE TABLE nba_raw.nbac_schedule (game_id VARCHAR, game_date DATE, game_status INTEGER, home_team_abbr VARCHAR, away_team_abbr VARCHAR)',
    `INSERT INTO nba_raw.nbac_schedule VALUES ${games
      .map((g) => `(${q(g.game_id)}, DATE ${q(g.game_date)}, ${g.game_status}, ${q(g.home)}, ${q(g.away)})`)
      .join(', ')}`,
    `CREATE TABLE ${TEAM_TABLE} (game_id VARCHAR, game_date DATE, team_abbr VARCHAR)`,
    `INSERT INTO ${TEAM_TABLE} VALUES ${teamValues(incident(rows))}`,
    `CREATE TABLE ${FIXED_TABLE} (game_id VARCHAR, game_date DATE, team_abbr VARCHAR)`,
    `INSERT INTO ${FIXED_TABLE} VALUES ${teamValues(fixed(rows))}`,
    ...extra,
  ];
  for (const sql of statements) await connection.run(sql);
  connection.closeSync();
  instance.closeSync();

  const engine = await createDuckDbEngine({ path: file });
  return {
    dir,
    file,
    async run(checks, options = {}) {
      const plan = compile(checks, { dialect: duckdb, asOf, vars, ...options });
      const measurements = new Map<string, Measurement>();
      for (const query of plan.queries) {
        const result = await engine.execute({ id: query.id, sql: query.sql, params: [] });
        for (const { id, key } of query.checks) {
          const check = checks.find((c) => c.id === id)!;
          measurements.set(id, measureCheck(check, key, result.rows, { asOf, referenceTime: new Date(`${asOf}T12:00:00Z`), dialect: duckdb }));
        }
      }
      return { plan, measurements };
    },
    async query(sql) {
      return (await engine.execute({ id: 'q', sql, params: [] })).rows;
    },
    async close() {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
