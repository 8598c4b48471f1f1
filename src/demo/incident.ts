// The overnight partial save, as data. INCIDENT lists every date whose team_offense rows were
// only partly saved (expected = 2 x completed games that date, kept = rows that made it) and the
// one date the backfill saved nothing for. The schedule does not depend on the seed, so this
// list holds for every seed; which team rows survive on a date is drawn from the seed.

import { quote } from './sql.js';

export interface DamagedDate {
  date: string;
  /** Team rows the date should have: 2 per completed game. */
  expected: number;
  /** Team rows the overnight run saved. */
  kept: number;
}

/**
 * The first three dates are the ones the incident names (2 of 16, 7 of 14, 2 of 18 saved). The
 * 119 others were chosen once, at the default seed, to bring the 2025+ coverage down to the
 * incident's 18.1%: 2025+ dates up to 2025-12-03 in a fixed pseudo-random order (hash(42, date)),
 * each keeping 1 + floor(u * 25% of expected) rows (u = hash(41, date) % 1000 / 1000), until the
 * target was met. They stop at 2025-12-03 so that the 20 game dates before 2025-12-26
 * (2025-12-04..2025-12-25) are undamaged: a trailing-volume check (rows per date against the
 * median of the 14 dates before) then has a healthy baseline for the named dates. Nothing after
 * 2025-12-03 is damaged except the named dates, so 2026-01-01 and 2026-01-02 stay healthy as in
 * the incident's spot check. The list is data now: the build checks it against the schedule.
 */
export const INCIDENT: { partialDates: DamagedDate[]; missingDate: string } = {
  partialDates: [
    { date: '2026-01-03', expected: 16, kept: 2 },
    { date: '2025-12-31', expected: 14, kept: 7 },
    { date: '2025-12-26', expected: 18, kept: 2 },
    { date: '2025-12-03', expected: 26, kept: 3 },
    { date: '2025-12-01', expected: 12, kept: 1 },
    { date: '2025-11-30', expected: 12, kept: 3 },
    { date: '2025-11-29', expected: 20, kept: 2 },
    { date: '2025-11-28', expected: 18, kept: 1 },
    { date: '2025-11-25', expected: 8, kept: 2 },
    { date: '2025-11-24', expected: 20, kept: 3 },
    { date: '2025-11-23', expected: 16, kept: 4 },
    { date: '2025-11-22', expected: 12, kept: 2 },
    { date: '2025-11-21', expected: 20, kept: 1 },
    { date: '2025-11-20', expected: 12, kept: 1 },
    { date: '2025-11-18', expected: 14, kept: 1 },
    { date: '2025-11-17', expected: 12, kept: 1 },
    { date: '2025-11-16', expected: 18, kept: 1 },
    { date: '2025-11-15', expected: 10, kept: 1 },
    { date: '2025-11-14', expected: 16, kept: 1 },
    { date: '2025-11-13', expected: 8, kept: 1 },
    { date: '2025-11-12', expected: 14, kept: 3 },
    { date: '2025-11-11', expected: 14, kept: 3 },
    { date: '2025-11-10', expected: 12, kept: 3 },
    { date: '2025-11-09', expected: 16, kept: 4 },
    { date: '2025-11-08', expected: 16, kept: 2 },
    { date: '2025-11-07', expected: 20, kept: 4 },
    { date: '2025-11-06', expected: 10, kept: 2 },
    { date: '2025-11-05', expected: 28, kept: 7 },
    { date: '2025-11-04', expected: 12, kept: 3 },
    { date: '2025-11-03', expected: 18, kept: 1 },
    { date: '2025-11-02', expected: 18, kept: 4 },
    { date: '2025-11-01', expected: 18, kept: 4 },
    { date: '2025-10-31', expected: 18, kept: 2 },
    { date: '2025-10-30', expected: 8, kept: 1 },
    { date: '2025-10-29', expected: 20, kept: 4 },
    { date: '2025-10-28', expected: 14, kept: 1 },
    { date: '2025-10-27', expected: 18, kept: 3 },
    { date: '2025-10-26', expected: 18, kept: 3 },
    { date: '2025-10-25', expected: 14, kept: 3 },
    { date: '2025-10-24', expected: 26, kept: 1 },
    { date: '2025-10-22', expected: 22, kept: 2 },
    { date: '2025-10-21', expected: 4, kept: 1 },
    { date: '2025-04-13', expected: 30, kept: 5 },
    { date: '2025-04-12', expected: 18, kept: 1 },
    { date: '2025-04-11', expected: 22, kept: 5 },
    { date: '2025-04-10', expected: 10, kept: 1 },
    { date: '2025-04-09', expected: 14, kept: 2 },
    { date: '2025-04-07', expected: 18, kept: 3 },
    { date: '2025-04-06', expected: 18, kept: 3 },
    { date: '2025-04-04', expected: 18, kept: 3 },
    { date: '2025-04-03', expected: 14, kept: 2 },
    { date: '2025-04-02', expected: 18, kept: 3 },
    { date: '2025-04-01', expected: 12, kept: 3 },
    { date: '2025-03-31', expected: 16, kept: 1 },
    { date: '2025-03-30', expected: 16, kept: 3 },
    { date: '2025-03-29', expected: 12, kept: 2 },
    { date: '2025-03-28', expected: 22, kept: 3 },
    { date: '2025-03-27', expected: 8, kept: 1 },
    { date: '2025-03-25', expected: 10, kept: 2 },
    { date: '2025-03-24', expected: 12, kept: 2 },
    { date: '2025-03-23', expected: 18, kept: 3 },
    { date: '2025-03-22', expected: 12, kept: 3 },
    { date: '2025-03-21', expected: 20, kept: 2 },
    { date: '2025-03-20', expected: 12, kept: 3 },
    { date: '2025-03-18', expected: 12, kept: 3 },
    { date: '2025-03-17', expected: 12, kept: 3 },
    { date: '2025-03-16', expected: 18, kept: 2 },
    { date: '2025-03-15', expected: 20, kept: 5 },
    { date: '2025-03-14', expected: 14, kept: 2 },
    { date: '2025-03-13', expected: 8, kept: 1 },
    { date: '2025-03-12', expected: 26, kept: 2 },
    { date: '2025-03-11', expected: 12, kept: 1 },
    { date: '2025-03-10', expected: 20, kept: 1 },
    { date: '2025-03-08', expected: 12, kept: 3 },
    { date: '2025-03-07', expected: 14, kept: 2 },
    { date: '2025-03-06', expected: 14, kept: 1 },
    { date: '2025-03-05', expected: 20, kept: 4 },
    { date: '2025-03-01', expected: 10, kept: 1 },
    { date: '2025-02-28', expected: 24, kept: 5 },
    { date: '2025-02-27', expected: 10, kept: 2 },
    { date: '2025-02-26', expected: 24, kept: 1 },
    { date: '2025-02-25', expected: 16, kept: 4 },
    { date: '2025-02-24', expected: 20, kept: 2 },
    { date: '2025-02-22', expected: 16, kept: 2 },
    { date: '2025-02-21', expected: 14, kept: 1 },
    { date: '2025-02-20', expected: 10, kept: 3 },
    { date: '2025-02-13', expected: 8, kept: 2 },
    { date: '2025-02-12', expected: 14, kept: 3 },
    { date: '2025-02-11', expected: 16, kept: 1 },
    { date: '2025-02-10', expected: 14, kept: 1 },
    { date: '2025-02-09', expected: 20, kept: 5 },
    { date: '2025-02-08', expected: 12, kept: 3 },
    { date: '2025-02-07', expected: 16, kept: 2 },
    { date: '2025-02-06', expected: 10, kept: 1 },
    { date: '2025-02-04', expected: 14, kept: 3 },
    { date: '2025-02-03', expected: 10, kept: 3 },
    { date: '2025-02-02', expected: 14, kept: 1 },
    { date: '2025-02-01', expected: 14, kept: 2 },
    { date: '2025-01-31', expected: 18, kept: 4 },
    { date: '2025-01-30', expected: 8, kept: 2 },
    { date: '2025-01-29', expected: 24, kept: 4 },
    { date: '2025-01-28', expected: 8, kept: 2 },
    { date: '2025-01-26', expected: 14, kept: 2 },
    { date: '2025-01-25', expected: 12, kept: 3 },
    { date: '2025-01-24', expected: 26, kept: 4 },
    { date: '2025-01-23', expected: 12, kept: 1 },
    { date: '2025-01-22', expected: 26, kept: 2 },
    { date: '2025-01-20', expected: 12, kept: 3 },
    { date: '2025-01-18', expected: 18, kept: 4 },
    { date: '2025-01-17', expected: 16, kept: 2 },
    { date: '2025-01-16', expected: 12, kept: 1 },
    { date: '2025-01-15', expected: 24, kept: 6 },
    { date: '2025-01-14', expected: 14, kept: 4 },
    { date: '2025-01-13', expected: 16, kept: 3 },
    { date: '2025-01-11', expected: 18, kept: 1 },
    { date: '2025-01-10', expected: 12, kept: 1 },
    { date: '2025-01-09', expected: 8, kept: 2 },
    { date: '2025-01-08', expected: 16, kept: 4 },
    { date: '2025-01-06', expected: 16, kept: 3 },
    { date: '2025-01-05', expected: 10, kept: 3 },
    { date: '2025-01-03', expected: 18, kept: 5 },
    { date: '2025-01-02', expected: 10, kept: 1 },
  ],
  missingDate: '2025-11-19',
};

