// checks.config.yaml for real environments: {{ env.NAME }} in targets and vars, resolved when the
// project loads; unset variables and any other template are located errors; secret variables;
// --var only for declared variables; reports.keep.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { lines, load, loadIssues } from './project.js';

const CONFIG = `version: 1
target: local
targets:
  local:
    engine: duckdb
    path: "{{ env.WH_DIR }}/warehouse.duckdb"
  prod:
    engine: bigquery
    project: "{{ env.GCP_PROJECT }}"
    location: "{{env.GCP_LOCATION}}"
    budget: "{{ env.BUDGET }}"
    labels: { team: "{{ env.TEAM }}" }
vars:
  season_start: "{{ env.SEASON_START }}"
  api_key: { value: "{{ env.API_KEY }}", secret: true }
  min_minutes: 10
`;

const ENV = {
  WH_DIR: 'data',
  GCP_PROJECT: 'acme-prod',
  GCP_LOCATION: 'EU',
  BUDGET: '5 GB',
  TEAM: 'analytics',
  SEASON_START: '2024-10-01',
  API_KEY: 'k3y-value',
};

describe('{{ env.NAME }} in checks.config.yaml', () => {
  test('target values and variables take the environment, then convert as written values do', async () => {
    const project = await load({ 'checks.config.yaml': CONFIG }, { env: ENV });
    const { local, prod } = project.config.targets;
    expect(local!.options.path).toBe(path.join(project.root, 'data', 'warehouse.duckdb'));
    expect(prod!.options).toEqual({ project: 'acme-prod', location: 'EU', budget: 5e9, labels: { team: 'analytics' } });
    expect(project.config.vars).toEqual({ season_start: '2024-10-01', api_key: 'k3y-value', min_minutes: 10 });
    expect(project.config.secretVars).toEqual(['api_key']);
  });

  test('an unset variable is an error naming it, at its line and column; every one is reported', async () => {
    const { GCP_PROJECT: _p, API_KEY: _k, ...env } = ENV;
    expect(lines(await loadIssues({ 'checks.config.yaml': CONFIG }, { env }))).toEqual([
      'checks.config.yaml:9:15: targets.prod.project: environment variable GCP_PROJECT is not set ({{ env.GCP_PROJECT }})',
      'checks.config.yaml:15:22: vars.api_key.value: environment variable API_KEY is not set ({{ env.API_KEY }})',
    ]);
  });

  test("dbt's env_var() and any other template left in a config value is an error, never a literal file name", async () => {
    const config = `version: 1
targets:
  local:
    engine: duckdb
    path: "{{ env_var('WH_PATH') }}"
vars:
  a: "x {{ var.b }}"
  c: "{{ env.UNCLOSED"
`;
    expect(lines(await loadIssues({ 'checks.config.yaml': config }, { env: ENV }))).toEqual([
      "checks.config.yaml:5:12: targets.local.path: unsupported template {{ env_var('WH_PATH') }}; the config reads only environment variables: write {{ env.NAME }} in a target value or a variable value",
      'checks.config.yaml:7:9: vars.a: unsupported template {{ var.b }}; the config reads only environment variables: write {{ env.NAME }} in a target value or a variable value',
      'checks.config.yaml:8:7: vars.c: unclosed "{{" (no matching "}}"); write {{ env.NAME }} in a target value or a variable value',
    ]);
  });

  test('an unquoted template (a YAML mapping) is an error saying to quote it', async () => {
    const config = 'version: 1\ntargets:\n  local:\n    engine: duckdb\n    path: {{ env.WH_DIR }}\nvars:\n  a: {{ env.A }}\n';
    expect(lines(await loadIssues({ 'checks.config.yaml': config }, { env: ENV }))).toEqual([
      'checks.config.yaml:5:11: targets.local.path: write the template in quotes, "{{ env.WH_DIR }}": unquoted, YAML reads {{ ... }} as a mapping',
      'checks.config.yaml:7:6: vars.a: write the template in quotes, "{{ env.A }}": unquoted, YAML reads {{ ... }} as a mapping',
    ]);
  });

  test('env outside targets and vars (the engine, the time zone, the default target) is an error', async () => {
    const config = `version: 1
target: "{{ env.TARGET }}"
targets:
  local: { engine: "{{ env.ENGINE }}", path: w.duckdb }
timezone: "{{ env.TZ }}"
`;
    const issues = lines(await loadIssues({ 'checks.config.yaml': config }, { env: { TARGET: 'local', ENGINE: 'duckdb', TZ: 'UTC' } }));
    expect(issues.filter((i) => i.includes('is not allowed here'))).toEqual([
      'checks.config.yaml:2:10: target: {{ env.TARGET }} is not allowed here; write {{ env.NAME }} in a target value or a variable value',
      'checks.config.yaml:4:21: targets.local.engine: {{ env.ENGINE }} is not allowed here; write {{ env.NAME }} in a target value or a variable value',
      'checks.config.yaml:5:12: timezone: {{ env.TZ }} is not allowed here; write {{ env.NAME }} in a target value or a variable value',
    ]);
  });

  test('check files cannot read the environment (they are untrusted): the error says how to pass a value', async () => {
    const issues = lines(
      await loadIssues({ 'checks/t.yaml': "table: a.b\nwhere: \"team = '{{ env.TEAM }}'\"\nchecks:\n  - row_count: 1\n" }, { env: ENV }),
    );
    expect(issues).toEqual([
      `checks/t.yaml:2:17: where: {{ env.TEAM }}: check files cannot read the environment; set a variable from it in checks.config.yaml (vars: { NAME: "{{ env.NAME }}" }) and write {{ var.NAME }}`,
    ]);
  });
});

