// The native types for dbt-utils' tests (sequential, ranges, equality, row_count compare, key
// mapping in reconcile and relationships) give the same verdicts on BigQuery (the real client,
// the local server and its GoogleSQL analyzer, with table metadata: exclude and precision read
// the schema) as on DuckDB, on data built so each has a passing and a failing check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verdicts } from './support.js';
import { twoEngineProject, type TwoEngineProject } from './two-engines.js';

let project: TwoEngineProject;

const DATA = `
CREATE SCHEMA ds;
CREATE TABLE ds.games (team VARCHAR, game_no BIGINT, game_date DATE, points DOUBLE, loaded_at VARCHAR);
INSERT INTO ds.games VALUES
  ('A', 1, DATE '2026-01-01', 100.004, 'x'), ('A', 2, DATE '2026-01-02', 90.0, 'x'), ('A', 3, DATE '2026-01-03', 95.5, 'x'),
  ('B', 1, DATE '2026-01-01', 80.0, 'x'), ('B', 2, DATE '2026-01-03', 85.25, 'x'), ('B', 2, DATE '2026-01-04', 70.0, 'x');
CREATE TABLE ds.games_copy (loaded_at VARCHAR, team VARCHAR, game_no BIGINT, game_date DATE, points DOUBLE);
INSERT INTO ds.games_copy VALUES
  ('y', 'A', 1, DATE '2026-01-01', 100.0), ('y', 'A', 2, DATE '2026-01-02', 90.0), ('y', 'A', 3, DATE '2026-01-03', 95.5),
  ('y', 'B', 1, DATE '2026-01-01', 80.0), ('y', 'B', 2, DATE '2026-01-03', 85.25), ('y', 'B', 2, DATE '2026-01-04', 70.0);
CREATE TABLE ds.contracts (player VARCHAR, valid_from DATE, valid_to DATE);
INSERT INTO ds.contracts VALUES
  ('p1', DATE '2025-01-01', DATE '2025-07-01'), ('p1', DATE '2025-07-01', DATE '2026-01-01'),
  ('p2', DATE '2025-01-01', DATE '2025-08-01'), ('p2', DATE '2025-07-01', DATE '2026-01-01');
CREATE TABLE ds.teams (abbr VARCHAR, team_no BIGINT);
INSERT INTO ds.teams VALUES ('A', 1), ('A', 2), ('A', 3), ('B', 1), ('B', 2);
`;

const CHECKS = `table: ds.games
checks:
  - name: seq_numbers
    sequential: { column: game_no, group_by: team }
  - name: seq_days_a
    sequential: { column: game_date, datepart: day }
    where: team = 'A'
  - name: seq_days_b
    sequential: { column: game_date, datepart: day }
    where: team = 'B'
  - name: equal_rounded
    equality: { to: ds.games_copy, exclude: [loaded_at], precision: 2 }
  - name: equal_exact
    equality: { to: ds.games_copy, exclude: [loaded_at] }
  - name: same_count
    row_count: { compare: { table: ds.games_copy } }
  - name: fewer_than_half
    row_count: { compare: { table: ds.games_copy, op: '<', factor: 0.5 } }
  - name: team_numbers
    relationships: { column: [team, game_no], to: ds.teams, field: [abbr, team_no] }
  - name: cardinality
    reconcile: { by: team, expected: { table: ds.teams, by: abbr, value: count(*) } }
`;

const CONTRACTS = `table: ds.contracts
checks:
  - name: ranges_ok
    ranges: { lower: valid_from, upper: valid_to, partition_by: player, gaps: not_allowed }
    where: player = 'p1'
  - name: ranges_overlap
    ranges: { lower: valid_from, upper: valid_to, partition_by: player }
`;

/** What the data is built to give, per check. */
const EXPECTED: Record<string, string> = {
  seq_numbers: 'fail', // B: 1, 2, 2
  seq_days_a: 'pass',
  seq_days_b: 'fail', // 01-01 → 01-03
  equal_rounded: 'pass', // 100.004 rounds to 100.0
  equal_exact: 'fail',
  same_count: 'pass',
  fewer_than_half: 'fail',
  team_numbers: 'pass',
  cardinality: 'fail', // B has 3 games, 2 team numbers
  ranges_ok: 'pass',
  ranges_overlap: 'fail', // p2 overlaps
};

beforeAll(async () => {
  project = await twoEngineProject({
    data: DATA,
    configLines: 'timezone: UTC\n',
    files: { 'checks/games.yaml': CHECKS, 'checks/contracts.yaml': CONTRACTS },
    pageSize: 3,
  });
});

afterAll(async () => {
  await project?.close();
});

describe('native dbt-utils types on BigQuery and DuckDB', () => {
  it('give the verdicts the data is built for, the same on both engines', async () => {
    const { local, prod } = await project.runBoth('all');
    const statuses = (r: typeof local) => Object.fromEntries(r.checks.map((c) => [c.name, c.status]));
    expect(statuses(local)).toEqual(EXPECTED);
    expect(verdicts(prod)).toEqual(verdicts(local));
  });
});
