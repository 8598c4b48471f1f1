// A YAML file over the size limit is refused before it is read, with a message saying why.
import { describe, expect, test } from 'vitest';
import { MAX_YAML_BYTES } from '../../src/config/yaml-source.js';
import { lines, loadIssues } from './project.js';

describe('file size limit', () => {
  test('a check file over 10 MB is a configuration error naming its size and the limit', async () => {
    expect(MAX_YAML_BYTES).toBe(10 * 1024 * 1024);
    // A valid file, so only its size can be the problem: 10.5 MB of comment after one check.
    const body = `table: a.b\nchecks:\n  - row_count: 1\n#${'x'.repeat(MAX_YAML_BYTES / 2)}\n#${'x'.repeat(MAX_YAML_BYTES / 2 + 512 * 1024)}\n`;
    expect(lines(await loadIssues({ 'checks/big.yaml': body }))).toEqual([
      'checks/big.yaml: file is 10.5 MB, over the limit of 10 MB for a YAML file; split it',
    ]);
  });

  test('a suite file and the config file are held to the same limit', async () => {
    const padding = `#${'x'.repeat(11 * 1024 * 1024)}\n`;
    const checks = { 'checks/t.yaml': 'table: a.b\nchecks:\n  - row_count: 1\n' };
    const tooBig = (file: string) => `${file}: file is 11 MB, over the limit of 10 MB for a YAML file; split it`;
    expect(lines(await loadIssues({ ...checks, 'suites/s.yaml': `select: ['*']\n${padding}` }))).toEqual([tooBig('suites/s.yaml')]);
    const config = `version: 1\ntarget: local\ntargets:\n  local: { engine: duckdb, path: w.duckdb }\n${padding}`;
    expect(lines(await loadIssues({ ...checks, 'checks.config.yaml': config }))).toContain(tooBig('checks.config.yaml'));
  });
});
