import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT } from '../../src/demo/incident.js';
import { TEAMS } from '../../src/demo/model.js';
import { buildDemoWarehouse } from '../../src/demo/warehouse.js';
import { copyDemoWarehouse, demoBuild, type DemoBuild } from '../support/demo-cache.js';
import { coverageByPeriod, makeTempDir, openReadOnly, type ReadOnlyDb } from './helpers.js';

const NAMED = [
  { date: '2026-01-03', expected: 16, kept: 2 },
  { date: '2025-12-31', expected: 14, kept: 7 },
  { date: '2025-12-26', expected: 18, kept: 2 },
];

// Every table of the default-seed warehouses, row by row in stored order, as the build produced
// them before the schedule's seasons were walked side by side (commit e628bc4): rows:md5.
const BUILT_BEFORE = {
  healthy: {
    'dqgate_demo.built_by': '1:5d7e86fb9ccea67c4917f26d38fe58f5',
    'nba_analytics.player_game_summary': '173247:bfcb6164256f7bc64f31497af15b2fcc',
    'nba_analytics.team_offense_game_summary': '10962:49144544fa1289f696100d141c9ab060',
    'nba_raw.nbac_gamebook_player_stats': '173247:cae4c0e7dda2e9bbf0757d201fd44124',
    'nba_raw.nbac_schedule': '6150:fb4d83a4f1b1f20f441f6534f9d50d55',
    'nba_raw.nbac_team_boxscore': '10962:8d5e387b02b7d251dd1e887ffeb26d42',
  },
  incident: {
    'dqgate_demo.built_by': '1:5d7e86fb9ccea67c4917f26d38fe58f5',
    'nba_analytics.player_game_summary': '172621:bf31f5d01078d74be301fa3c6aef8675',
    'nba_analytics.team_offense_game_summary': '9354:ae9889dbef695df351d91c14bff32ae0',
    'nba_raw.nbac_gamebook_player_stats': '173247:cae4c0e7dda2e9bbf0757d201fd44124',
    'nba_raw.nbac_schedule': '6150:fb4d83a4f1b1f20f441f6534f9d50d55',
    'nba_raw.nbac_team_boxscore': '10962:8d5e387b02b7d251dd1e887ffeb26d42',
  },
};

async function tableChecksums(db: ReadOnlyDb): Promise<Record<string, string>> {
  const tables = await db.rows(`SELECT schema_name || '.' || table_name AS t FROM duckdb_tables() ORDER BY 1`);
  const sums: Record<string, string> = {};
  for (const { t } of tables) {
    const [row] = await db.rows(
      `SELECT count(*)::INTEGER || ':' || md5(string_agg(x::VARCHAR, chr(10) ORDER BY rowid)) AS s FROM ${String(t)} x`,
    );
    sums[String(t)] = String(row!.s);
  }
  return sums;
}

const tmp = makeTempDir();
const healthyPath = join(tmp.dir, 'healthy.duckdb');
const incidentPath = join(tmp.dir, 'incident.duckdb');
let healthyBuild: DemoBuild;
let incidentBuild: DemoBuild;
let healthy: ReadOnlyDb;
let incident: ReadOnlyDb;

beforeAll(async () => {
  // The builds of this test run's demo cache (test/support/demo-cache.ts): buildDemoWarehouse's
  // files and summaries, default seed, each built into a folder it had to create. Building two
  // more here would be seconds of CPU for the same files. (That a build releases its file is
  // tested in repair.test.ts, right after builds made in that process.)
  healthyBuild = await demoBuild('healthy');
  incidentBuild = await demoBuild('incident');
  await copyDemoWarehouse(healthyPath, 'healthy');
  await copyDemoWarehouse(incidentPath, 'incident');
  healthy = await openReadOnly(healthyPath);
  incident = await openReadOnly(incidentPath);
});

afterAll(() => {
  healthy?.close();
  incident?.close();
  tmp.cleanup();
});

