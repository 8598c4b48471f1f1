import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadProject } from '../../src/config/load.js';
import { fakeTypes } from './fake-types.js';
import { load, writeProject } from './project.js';

const PGS = `table: nba_analytics.player_game_summary
where: minutes_played > 0
tags: [phase3]
checks:
  - name: usage_rate_coverage
    coverage: { column: usage_rate, min: 4% }
    where: "game_date >= '{{ var.season_start }}'"
    tags: [pre_phase4, phase3]
    severity: warn
    warn: { min: 4.5% }
    description: Usage rate is filled for most rows
    min_rows: 10
  - unique: [game_id, player_lookup]
  - row_count:
  - row_count: 100
  - coverage: pts
  - freshness: { column: loaded_at, max_age: 2 days }
    warn: { max_age: 6 hours }
  - sql: "select * from t where d = '{{ as_of }}'"
`;

describe('a valid project', () => {
  test('loads with defaults merged, shorthands expanded and thresholds converted', async () => {
    const project = await load({ 'checks/pgs.yaml': PGS });
    const byId = Object.fromEntries(project.checks.map((c) => [c.id, c]));
    expect(project.checks.map((c) => c.id)).toEqual([
      'pgs.usage_rate_coverage',
      'pgs.unique_game_id_player_lookup',
      'pgs.row_count',
      'pgs.row_count_2',
      'pgs.coverage_pts',
      'pgs.freshness_loaded_at',
      'pgs.sql',
    ]);
    expect(byId['pgs.usage_rate_coverage']).toEqual({
      id: 'pgs.usage_rate_coverage',
      name: 'usage_rate_coverage',
      file: 'checks/pgs.yaml',
      table: 'nba_analytics.player_game_summary',
      type: 'coverage',
      args: { column: 'usage_rate', min: 0.04 },
      fileWhere: 'minutes_played > 0',
      where: "game_date >= '{{ var.season_start }}'",
      tags: ['phase3', 'pre_phase4'],
      severity: 'warn',
      warn: { min: 0.045 },
      description: 'Usage rate is filled for most rows',
      minRows: 10,
      pos: { file: 'checks/pgs.yaml', line: 5, column: 5 },
    });
    expect(byId['pgs.unique_game_id_player_lookup']).toMatchObject({
      args: { columns: ['game_id', 'player_lookup'], max_duplicates: 0 },
      tags: ['phase3'],
      severity: 'error',
      minRows: 1,
      pos: { line: 13, column: 5 },
    });
    expect(byId['pgs.unique_game_id_player_lookup']).not.toHaveProperty('where');
    expect(byId['pgs.unique_game_id_player_lookup']).not.toHaveProperty('warn');
    expect(byId['pgs.row_count']!.args).toEqual({ min: 1 }); // `row_count:` with no value: defaults only
    expect(byId['pgs.row_count_2']!.args).toEqual({ min: 100 }); // scalar shorthand for mainArg
    expect(byId['pgs.coverage_pts']!.args).toEqual({ column: 'pts', min: 1 }); // default '100%' converted
    expect(byId['pgs.freshness_loaded_at']).toMatchObject({ args: { column: 'loaded_at', max_age: 172800 }, warn: { max_age: 21600 } });
    expect(byId['pgs.sql']!.args).toEqual({ query: "select * from t where d = '{{ as_of }}'" });
  });

  test('a scalar written for a list mainArg becomes a one-item list', async () => {
    const project = await load({ 'checks/t.yaml': 'table: a.b\nchecks:\n  - unique: game_id\n' });
    expect(project.checks[0]).toMatchObject({ id: 't.unique_game_id', args: { columns: ['game_id'] } });
  });

  test('default names skip explicit names anywhere in the file', async () => {
    const project = await load({
      'checks/t.yaml': 'table: a.b\nchecks:\n  - row_count: 1\n  - name: row_count\n    row_count: 2\n  - row_count: 3\n',
    });
    expect(project.checks.map((c) => [c.name, c.args.min])).toEqual([
      ['row_count_2', 1],
      ['row_count', 2],
      ['row_count_3', 3],
    ]);
  });

  test('files are read in path order, .yaml and .yml, and suites are keyed by file stem', async () => {
    const project = await load({
      'checks/b.yml': 'table: a.b\nchecks:\n  - row_count: 1\n',
      'checks/a.yaml': 'table: a.a\nchecks:\n  - row_count: 1\n  - coverage: x\n',
      'checks/notes.md': 'not a check file',
      'suites/nightly.yml': 'description: Every night\nselect: file:a\nexclude: [a.row_count]\nfail_on: warn\nblock: false\n',
      'suites/all.yaml': '',
    });
    expect(project.checks.map((c) => c.id)).toEqual(['a.row_count', 'a.coverage_x', 'b.row_count']);
    expect(project.suites).toEqual({
      all: { name: 'all', file: 'suites/all.yaml', select: [], exclude: [], failOn: 'error', block: true, pos: { file: 'suites/all.yaml', line: 1, column: 1 } },
      nightly: {
        name: 'nightly',
        file: 'suites/nightly.yml',
        description: 'Every night',
        select: ['file:a'],
        exclude: ['a.row_count'],
        failOn: 'warn',
        block: false,
        pos: { file: 'suites/nightly.yml', line: 1, column: 1 },
      },
    });
  });

  test('the checks and suites folders are optional', async () => {
    const project = await load({});
    expect(project.checks).toEqual([]);
    expect(project.suites).toEqual({});
  });
});

