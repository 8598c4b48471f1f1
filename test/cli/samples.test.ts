// `dq run` and samples: the console shows the offending values under the FAIL line, --no-samples
// turns them off without touching the verdict, and samples:/key: that cannot work are
// configuration errors at the value (exit 3).
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dq } from '../e2e/cli.js';
import { makeProject } from '../e2e/fixture.js';
import { createDuckDbWarehouse } from '../bigquery/support.js';
import { EVENT_CHECKS, EVENTS, EVENTS_SQL, expectedEventSamples } from '../run/samples-data.js';

const CONFIG = `version: 1
target: local
targets:
  local: { engine: duckdb, path: w.duckdb }
timezone: UTC
`;

async function project(checks: string): Promise<string> {
  const cwd = await makeProject({ 'checks.config.yaml': CONFIG, 'checks/events.yaml': checks }, { warehouse: false });
  await createDuckDbWarehouse(path.join(cwd, 'w.duckdb'), EVENTS_SQL);
  return cwd;
}

describe('dq run and samples', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await project(EVENT_CHECKS);
  });

  it('prints the offending values under the FAIL line; --no-samples prints none and keeps the verdict', async () => {
    const args = ['run', '--as-of', '2026-01-10', '-f', 'console', '--no-history', '--out', 'r1'];
    const on = await dq(cwd, args);
    const [first] = expectedEventSamples(EVENTS).status_values!;
    const block = on.stdout.slice(on.stdout.indexOf('FAIL events.status_values '));
    expect(block.split('\n').slice(0, 8).join('\n')).toContain(`    offending values (3 shown, most frequent first):\n      "${first!.value}": ${first!.rows} rows (e.g. id=${first!.key!.id})`);
    expect(on.stdout).not.toContain('\u001b');
    const off = await dq(cwd, [...args.slice(0, -1), 'r2', '--no-samples']);
    expect(off.stdout).not.toContain('offending values');
    expect(off.code).toBe(on.code);
    expect(on.code).toBe(1);
    const statuses = (out: string) => out.split('\n').filter((l) => /^ {2}(PASS|FAIL|WARN|ERROR|SKIP) /.test(l)).map((l) => l.replace(/ \d+ ms$/, ''));
    expect(statuses(off.stdout)).toEqual(statuses(on.stdout));
  });

  it('refuses samples: and key: that cannot work, at the value (exit 3)', async () => {
    const bad = await project(`table: t.events
key: []
checks:
  - accepted_values: { column: status, values: [new] }
    samples: -1
  - not_null: amount
    samples: many
`);
    const result = await dq(bad, ['validate']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/checks\/events\.yaml:2:\d+: .*key/);
    expect(result.stderr).toMatch(/checks\/events\.yaml:5:\d+: .*samples/);
    expect(result.stderr).toMatch(/checks\/events\.yaml:7:\d+: .*samples/);
  });
});