describe('build', () => {
  it('returns a summary that matches the tables', async () => {
    const healthySummary = healthyBuild.summary;
    const incidentSummary = incidentBuild.summary;
    expect(healthySummary).toMatchObject({ path: healthyBuild.builtAt, scenario: 'healthy' });
    expect(incidentSummary).toMatchObject({ path: incidentBuild.builtAt, scenario: 'incident', games: healthySummary.games });
    expect(healthySummary.games).toBe(
      await healthy.value(`SELECT count(*) FROM nba_raw.nbac_schedule WHERE game_status = 3`),
    );
    expect(healthySummary.teamRows).toBe(2 * healthySummary.games);
    expect(incidentSummary.teamRows).toBe(await incident.value(`SELECT count(*) FROM nba_analytics.team_offense_game_summary`));
    expect(incidentSummary.playerRows).toBe(await incident.value(`SELECT count(*) FROM nba_analytics.player_game_summary`));
    expect(healthySummary.coverage).toBeCloseTo((await coverageByPeriod(healthy)).all!, 12);
    expect(incidentSummary.coverage).toBeCloseTo((await coverageByPeriod(incident)).all!, 12);
    expect(healthySummary.durationMs).toBeGreaterThan(0);
    expect(healthySummary.durationMs).toBeLessThan(60_000);
  });

  it('builds the same tables, rows and row order as before the seasons walked side by side', async () => {
    expect(await tableChecksums(healthy)).toEqual(BUILT_BEFORE.healthy);
    expect(await tableChecksums(incident)).toEqual(BUILT_BEFORE.incident);
  });

  it('rejects a bad seed before touching the file', async () => {
    await expect(buildDemoWarehouse({ path: join(tmp.dir, 'x.duckdb'), scenario: 'healthy', seed: -1 })).rejects.toThrow(/seed/);
  });
});

