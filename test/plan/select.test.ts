import { beforeAll, describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import type { Project } from '../../src/config/types.js';
import { selectChecks, type Selection } from '../../src/plan/select.js';
import { lines, load } from '../config/project.js';

let project: Project;

beforeAll(async () => {
  project = await load({
    'checks/player_game_summary.yaml': `table: nba_analytics.player_game_summary
tags: [phase3]
checks:
  - name: usage_rate_coverage
    coverage: { column: usage_rate, min: 45% }
    tags: [pre_phase4]
  - unique: [game_id, player_lookup]
  - row_count: 1
`,
    'checks/team_offense_game_summary.yaml': `table: nba_analytics.team_offense_game_summary
checks:
  - row_count: 1
    tags: [pre_phase4]
  - coverage: points
`,
    'checks/raw_games.yml': `table: nba_raw.games
checks:
  - row_count: 1
    tags: [raw]
`,
    'suites/pre_phase4.yaml': 'select: [tag:pre_phase4]\nfail_on: warn\n',
    'suites/nightly.yaml': 'exclude: [tag:raw]\n',
    'suites/tables.yaml': 'select: [table:nba_analytics.*]\nexclude: [player_game_summary.row_count]\n',
  });
});

const ids = (selection: Selection) => selectChecks(project, selection).checks.map((c) => c.id);

function issuesOf(selection: Selection): string[] {
  try {
    selectChecks(project, selection);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return lines((error as ConfigError).issues);
  }
  throw new Error('expected a ConfigError');
}

const ALL = [
  'player_game_summary.usage_rate_coverage',
  'player_game_summary.unique_game_id_player_lookup',
  'player_game_summary.row_count',
  'raw_games.row_count',
  'team_offense_game_summary.row_count',
  'team_offense_game_summary.coverage_points',
];

describe('selectors', () => {
  test('nothing selected: every check, in project order (files by path, then file order)', () => {
    expect(ids({})).toEqual(ALL);
    expect(selectChecks(project, {})).toMatchObject({ failOn: undefined, suite: undefined });
  });

  test('a check id', () => {
    expect(ids({ select: ['raw_games.row_count'] })).toEqual(['raw_games.row_count']);
  });

  test('a glob on ids', () => {
    expect(ids({ select: ['player_game_summary.*'] })).toEqual(ALL.slice(0, 3));
    expect(ids({ select: ['*.row_count'] })).toEqual([
      'player_game_summary.row_count',
      'raw_games.row_count',
      'team_offense_game_summary.row_count',
    ]);
  });

  test('tag: matches file tags and check tags', () => {
    expect(ids({ select: ['tag:phase3'] })).toEqual(ALL.slice(0, 3));
    expect(ids({ select: ['tag:pre_phase4'] })).toEqual([
      'player_game_summary.usage_rate_coverage',
      'team_offense_game_summary.row_count',
    ]);
  });

  test('table: matches the table as written, globs allowed', () => {
    expect(ids({ select: ['table:nba_analytics.team_offense_game_summary'] })).toEqual(ALL.slice(4));
    expect(ids({ select: ['table:nba_raw.*'] })).toEqual(['raw_games.row_count']);
  });

  test('file: matches the file stem (or its path)', () => {
    expect(ids({ select: ['file:team_offense_game_summary'] })).toEqual(ALL.slice(4));
    expect(ids({ select: ['file:checks/raw_games.yml'] })).toEqual(['raw_games.row_count']);
  });

  test('several selectors are a union; excludes are removed', () => {
    expect(ids({ select: ['file:raw_games', 'tag:pre_phase4'], exclude: ['team_offense_game_summary.*'] })).toEqual([
      'player_game_summary.usage_rate_coverage',
      'raw_games.row_count',
    ]);
  });
});

describe('suites', () => {
  test('a suite selects and sets fail_on', () => {
    const result = selectChecks(project, { suite: 'pre_phase4' });
    expect(result.checks.map((c) => c.id)).toEqual(['player_game_summary.usage_rate_coverage', 'team_offense_game_summary.row_count']);
    expect(result.failOn).toBe('warn');
    expect(result.suite?.name).toBe('pre_phase4');
  });

  test('a suite without select starts from every check; its exclude applies', () => {
    expect(ids({ suite: 'nightly' })).toEqual(ALL.filter((id) => id !== 'raw_games.row_count'));
    expect(selectChecks(project, { suite: 'nightly' }).failOn).toBe('error');
    expect(ids({ suite: 'tables' })).toEqual(ALL.filter((id) => !id.startsWith('raw_games') && id !== 'player_game_summary.row_count'));
  });

  test('--select narrows a suite (intersection); --exclude and the suite exclude both apply', () => {
    expect(ids({ suite: 'pre_phase4', select: ['file:player_game_summary'] })).toEqual(['player_game_summary.usage_rate_coverage']);
    expect(ids({ suite: 'tables', select: ['tag:phase3'], exclude: ['player_game_summary.usage_rate_coverage'] })).toEqual([
      'player_game_summary.unique_game_id_player_lookup',
    ]);
  });
});

describe('selection errors', () => {
  test('an unknown suite lists the available suites', () => {
    expect(issuesOf({ suite: 'nighlty' })).toEqual([
      '<command line>: unknown suite "nighlty" (did you mean "nightly"?); available suites: nightly, pre_phase4, tables',
    ]);
  });

  test('--select and --exclude selectors that match no check are command-line issues, all reported', () => {
    expect(issuesOf({ select: ['player_game_summary.row_cuont', 'tag:phase9'], exclude: ['file:nope', 'bad:x'] })).toEqual([
      '<command line>: --select: unknown selector "player_game_summary.row_cuont" matches no check (did you mean "player_game_summary.row_count"?)',
      '<command line>: --select: unknown selector "tag:phase9" matches no check (did you mean "tag:phase3"?); tags in use: phase3, pre_phase4, raw',
      '<command line>: --exclude: unknown selector "file:nope" matches no check',
      '<command line>: --exclude: unknown selector kind "bad:" in "bad:x"; use a check id, a glob on ids, tag:NAME, table:NAME or file:NAME',
    ]);
  });

  test('a selection that leaves no check is an error', () => {
    expect(issuesOf({ suite: 'pre_phase4', select: ['file:raw_games'] })).toEqual([
      '<command line>: no check is left to run after suite pre_phase4, --select file:raw_games',
    ]);
  });

  test('a suite selector matching nothing (in a project built by hand) is located in the suite file', () => {
    const suite = { ...project.suites.nightly!, select: ['tag:gone'] };
    const edited: Project = { ...project, suites: { ...project.suites, nightly: suite } };
    expect(() => selectChecks(edited, { suite: 'nightly' })).toThrow(ConfigError);
    try {
      selectChecks(edited, { suite: 'nightly' });
    } catch (error) {
      expect(lines((error as ConfigError).issues)).toEqual([
        'suites/nightly.yaml:1:1: suite nightly: unknown selector "tag:gone" matches no check; tags in use: phase3, pre_phase4, raw',
      ]);
    }
  });
});
