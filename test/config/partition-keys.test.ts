import { describe, expect, test } from 'vitest';
import { checkTypes } from '../../src/checks/registry.js';
import { lines, load, loadIssues } from './project.js';

const HEAD = 'table: nba_analytics.team_offense_game_summary\npartition: game_date\n';

describe('partition keys', () => {
  test('load into CheckSpec: partition, group_by, window, expected partitions (file default, check override)', async () => {
    const project = await load({
      'checks/team.yaml': `${HEAD}expected_partitions: { calendar: daily }
checks:
  - coverage: { column: points, min: 90% }
    name: recent
    group_by: game_date
    window: { last: 3 }
    expected_partitions: { table: nba_raw.nbac_schedule, column: game_date, where: "game_status = 3" }
  - row_count: 1
    group_by: [game_date, team_abbr]
    window: 7 days
`,
    });
    const [recent, rows] = project.checks;
    expect(recent).toMatchObject({
      partition: 'game_date',
      groupBy: ['game_date'],
      window: { last: 3 },
      expectedPartitions: { table: 'nba_raw.nbac_schedule', column: 'game_date', where: 'game_status = 3' },
    });
    expect(rows).toMatchObject({ groupBy: ['game_date', 'team_abbr'], window: { days: 7 }, expectedPartitions: { calendar: 'daily' } });
  });

  test('depends_on resolves selectors to ids, from the file and the check', async () => {
    const project = await load({
      'checks/team.yaml': `${HEAD}checks:\n  - row_count: 1\n    tags: [upstream]\n  - unique: [game_id]\n`,
      'checks/player.yaml': `table: a.p\ndepends_on: tag:upstream\nchecks:\n  - row_count: 1\n    depends_on: [team.unique_game_id]\n`,
    });
    expect(project.checks.find((c) => c.id === 'player.row_count')!.dependsOn).toEqual(['team.row_count', 'team.unique_game_id']);
  });

  test('misfits are located errors, all at once', async () => {
    const issues = lines(
      await loadIssues({
        'checks/a.yaml': `table: a.t
checks:
  - row_count: 1
    window: 3 days
  - unique: [x]
    group_by: d
  - coverage: { column: x, min: 50% }
    expected_partitions: { calendar: daily }
    depends_on: nothing.here
`,
        'checks/b.yaml': `${HEAD}checks:\n  - coverage: { column: x, min: 50% }\n    expected_partitions: { calendar: daily }\n`,
      }),
    );
    expect(issues).toEqual([
      'checks/a.yaml:4:5: window: needs partition: (the date column) at the top of the file',
      'checks/a.yaml:6:5: group_by: unique groups by itself; group_by applies to aggregate checks (row_count, not_null, coverage, ...)',
      'checks/a.yaml:8:5: expected_partitions: needs partition: (the date column) at the top of the file',
      expect.stringMatching(/^checks\/a\.yaml:9:17: depends_on: .*nothing\.here/),
      'checks/b.yaml:5:5: expected_partitions: applies per partition; add group_by: game_date',
    ]);
  });

  test('a dependency cycle is a configuration error', async () => {
    const issues = lines(
      await loadIssues({
        'checks/a.yaml': 'table: a.t\nchecks:\n  - row_count: 1\n    name: one\n    depends_on: a.two\n  - row_count: 1\n    name: two\n    depends_on: a.one\n',
      }),
    );
    expect(issues).toEqual([expect.stringMatching(/^checks\/a\.yaml:3:5: depends_on forms a cycle: a\.one → a\.two → a\.one/)]);
  });

  test('a window reconcile cannot apply to its expected side is a located error; expected.partition fixes it', async () => {
    const file = (expected: string) => `${HEAD}checks:
  - name: per_game
    reconcile:
      by: game_id
      expected: { table: nba_raw.nbac_schedule, value: '2'${expected} }
    window: 3 days
`;
    const issues = lines(await loadIssues({ 'checks/team.yaml': file('') }, { checkTypes }));
    expect(issues).toEqual([
      'checks/team.yaml:8:5: window: limits this check to recent partitions, but reconcile compares by game_id, so its expected side (nba_raw.nbac_schedule) ' +
        'cannot be limited to the same partitions: set expected.partition to the column of nba_raw.nbac_schedule holding game_date, or add game_date to by',
    ]);
    const project = await load({ 'checks/team.yaml': file(', partition: game_date') }, { checkTypes });
    expect(project.checks[0].args.expected).toMatchObject({ partition: 'game_date' });
    // By the partition column, the expected side is limited on the same column.
    await expect(load({ 'checks/team.yaml': file('').replace('by: game_id', 'by: [game_date, game_id]') }, { checkTypes })).resolves.toBeDefined();
  });
});

describe('reconcile windows', () => {
  test('window: { last: N } without expected partitions is refused: missing newest dates would never be compared', async () => {
    const issues = lines(
      await loadIssues({
        'checks/team.yaml': `${HEAD}checks:
  - reconcile:
      by: game_date
      expected: { table: nba_raw.nbac_schedule, value: 2 * count(distinct game_id) }
    window: { last: 3 }
`,
      }, { checkTypes }),
    );
    expect(issues).toEqual([expect.stringMatching(/^checks\/team\.yaml:7:5: window: .*3 newest partitions of nba_analytics\.team_offense_game_summary leave out dates missing at its end/)]);
  });
});