describe('schedule', () => {
  it('has 1230 regular-season games per season, 82 per team', async () => {
    const seasons = await healthy.rows(`
      SELECT season, count(*)::INTEGER AS games FROM nba_raw.nbac_schedule GROUP BY season ORDER BY season`);
    expect(seasons).toEqual(['2021-22', '2022-23', '2023-24', '2024-25', '2025-26'].map((season) => ({ season, games: 1230 })));
    const perTeam = await healthy.rows(`
      SELECT min(n)::INTEGER AS lo, max(n)::INTEGER AS hi, count(*)::INTEGER AS team_seasons FROM (
        SELECT season, team, count(*) AS n FROM nba_raw.nbac_schedule,
          unnest([home_team_abbr, away_team_abbr]) AS u(team) GROUP BY ALL)`);
    expect(perTeam).toEqual([{ lo: 82, hi: 82, team_seasons: 150 }]);
  });

  it('uses the 30 team abbreviations, and a team plays at most once per date', async () => {
    const teams = await healthy.rows(`
      SELECT DISTINCT team FROM nba_raw.nbac_schedule, unnest([home_team_abbr, away_team_abbr]) AS u(team) ORDER BY team`);
    expect(teams.map((t) => t.team)).toEqual([...TEAMS].sort());
    expect(await healthy.value(`SELECT count(*) FROM nba_raw.nbac_schedule WHERE home_team_abbr = away_team_abbr`)).toBe(0);
    expect(
      await healthy.value(`
        SELECT count(*) FROM (
          SELECT game_date, team FROM nba_raw.nbac_schedule, unnest([home_team_abbr, away_team_abbr]) AS u(team)
          GROUP BY ALL HAVING count(*) > 1)`),
    ).toBe(0);
  });

  it('has well-formed, unique game ids', async () => {
    expect(await healthy.value(`SELECT count(*) - count(DISTINCT game_id) FROM nba_raw.nbac_schedule`)).toBe(0);
    expect(
      await healthy.value(`
        SELECT count(*) FROM nba_raw.nbac_schedule
        WHERE NOT regexp_full_match(game_id, '002\\d{7}') OR substr(game_id, 4, 2) <> substr(season, 3, 2)`),
    ).toBe(0);
    expect(await healthy.rows(`SELECT min(game_id) AS first FROM nba_raw.nbac_schedule`)).toEqual([{ first: '0022100001' }]);
  });

  it('is final up to 2026-01-03 and scheduled after it', async () => {
    const status = await healthy.rows(`
      SELECT game_status, min(game_date)::VARCHAR AS first, max(game_date)::VARCHAR AS last, count(*)::INTEGER AS n
      FROM nba_raw.nbac_schedule GROUP BY game_status ORDER BY game_status`);
    expect(status).toHaveLength(2);
    expect(status[0]).toMatchObject({ game_status: 1, first: '2026-01-04' });
    expect(status[1]).toMatchObject({ game_status: 3, first: '2021-10-19', last: '2026-01-03' });
    expect(status[0]!.n).toBeGreaterThan(100);
  });

  it('has realistic gaps: 0-15 games a day, no games in the off-season or the All-Star break', async () => {
    const perDay = await healthy.rows(`
      SELECT min(n)::INTEGER AS lo, max(n)::INTEGER AS hi, avg(n) AS mean
      FROM (SELECT game_date, count(*) AS n FROM nba_raw.nbac_schedule GROUP BY game_date)`);
    expect(perDay[0]).toMatchObject({ lo: 2, hi: 15 });
    expect(Number(perDay[0]!.mean)).toBeGreaterThan(6);
    expect(Number(perDay[0]!.mean)).toBeLessThan(9);
    expect(
      await healthy.value(`
        SELECT count(*) FROM nba_raw.nbac_schedule
        WHERE game_date BETWEEN '2022-04-11' AND '2022-10-17'      -- off-season
           OR game_date BETWEEN '2024-02-16' AND '2024-02-21'      -- All-Star break
           OR game_date IN ('2022-12-24', '2025-11-27')`),
    ).toBe(0);
    // ordinary days without games inside the season, beyond the breaks
    const darkDays = await healthy.value(`
      SELECT count(*) FROM generate_series(DATE '2024-10-22', DATE '2025-04-13', INTERVAL 1 DAY) g(d)
      WHERE d::DATE NOT IN (SELECT game_date FROM nba_raw.nbac_schedule)`);
    expect(darkDays).toBeGreaterThan(10);
    expect(darkDays).toBeLessThan(30);
  });

  it('has the named dates with 9, 7 and 8 completed games', async () => {
    const rows = await healthy.rows(`
      SELECT game_date::VARCHAR AS date, 2 * count(*)::INTEGER AS team_games FROM nba_raw.nbac_schedule
      WHERE game_status = 3 AND game_date IN ('2026-01-03', '2025-12-31', '2025-12-26') GROUP BY 1 ORDER BY 1 DESC`);
    expect(rows).toEqual(NAMED.map((d) => ({ date: d.date, team_games: d.expected })));
  });
});

