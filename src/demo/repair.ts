// What the night of the incident ended with: find the dates whose team rows are incomplete,
// re-run the team_offense processor for them, then re-run the player processor for the same
// dates so usage_rate is recomputed (and the rows of the date that saved nothing come back).
// It finds the dates from the data, not from INCIDENT, as an operator would have to.

import { assertDemoFile, queryRows, withDatabase } from './db.js';
import { playerSummarySql, teamOffenseSql } from './sql.js';

export interface RepairSummary {
  /** Dates re-run, ascending ('YYYY-MM-DD'). */
  dates: string[];
  /** Team rows that were missing and are back (rows after minus rows before, on those dates). */
  teamRowsRestored: number;
  /** Player rows rewritten on those dates, the restored ones included. */
  playerRowsUpdated: number;
}

/**
 * Dates with completed games whose team_offense rows are not 2 per game, or that have no player
 * rows at all.
 */
const AFFECTED_DATES_SQL = `
CREATE OR REPLACE TEMP TABLE repair_dates AS
WITH expected AS (
  SELECT game_date, 2 * count(*) AS expected
  FROM nba_raw.nbac_schedule WHERE game_status = 3 GROUP BY game_date
), saved AS (
  SELECT game_date, count(*) AS saved FROM nba_analytics.team_offense_game_summary GROUP BY game_date
), players AS (
  SELECT game_date, count(*) AS player_rows FROM nba_analytics.player_game_summary GROUP BY game_date
)
SELECT e.game_date
FROM expected e LEFT JOIN saved s USING (game_date) LEFT JOIN players p USING (game_date)
WHERE coalesce(s.saved, 0) <> e.expected OR p.player_rows IS NULL
ORDER BY e.game_date;
`;

const IN_REPAIR_DATES = (column: string) => `${column} IN (SELECT game_date FROM repair_dates)`;

export async function repairDemoWarehouse(path: string): Promise<RepairSummary> {
  await assertDemoFile(path, 'repair');
  return withDatabase(path, async (connection) => {
    await connection.run('BEGIN TRANSACTION');
    try {
      await connection.run(AFFECTED_DATES_SQL);
      const dates = (await queryRows(connection, `SELECT game_date::VARCHAR AS d FROM repair_dates ORDER BY 1`)).map((r) =>
        String(r.d),
      );
      const countOn = async (table: string): Promise<number> => {
        const [row] = await queryRows(
          connection,
          `SELECT count(*)::INTEGER AS n FROM ${table} WHERE ${IN_REPAIR_DATES('game_date')}`,
        );
        return Number(row!.n);
      };

      const teamBefore = await countOn('nba_analytics.team_offense_game_summary');
      await connection.run(`DELETE FROM nba_analytics.team_offense_game_summary WHERE ${IN_REPAIR_DATES('game_date')}`);
      await connection.run(teamOffenseSql(IN_REPAIR_DATES('s.game_date')));
      const teamAfter = await countOn('nba_analytics.team_offense_game_summary');

      await connection.run(`DELETE FROM nba_analytics.player_game_summary WHERE ${IN_REPAIR_DATES('game_date')}`);
      await connection.run(playerSummarySql(IN_REPAIR_DATES('p.game_date')));
      const playerRowsUpdated = await countOn('nba_analytics.player_game_summary');

      await connection.run('COMMIT');
      await connection.run('CHECKPOINT');
      return { dates, teamRowsRestored: teamAfter - teamBefore, playerRowsUpdated };
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}
