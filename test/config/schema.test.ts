import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { checkTypes } from '../../src/checks/registry.js';
import { checkFileSchema, configSchema, renderSchemaFiles, suiteSchema } from '../../src/config/schema.js';
import { fakeTypes } from './fake-types.js';
import { load } from './project.js';

const docs = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'schema');

test('docs/schema is what the code generates from the registered check types', async () => {
  const files = renderSchemaFiles(checkTypes);
  expect(Object.keys(files).sort()).toEqual(['check-file.schema.json', 'config.schema.json', 'suite.schema.json']);
  for (const [name, text] of Object.entries(files)) {
    const committed = await readFile(path.join(docs, name), 'utf8').catch(() => '(missing)');
    expect(committed, `docs/schema/${name} is out of date: run npm run docs`).toBe(text);
  }
});

describe('published schemas (with fake check types)', () => {
  // Strict: the schemas must be plain draft-07 that editors understand, without ajv leniency.
  const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false, allErrors: true });
  const checkFile = ajv.compile(checkFileSchema(fakeTypes, 'publish'));
  const config = ajv.compile(configSchema('publish'));
  const suite = ajv.compile(suiteSchema('publish'));
  const valid = (validate: typeof checkFile, yaml: string) => validate(parse(yaml));

  const GOOD_CHECKS = `table: nba_analytics.player_game_summary
where: minutes_played > 0
tags: [phase3]
checks:
  - name: usage_rate_coverage
    coverage: { column: usage_rate, min: 45% }
    where: "game_date >= '{{ var.season_start }}'"
    tags: [pre_phase4]
    severity: warn
    warn: { min: 0.47 }
    description: text
    min_rows: 1
  - unique: [game_id, player_lookup]
  - unique: game_id
  - row_count:
  - row_count: 100
  - freshness: { column: t, max_age: 2 days }
  - metric: { expression: avg(x), max: 3 }
`;

  test('a valid check file passes, and the loader agrees', async () => {
    expect(valid(checkFile, GOOD_CHECKS), JSON.stringify(checkFile.errors)).toBe(true);
    await expect(load({ 'checks/pgs.yaml': GOOD_CHECKS })).resolves.toBeDefined();
  });

  test.each([
    ['two type keys', '  - unique: [a]\n    row_count: 1\n'],
    ['an unknown type', '  - covrage: { column: a }\n'],
    ['an unknown argument', '  - coverage: { column: a, colum: b }\n'],
    ['a share written 45', '  - coverage: { column: a, min: 45 }\n'],
    ['a share written abc%', '  - coverage: { column: a, min: abc% }\n'],
    ['a missing required argument', '  - coverage: { min: 45% }\n'],
    ['a duration without unit', '  - freshness: { column: t, max_age: 3600 }\n'],
    ['a warn key the type does not allow', '  - coverage: a\n    warn: { max: 10% }\n'],
    ['warn on a type without warn keys', '  - unique: [a]\n    warn: { max_duplicates: 1 }\n'],
    ['a bad severity', '  - unique: [a]\n    severity: fatal\n'],
    ['an anyOf of the type unmet', '  - metric: { expression: x }\n'],
  ])('rejects %s', async (_, item) => {
    const yaml = `table: a.b\nchecks:\n${item}`;
    expect(valid(checkFile, yaml)).toBe(false);
    await expect(load({ 'checks/t.yaml': yaml })).rejects.toThrow(); // the loader agrees
  });

  test('config: the documented example passes; unknown and misplaced keys do not', () => {
    const example = `version: 1
target: local
targets:
  local: { engine: duckdb, path: .dq/warehouse.duckdb }
  prod:
    engine: bigquery
    project: nba-props-platform
    location: US
    maximum_bytes_billed: 20 GB
    budget: 100 GB
    labels: { tool: dqgate }
    concurrency: 8
    job_timeout: 10 minutes
    keyFilename: path/to/key.json
vars: { season_start: '2021-10-01' }
timezone: America/New_York
formats: [console, json]
`;
    expect(valid(config, example), JSON.stringify(config.errors)).toBe(true);
    expect(valid(config, example.replace('formats', 'format'))).toBe(false);
    expect(valid(config, example.replace('location: US', 'path: x.db'))).toBe(false); // a duckdb key on bigquery
    expect(valid(config, example.replace('20 GB', '20 GX'))).toBe(false);
    expect(valid(config, example.replace('version: 1', 'version: 2'))).toBe(false);
  });

  test('suite: selectors as a list or one string; fail_on error or warn', () => {
    expect(valid(suite, 'description: d\nselect: [tag:a, x.*]\nexclude: file:b\nfail_on: warn\n')).toBe(true);
    expect(valid(suite, 'fail_on: never\n')).toBe(false);
    expect(valid(suite, 'selects: [a]\n')).toBe(false);
  });

  test('an argument with a default is not required in the published schema (the loader merges defaults first)', async () => {
    const withDefault = { ...fakeTypes[2]!, type: 'volume', argsSchema: { type: 'object', required: ['min'], properties: { min: {} } } };
    const validate = new Ajv({ strict: false }).compile(checkFileSchema([withDefault], 'publish'));
    const yaml = 'table: a.b\nchecks:\n  - volume:\n';
    expect(validate(parse(yaml))).toBe(true);
    await expect(load({ 'checks/t.yaml': yaml }, { checkTypes: [withDefault] })).resolves.toMatchObject({
      checks: [{ id: 't.volume', args: { min: 1 } }],
    });
  });

  test('with no registered types, no check item is valid (the registry fills them in)', () => {
    const empty = new Ajv({ strict: true, strictTypes: false, strictRequired: false }).compile(checkFileSchema([], 'publish'));
    expect(empty(parse('table: a.b\nchecks:\n  - row_count: 1\n'))).toBe(false);
  });
});