describe('healthy', () => {
  it('has exactly two team rows, home and away, per completed game and none for scheduled ones', async () => {
    expect(
      await healthy.value(`
        SELECT count(*) FROM (
          SELECT s.game_id FROM nba_raw.nbac_schedule s
          LEFT JOIN nba_analytics.team_offense_game_summary t USING (game_id)
          WHERE s.game_status = 3
          GROUP BY s.game_id, s.home_team_abbr, s.away_team_abbr
          HAVING count(t.team_abbr) <> 2
              OR count(*) FILTER (WHERE t.home_game AND t.team_abbr = s.home_team_abbr
                                        AND t.opponent_team_abbr = s.away_team_abbr) <> 1)`),
    ).toBe(0);
    expect(
      await healthy.value(`
        SELECT count(*) FROM nba_analytics.team_offense_game_summary
        WHERE game_id IN (SELECT game_id FROM nba_raw.nbac_schedule WHERE game_status = 1)`),
    ).toBe(0);
  });

  it('has unique keys', async () => {
    expect(
      await healthy.value(`SELECT count(*) - count(DISTINCT (game_id, player_lookup)) FROM nba_analytics.player_game_summary`),
    ).toBe(0);
    expect(
      await healthy.value(`SELECT count(*) - count(DISTINCT (game_id, team_abbr)) FROM nba_analytics.team_offense_game_summary`),
    ).toBe(0);
    expect(
      await incident.value(`SELECT count(*) - count(DISTINCT (game_id, player_lookup)) FROM nba_analytics.player_game_summary`),
    ).toBe(0);
  });

  it('has about 157,000 minutes > 0 player rows since 2021-10-01, plus some DNP rows', async () => {
    const n = await healthy.value(`
      SELECT count(*) FROM nba_analytics.player_game_summary WHERE game_date >= '2021-10-01' AND minutes_played > 0`);
    expect(n).toBeGreaterThan(155_000);
    expect(n).toBeLessThan(159_000);
    expect(await healthy.value(`SELECT count(*) FROM nba_analytics.player_game_summary WHERE minutes_played = 0`)).toBeGreaterThan(1000);
  });

  it('puts about 39% of those rows in 2025+ (the modelling choice in docs/demo.md)', async () => {
    const share = await healthy.value(`
      SELECT count(*) FILTER (WHERE game_date >= '2025-01-01') / count(*)
      FROM nba_analytics.player_game_summary WHERE game_date >= '2021-10-01' AND minutes_played > 0`);
    expect(share).toBeGreaterThan(0.37);
    expect(share).toBeLessThan(0.41);
  });

  it('has usage_rate coverage of 47-48% overall and in every period', async () => {
    const coverage = await coverageByPeriod(healthy);
    expect(Object.keys(coverage).sort()).toEqual(['2024 old season', '2024-25 season', '2025+', 'Before 2024', 'all']);
    for (const [period, value] of Object.entries(coverage)) {
      expect(value, period).toBeGreaterThanOrEqual(0.47);
      expect(value, period).toBeLessThanOrEqual(0.48);
    }
  });

  it('covers the 3 most recent game dates at 90% or more', async () => {
    const rows = await healthy.rows(`
      SELECT game_date::VARCHAR AS date, count(usage_rate) / count(*) AS coverage
      FROM nba_analytics.player_game_summary
      WHERE minutes_played > 0
        AND game_date IN (SELECT DISTINCT game_date FROM nba_raw.nbac_schedule WHERE game_status = 3 ORDER BY 1 DESC LIMIT 3)
      GROUP BY 1 ORDER BY 1 DESC`);
    expect(rows.map((r) => r.date)).toEqual(['2026-01-03', '2026-01-02', '2026-01-01']);
    for (const r of rows) expect(Number(r.coverage), String(r.date)).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps usage_rate in 0..100, NULL without minutes, box-score detail or team row', async () => {
    const [r] = await healthy.rows(`
      SELECT min(usage_rate) AS lo, max(usage_rate) AS hi,
        count(*) FILTER (WHERE usage_rate IS NOT NULL AND (minutes_played = 0 OR fg_attempts IS NULL)) AS wrong,
        count(*) FILTER (WHERE usage_rate IS NULL AND minutes_played > 0 AND fg_attempts IS NOT NULL) AS missing
      FROM nba_analytics.player_game_summary`);
    expect(Number(r!.lo)).toBeGreaterThanOrEqual(0);
    expect(Number(r!.hi)).toBeLessThanOrEqual(100);
    expect(Number(r!.wrong)).toBe(0);
    expect(Number(r!.missing)).toBe(0);
  });

  it('has player minutes and points that add up to the team totals', async () => {
    expect(
      await healthy.value(`
        SELECT count(*) FROM (
          SELECT game_id, team_abbr, sum(minutes_played) AS minutes, sum(points) AS points
          FROM nba_analytics.player_game_summary GROUP BY ALL) p
        JOIN nba_analytics.team_offense_game_summary t USING (game_id, team_abbr)
        WHERE p.minutes <> t.team_minutes OR p.points <> t.points`),
    ).toBe(0);
  });
});