describe('checks.config.yaml', () => {
  const FULL = `version: 1
target: local
targets:
  local:
    engine: duckdb
    path: .dq/warehouse.duckdb
  mem:
    engine: duckdb
    path: ':memory:'
  prod:
    engine: bigquery
    project: nba-props-platform
    location: US
    maximum_bytes_billed: 20 GB
    budget: 100 GB
    labels: { tool: dqgate }
    concurrency: 8
    job_timeout: 10 minutes
    keyFilename: keys/key.json
vars: { season_start: '2021-10-01', min_games: 5, strict: true }
timezone: America/New_York
formats: [console, json]
`;

  test('targets keep engine keys in options: paths absolute, sizes in bytes, durations in seconds', async () => {
    const cwd = await writeProject({ 'checks.config.yaml': FULL });
    const project = await loadProject({ cwd, checkTypes: fakeTypes });
    expect(project.root).toBe(cwd);
    expect(project.configFile).toBe(path.join(cwd, 'checks.config.yaml'));
    expect(project.config).toEqual({
      version: 1,
      target: 'local',
      targets: {
        local: { name: 'local', engine: 'duckdb', options: { path: path.join(cwd, '.dq/warehouse.duckdb') } },
        mem: { name: 'mem', engine: 'duckdb', options: { path: ':memory:' } },
        prod: {
          name: 'prod',
          engine: 'bigquery',
          options: {
            project: 'nba-props-platform',
            location: 'US',
            maximum_bytes_billed: 20_000_000_000,
            budget: 100_000_000_000,
            labels: { tool: 'dqgate' },
            concurrency: 8,
            job_timeout: 600,
            keyFilename: path.join(cwd, 'keys/key.json'),
          },
        },
      },
      vars: { season_start: '2021-10-01', min_games: 5, strict: true },
      timezone: 'America/New_York',
      formats: ['console', 'json'],
    });
  });

  test('configPath may name a config elsewhere; the project root is its folder', async () => {
    const dir = await writeProject(
      { 'proj/dq.yaml': FULL, 'proj/checks/t.yaml': 'table: a.b\nchecks:\n  - row_count: 1\n' },
      false,
    );
    const project = await loadProject({ cwd: dir, configPath: 'proj/dq.yaml', checkTypes: fakeTypes });
    expect(project.root).toBe(path.join(dir, 'proj'));
    expect(project.checks.map((c) => c.id)).toEqual(['t.row_count']);
  });

  test('with one target, target and timezone may be left out (timezone defaults to UTC)', async () => {
    const project = await load({ 'checks.config.yaml': 'version: 1\ntargets:\n  only: { engine: duckdb, path: db.duckdb }\n' });
    expect(project.config.target).toBe('only');
    expect(project.config.timezone).toBe('UTC');
    expect(project.config.vars).toEqual({});
    expect(project.config).not.toHaveProperty('formats');
  });

  test('--var values override the config vars they name', async () => {
    const project = await load(
      { 'checks/t.yaml': "table: a.b\nwhere: \"d >= '{{ var.season_start }}'\"\nchecks:\n  - row_count: 1\n" },
      { vars: { season_start: '2023-10-01' } },
    );
    expect(project.config.vars).toEqual({ season_start: '2023-10-01' });
  });
});
