// The small warehouse the golden SQL runs on: the demo warehouse's tables (the golden cases
// check them) with a few rows around the golden as-of date.
import { DDL } from '../../src/demo/sql.js';

export const goldenFixtureSql = `${DDL}
INSERT INTO nba_raw.nbac_schedule VALUES
  ('0022500601', DATE '2026-01-02', '2025-26', 'BOS', 'LAL', 3, 'Final'),
  ('0022500602', DATE '2026-01-03', '2025-26', 'NOP', 'BOS', 3, 'Final'),
  ('0022500603', DATE '2026-01-04', '2025-26', 'LAL', 'NOP', 1, 'Scheduled');
INSERT INTO nba_analytics.team_offense_game_summary (game_id, game_date, season, team_abbr, opponent_team_abbr, points) VALUES
  ('0022500601', DATE '2026-01-02', '2025-26', 'BOS', 'LAL', 101),
  ('0022500601', DATE '2026-01-02', '2025-26', 'LAL', 'BOS', 99),
  ('0022500602', DATE '2026-01-03', '2025-26', 'NOP', 'BOS', 110);
INSERT INTO nba_analytics.player_game_summary (game_id, game_date, season, player_lookup, team_abbr, minutes_played, points, usage_rate) VALUES
  ('0022500601', DATE '2026-01-02', '2025-26', 'jaysontatum', 'BOS', 36, 30, 31.5),
  ('0022500601', DATE '2026-01-02', '2025-26', 'lebronjames', 'LAL', 35, 25, NULL),
  ('0022500602', DATE '2026-01-03', '2025-26', 'zionwilliamson', 'NOP', 0, 0, NULL);
`;

export interface GoldenStatement {
  /** The `-- q1 aggregate: ...` header line. */
  header: string;
  sql: string;
  /** `-- @name TYPE value` lines: the query parameters BigQuery receives. */
  params: { name: string; type: string; value: unknown }[];
}

/** The statements of a golden file, with their parameters. */
export function goldenStatements(text: string): GoldenStatement[] {
  return text
    .split(/;\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => {
      const lines = chunk.split('\n');
      const params = lines
        .map((l) => /^-- @(\w+) (\S+) (.*)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ name: m[1]!, type: m[2]!, value: JSON.parse(m[3]!) as unknown }));
      return { header: lines[0]!, sql: lines.filter((l) => !l.startsWith('--')).join('\n'), params };
    });
}