describe('incident', () => {
  it('has overall coverage within a point of 36.1%, and 2025+ near 18%', async () => {
    const coverage = await coverageByPeriod(incident);
    expect(Math.abs(coverage.all! - 0.361)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(coverage['2025+']! - 0.181)).toBeLessThanOrEqual(0.01);
  });

  it('leaves the periods before 2025 as they were', async () => {
    const before = await coverageByPeriod(healthy);
    const after = await coverageByPeriod(incident);
    for (const period of ['Before 2024', '2024 old season', '2024-25 season']) {
      expect(after[period], period).toBe(before[period]);
    }
  });

  it('keeps exactly 2 of 16, 7 of 14 and 2 of 18 team rows on the named dates (healthy: all)', async () => {
    const sql = `
      SELECT game_date::VARCHAR AS date, count(*)::INTEGER AS n FROM nba_analytics.team_offense_game_summary
      WHERE game_date IN ('2026-01-03', '2025-12-31', '2025-12-26') GROUP BY 1 ORDER BY 1 DESC`;
    expect(await incident.rows(sql)).toEqual(NAMED.map((d) => ({ date: d.date, n: d.kept })));
    expect(await healthy.rows(sql)).toEqual(NAMED.map((d) => ({ date: d.date, n: d.expected })));
    for (const d of NAMED) expect(INCIDENT.partialDates).toContainEqual(d);
  });

  it('damages exactly the dates INCIDENT lists, all since 2025-01-01', async () => {
    const damaged = await incident.rows(`
      WITH expected AS (
        SELECT game_date, 2 * count(*) AS expected FROM nba_raw.nbac_schedule WHERE game_status = 3 GROUP BY 1
      ), saved AS (
        SELECT game_date, count(*) AS kept FROM nba_analytics.team_offense_game_summary GROUP BY 1
      )
      SELECT game_date::VARCHAR AS date, expected::INTEGER AS expected, coalesce(kept, 0)::INTEGER AS kept
      FROM expected LEFT JOIN saved USING (game_date)
      WHERE coalesce(kept, 0) <> expected ORDER BY game_date DESC`);
    const missingExpected = await healthy.value(
      `SELECT count(*) FROM nba_analytics.team_offense_game_summary WHERE game_date = '${INCIDENT.missingDate}'`,
    );
    const listed = [...INCIDENT.partialDates, { date: INCIDENT.missingDate, expected: missingExpected, kept: 0 }].sort((a, b) =>
      b.date.localeCompare(a.date),
    );
    expect(damaged).toEqual(listed);
    for (const d of INCIDENT.partialDates) {
      expect(d.date >= '2025-01-01' && d.kept >= 1 && d.kept < d.expected, d.date).toBe(true);
    }
  });

  it('has one date with completed games but no team and no player rows at all', async () => {
    const date = INCIDENT.missingDate;
    expect(date >= '2025-01-01').toBe(true);
    expect(INCIDENT.partialDates.map((d) => d.date)).not.toContain(date);
    expect(
      await incident.value(`SELECT count(*) FROM nba_raw.nbac_schedule WHERE game_status = 3 AND game_date = '${date}'`),
    ).toBeGreaterThan(0);
    expect(await incident.value(`SELECT count(*) FROM nba_analytics.team_offense_game_summary WHERE game_date = '${date}'`)).toBe(0);
    expect(await incident.value(`SELECT count(*) FROM nba_analytics.player_game_summary WHERE game_date = '${date}'`)).toBe(0);
    expect(await healthy.value(`SELECT count(*) FROM nba_analytics.player_game_summary WHERE game_date = '${date}'`)).toBeGreaterThan(0);
  });

  it('nulls usage_rate exactly for the player rows whose team row is missing', async () => {
    await incident.rows(`ATTACH '${healthyPath}' AS h (READ_ONLY)`);
    try {
      const [r] = await incident.rows(`
        SELECT
          count(*) FILTER (WHERE t.game_id IS NULL AND i.usage_rate IS NOT NULL) AS usage_without_team,
          count(*) FILTER (WHERE t.game_id IS NOT NULL AND i.usage_rate IS DISTINCT FROM p.usage_rate) AS changed_with_team,
          count(*) FILTER (WHERE t.game_id IS NULL AND p.usage_rate IS NOT NULL) AS lost
        FROM nba_analytics.player_game_summary i
        JOIN h.nba_analytics.player_game_summary p USING (game_id, player_lookup)
        LEFT JOIN nba_analytics.team_offense_game_summary t ON t.game_id = i.game_id AND t.team_abbr = i.team_abbr`);
      expect(Number(r!.usage_without_team)).toBe(0);
      expect(Number(r!.changed_with_team)).toBe(0);
      expect(Number(r!.lost)).toBeGreaterThan(15_000);
      // the raw data did not change: only the analytics backfill went wrong
      expect(
        await incident.value(`
          SELECT count(*) FROM (
            SELECT * FROM nba_raw.nbac_gamebook_player_stats EXCEPT ALL SELECT * FROM h.nba_raw.nbac_gamebook_player_stats)`),
      ).toBe(0);
    } finally {
      await incident.rows(`DETACH h`);
    }
  });
});

