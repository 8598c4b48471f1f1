// The CLI on configurations for real environments, in-process: {{ env.NAME }} resolved or a
// located exit 3 before any warehouse is opened, --var only for declared variables, and
// `dq validate` checking the DuckDB file of the target it validates.
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';
import type { EngineFactory } from '../../src/engines/open.js';
import { CONFIG, makeProject } from '../e2e/fixture.js';
import { dqIn } from './in-process.js';

const CHECKS = 'table: shop.orders\nchecks:\n  - row_count: { min: 1 }\n';

/** The real DuckDB engine, counting how often a target is opened. */
function countingEngine(): { open: EngineFactory; opened: () => number } {
  let opened = 0;
  return {
    open: async (target) => {
      opened++;
      return createDuckDbEngine({ path: String(target.options.path) });
    },
    opened: () => opened,
  };
}

let cwd: string;
beforeAll(async () => {
  cwd = await makeProject({ 'checks/orders.yaml': CHECKS, 'suites/all.yaml': 'select: ["*"]\n' });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function writeConfig(text: string): void {
  writeFileSync(path.join(cwd, 'checks.config.yaml'), text);
}

describe('{{ env.NAME }} in checks.config.yaml', () => {
  it('a path taken from the environment is the one run opens', async () => {
    writeConfig(CONFIG('"{{ env.DQ_TEST_WAREHOUSE }}"'));
    vi.stubEnv('DQ_TEST_WAREHOUSE', 'warehouse.duckdb');
    const result = await dqIn(cwd, ['run', 'all', '--format', 'console', '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it("an unset variable is exit 3 naming it at file:line:col, before any warehouse is opened", async () => {
    writeConfig(CONFIG('"{{ env.DQ_TEST_UNSET_WAREHOUSE }}"'));
    const engine = countingEngine();
    const result = await dqIn(cwd, ['run', 'all', '--format', 'console'], { openEngine: engine.open });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'checks.config.yaml:6:12: targets.local.path: environment variable DQ_TEST_UNSET_WAREHOUSE is not set ({{ env.DQ_TEST_UNSET_WAREHOUSE }})',
    );
    expect(engine.opened()).toBe(0);
  });

  it("dbt's {{ env_var('WH_PATH') }} fails validate and run with exit 3, instead of opening a file of that name", async () => {
    writeConfig(CONFIG(`"{{ env_var('WH_PATH') }}"`));
    const engine = countingEngine();
    for (const args of [['validate'], ['run', 'all', '--format', 'console']]) {
      const result = await dqIn(cwd, args, { openEngine: engine.open });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain("checks.config.yaml:6:12: targets.local.path: unsupported template {{ env_var('WH_PATH') }}");
    }
    expect(engine.opened()).toBe(0);
  });
});

describe('--var', () => {
  it('of a variable the project never declares is exit 3 with a suggestion', async () => {
    writeConfig(CONFIG());
    const result = await dqIn(cwd, ['run', 'all', '--var', 'snce=2026-01-02']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      '<command line>: --var snce=2026-01-02: the project declares no variable "snce" (did you mean "since"?); declare it under vars: in checks.config.yaml (declared: min_amount, since)',
    );
  });
});

describe('dq validate and the DuckDB file', () => {
  it('a missing file of the validated target is exit 3 naming the target and pointing at its path', async () => {
    writeConfig(CONFIG('missing.duckdb'));
    const result = await dqIn(cwd, ['validate']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `checks.config.yaml:6:11: targets.local.path: the DuckDB file of target "local" (the target validated) does not exist: ${path.join(cwd, 'missing.duckdb')}`,
    );
  });

  it('passes once the file exists, and only the validated target is checked', async () => {
    writeConfig(
      'version: 1\ntarget: local\ntargets:\n  local:\n    engine: duckdb\n    path: later.duckdb\n  memory:\n    engine: duckdb\n    path: ":memory:"\nvars: { since: \'2026-01-01\', min_amount: 0 }\n',
    );
    expect((await dqIn(cwd, ['validate', '--target', 'memory'])).code).toBe(0);
    expect((await dqIn(cwd, ['validate'])).code).toBe(3);
    renameSync(path.join(cwd, 'warehouse.duckdb'), path.join(cwd, 'later.duckdb'));
    try {
      const result = await dqIn(cwd, ['validate']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
    } finally {
      renameSync(path.join(cwd, 'later.duckdb'), path.join(cwd, 'warehouse.duckdb'));
    }
  });
});