describe('variables', () => {
  test('the short and the long form mix; secret: false or absent is not secret', async () => {
    const config = `version: 1
targets: { local: { engine: duckdb, path: w.duckdb } }
vars:
  a: 1
  b: { value: two }
  c: { value: true, secret: false, description: a flag }
`;
    const project = await load({ 'checks.config.yaml': config });
    expect(project.config.vars).toEqual({ a: 1, b: 'two', c: true });
    expect(project.config).not.toHaveProperty('secretVars');
  });

  test('a long form without value, or with unknown keys, is located', async () => {
    const config = `version: 1
targets: { local: { engine: duckdb, path: w.duckdb } }
vars:
  a: { secret: true }
  b: { value: 1, secrte: true }
`;
    const issues = lines(await loadIssues({ 'checks.config.yaml': config }));
    expect(issues).toEqual([
      'checks.config.yaml:4:6: vars.a: missing required key "value"',
      'checks.config.yaml:5:18: vars.b: unknown key "secrte" (did you mean "secret"?); allowed: value, secret, description',
    ]);
  });

  test('--var of an undeclared variable is an error with a suggestion; a secret value is never echoed', async () => {
    const issues = lines(
      await loadIssues({ 'checks.config.yaml': CONFIG }, { env: ENV, vars: { min_minuts: '5', min_minutes: 'x', api_key: 'typed-secret' } }),
    );
    expect(issues).toEqual([
      '<command line>: --var min_minuts=5: the project declares no variable "min_minuts" (did you mean "min_minutes"?); declare it under vars: in checks.config.yaml (declared: api_key, min_minutes, season_start)',
      "<command line>: --var min_minutes=x: expected a number, as the config's value 10 is",
    ]);
    const secretConfig = CONFIG.replace('value: "{{ env.API_KEY }}"', 'value: 42');
    expect(lines(await loadIssues({ 'checks.config.yaml': secretConfig }, { env: ENV, vars: { api_key: 'typed-secret' } }))).toEqual([
      "<command line>: --var api_key=***: expected a number, as the config's value *** is",
    ]);
  });
});

describe('reports.keep', () => {
  test('a whole number ≥ 1 is kept in the config; 0 is an error', async () => {
    const base = 'version: 1\ntargets: { local: { engine: duckdb, path: w.duckdb } }\n';
    expect((await load({ 'checks.config.yaml': `${base}reports: { keep: 5 }\n` })).config.reports).toEqual({ keep: 5 });
    expect((await load({ 'checks.config.yaml': base })).config).not.toHaveProperty('reports');
    expect(lines(await loadIssues({ 'checks.config.yaml': `${base}reports: { keep: 0 }\n` }))).toEqual([
      'checks.config.yaml:3:18: reports.keep: 0 is out of range; must be >= 1',
    ]);
  });
});