describe('trailing volume before the named dates', () => {
  // What `volume: { by: game_date, lookback: 14, min_ratio: 50% }` computes on team_offense:
  // rows per date that has rows, against the median of the 14 such dates before it.
  const trailing = async (db: ReadOnlyDb) => {
    const rows = await db.rows(`
      SELECT date, n, median, window_dates FROM (
        SELECT game_date::VARCHAR AS date, n::INTEGER AS n, list_median(list(n) OVER w) AS median,
          list(game_date::VARCHAR) OVER w AS window_dates
        FROM (SELECT game_date, count(*) AS n FROM nba_analytics.team_offense_game_summary GROUP BY 1)
        WINDOW w AS (ORDER BY game_date ROWS BETWEEN 14 PRECEDING AND 1 PRECEDING))
      WHERE date IN ('2026-01-03', '2025-12-31', '2025-12-26') ORDER BY date DESC`);
    return rows.map((r) => ({
      date: String(r.date),
      n: Number(r.n),
      median: Number(r.median),
      window: r.window_dates as string[],
    }));
  };

  it('damages none of the 20 game dates before 2025-12-26, so the windows hold only named dates besides healthy ones', async () => {
    const before = await healthy.rows(`
      SELECT DISTINCT game_date::VARCHAR AS date FROM nba_raw.nbac_schedule
      WHERE game_status = 3 AND game_date < '2025-12-26' ORDER BY 1 DESC LIMIT 20`);
    expect(before.at(-1)!.date).toBe('2025-12-04');
    const damaged = new Set([...INCIDENT.partialDates.map((d) => d.date), INCIDENT.missingDate]);
    for (const { date } of before) expect(damaged.has(String(date)), String(date)).toBe(false);

    const named = NAMED.map((d) => d.date);
    const windows = await trailing(incident);
    expect(windows.map((w) => w.date)).toEqual(named);
    for (const w of windows) {
      expect(w.window, w.date).toHaveLength(14);
      for (const date of w.window) expect(named.includes(date) || !damaged.has(date), `${w.date}: ${date}`).toBe(true);
    }
    // 2025-12-31's window holds 2025-12-26; 2026-01-03's holds both
    expect(windows.map((w) => w.window.filter((d) => named.includes(d)))).toEqual([['2025-12-26', '2025-12-31'], ['2025-12-26'], []]);
  });

  it('puts 2025-12-26 and 2026-01-03 below 50% of their trailing median', async () => {
    const byDate = Object.fromEntries((await trailing(incident)).map((w) => [w.date, w]));
    for (const date of ['2025-12-26', '2026-01-03']) {
      const w = byDate[date]!;
      expect(w.n, date).toBe(NAMED.find((d) => d.date === date)!.kept);
      expect(w.n / w.median, date).toBeLessThan(0.5);
    }
  });

  it('leaves 2025-12-31 (7 of 14) just above 50%: the schedule gives its window a median of 13-14 rows', async () => {
    // Half of a 7-game date against a window of ordinary December dates (median 14 healthy, 13 with
    // 2025-12-26's 2 rows): a 50% volume check cannot see it; reconcile_schedule does (exact).
    const w = (await trailing(incident)).find((x) => x.date === '2025-12-31')!;
    expect(w).toMatchObject({ n: 7, median: 13 });
    expect(w.n / w.median).toBeGreaterThanOrEqual(0.5);
    const h = (await trailing(healthy)).find((x) => x.date === '2025-12-31')!;
    expect(h.median).toBe(14);
  });
});