function planValues(): string {
  return INCIDENT.partialDates
    .map((d) => `(DATE ${quote(d.date)}, ${d.expected}, ${d.kept})`)
    .concat(`(DATE ${quote(INCIDENT.missingDate)}, NULL, 0)`)
    .join(',\n  ');
}

/** Dates of INCIDENT whose `expected` (or, for the missing date, any games) the schedule does not match. */
export function incidentCheckSql(): string {
  return `
WITH plan AS (
  SELECT * FROM (VALUES
  ${planValues()}
  ) AS p(game_date, expected, kept)
)
SELECT p.game_date::VARCHAR AS game_date, p.expected, 2 * count(s.game_id) AS actual
FROM plan p LEFT JOIN nba_raw.nbac_schedule s ON s.game_date = p.game_date AND s.game_status = 3
GROUP BY ALL
HAVING 2 * count(s.game_id) <> coalesce(p.expected, 2 * count(s.game_id)) OR count(s.game_id) = 0
ORDER BY 1`;
}

/** Deletes from a complete team_offense_game_summary what the overnight run did not save. */
export function applyIncidentSql(seed: number): string {
  return `
CREATE OR REPLACE TEMP TABLE incident_plan AS
SELECT * FROM (VALUES
  ${planValues()}
) AS p(game_date, expected, kept);

DELETE FROM nba_analytics.team_offense_game_summary AS t
USING (
  SELECT game_id, team_abbr FROM (
    SELECT o.game_id, o.team_abbr, p.kept,
      row_number() OVER (PARTITION BY o.game_date ORDER BY hash(${seed}, 40, o.game_id, o.team_abbr)) AS save_order
    FROM nba_analytics.team_offense_game_summary o JOIN incident_plan p USING (game_date)
  ) WHERE save_order > kept
) AS lost
WHERE t.game_id = lost.game_id AND t.team_abbr = lost.team_abbr;
`;
}
