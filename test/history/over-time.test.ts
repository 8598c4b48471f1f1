// Issue 13: `change:` and `anomaly:` thresholds read the check's own history from the store.
// Each test builds a history by appending runs to .dq/history.duckdb, then runs dq; expected
// figures are recomputed here in plain TypeScript, not by the code under test.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/history/records.js';
import { historyFile } from '../../src/history/store.js';
import type { CheckReport, RunReport } from '../../src/run/report.js';
import { dq } from '../e2e/cli.js';
import { CONFIG, makeProject } from '../e2e/fixture.js';
import { recorded, seedHistory } from './seeded-store.js';

// shop.orders has 90 rows outside 2026-01-05 (10 a day on 9 days).
const ID = 'orders.row_count';
const checkFile = (extra: string) =>
  `table: shop.orders\nchecks:\n  - row_count: { min: 1 }\n    where: "created_at <> DATE '2026-01-05'"\n${extra}`;
const RUN = ['run', '--as-of', '2026-01-10', '--format', 'json', '-q'];

/** A project whose store holds these runs, oldest first. */
async function projectWithHistory(extra: string, runs: RunRecord[], config = CONFIG()): Promise<string> {
  const cwd = await makeProject({ 'checks/orders.yaml': checkFile(extra), 'checks.config.yaml': config });
  await seedHistory(cwd, runs);
  return cwd;
}

function checkOf(cwd: string): CheckReport {
  const report = JSON.parse(readFileSync(path.join(cwd, 'reports', 'latest', 'report.json'), 'utf8')) as RunReport;
  return report.checks.find((c) => c.id === ID)!;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

describe('change: the metric against the previous run or a median', () => {
  it('a drop of 25% vs the previous run fails max_drop 20%; the comparison is in report.json and on the console', async () => {
    const cwd = await projectWithHistory('    change: { vs: previous, max_drop: 20% }\n', [recorded(1, 100), recorded(2, 120)]);
    const result = await dq(cwd, ['run', '--as-of', '2026-01-10', '--format', 'console,json']);
    expect(result.code).toBe(1);
    const check = checkOf(cwd);
    expect(check.status).toBe('fail');
    // The previous run is the newest recorded one (120), not the older 100.
    expect(check.history?.change).toMatchObject({ status: 'fail', vs: 'previous', runs: ['earlier-02'], baseline: 120, value: 90, delta: -30 });
    expect(check.history!.change!.relative_change).toBeCloseTo((90 - 120) / 120, 12);
    expect(result.stdout).toContain('change vs the previous run (120): -25%, a drop of more than max_drop 20%');
  });

  it('a drop within max_drop passes, and a rise is judged only by max_rise', async () => {
    const within = await projectWithHistory('    change: { vs: previous, max_drop: 20% }\n', [recorded(1, 110)]);
    expect((await dq(within, RUN)).code).toBe(0);
    expect(checkOf(within).history?.change).toMatchObject({ status: 'pass', baseline: 110, delta: -20 });
    const rise = await projectWithHistory('    change: { vs: previous, max_rise: 10% }\n', [recorded(1, 80)]);
    expect((await dq(rise, RUN)).code).toBe(1); // 80 → 90 is +12.5%
    expect(checkOf(rise).history?.change?.status).toBe('fail');
  });

  it('median_of: N compares with the median of the N previous runs', async () => {
    const values = [200, 90, 95, 130, 125];
    const runs = values.map((v, i) => recorded(i + 1, v));
    const cwd = await projectWithHistory('    change: { median_of: 3, max_drop: 20% }\n', runs);
    const expected = median(values.slice(-3)); // the 3 newest: 95, 130, 125
    expect((await dq(cwd, RUN)).code).toBe(1); // 90 vs 125: -28%
    expect(checkOf(cwd).history?.change).toMatchObject({ vs: 'median_of', baseline: expected, runs: ['earlier-05', 'earlier-04', 'earlier-03'] });
  });

  it('no earlier run, a previous run without a value, or a run on another target warn "not enough history", never pass', async () => {
    const rule = '    change: { vs: previous, max_drop: 20% }\n';
    const cases: [string, RunRecord[]][] = [
      ['no earlier run', []],
      ['a previous run without a value', [recorded(1, 90), recorded(2, null, { status: 'error' })]],
      ['only runs on another target', [recorded(1, 90, { target: 'prod' })]],
    ];
    for (const [label, runs] of cases) {
      const cwd = await projectWithHistory(rule, runs);
      const result = await dq(cwd, RUN);
      expect(result.code, label).toBe(0);
      const check = checkOf(cwd);
      expect(check.status, label).toBe('warn');
      expect(check.message, label).toMatch(/not enough history/);
    }
  });
});

describe('not enough history under --fail-on warn', () => {
  it('closes the gate: a first run with change: exits 1', async () => {
    const cwd = await projectWithHistory('    change: { vs: previous, max_drop: 20% }\n', []);
    expect((await dq(cwd, [...RUN, '--fail-on', 'warn'])).code).toBe(1);
  });
});

describe('anomaly: the robust z-score on the check\'s own history', () => {
  it('an outlier fails the anomaly threshold; a value within the spread passes', async () => {
    const spread = [200, 210, 190, 205, 195, 200];
    const m = median(spread);
    const mad = median(spread.map((v) => Math.abs(v - m)));
    const z = Math.abs(90 - m) / (1.4826 * mad);
    const outlier = await projectWithHistory('    anomaly: { history: 14, sensitivity: 3 }\n', spread.map((v, i) => recorded(i + 1, v)));
    expect((await dq(outlier, RUN)).code).toBe(1);
    const check = checkOf(outlier);
    expect(check.status).toBe('fail');
    expect(check.history?.anomaly).toMatchObject({ status: 'fail', median: m, mad, sensitivity: 3 });
    expect(check.history!.anomaly!.z_score).toBeCloseTo(z, 9);
    expect(check.message).toMatch(/above sensitivity 3/);

    const usual = [88, 92, 91, 89, 90, 93].map((v, i) => recorded(i + 1, v));
    const normal = await projectWithHistory('    anomaly: { history: 14, sensitivity: 3 }\n', usual);
    expect((await dq(normal, RUN)).code).toBe(0);
    expect(checkOf(normal).history?.anomaly?.status).toBe('pass');
  });

  it('too little history warns "not enough history" rather than passing', async () => {
    // Four earlier values (one run recorded none): five are needed.
    const runs = [recorded(1, 90), recorded(2, 90), recorded(3, null, { status: 'error' }), recorded(4, 91), recorded(5, 89)];
    const cwd = await projectWithHistory('    anomaly: {}\n', runs);
    expect((await dq(cwd, RUN)).code).toBe(0);
    const check = checkOf(cwd);
    expect(check.status).toBe('warn');
    expect(check.history?.anomaly).toMatchObject({ status: 'warn', z_score: null });
    expect(check.message).toMatch(/anomaly: not enough history \(4 of the last 14 runs recorded a value, 5 needed\)/);
  });

  it('a history that never varies (MAD 0): another value is an anomaly, the same value passes and says so', async () => {
    const flat = (v: number) => [1, 2, 3, 4, 5].map((i) => recorded(i, v));
    const other = await projectWithHistory('    anomaly: { history: 5 }\n', flat(100));
    expect((await dq(other, RUN)).code).toBe(1);
    expect(checkOf(other).history?.anomaly).toMatchObject({ status: 'fail', mad: 0, z_score: null });
    const same = await projectWithHistory('    anomaly: { history: 5 }\n', flat(90));
    expect((await dq(same, RUN)).code).toBe(0);
    expect(checkOf(same).message).toMatch(/do not vary \(MAD 0\)/);
  });

  it('the worst status wins: the check\'s own failure stays a failure whatever its history says', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': `table: shop.orders\nchecks:\n  - row_count: { min: 1000 }\n    where: "created_at <> DATE '2026-01-05'"\n    change: { vs: previous, max_drop: 20% }\n`,
    });
    expect((await dq(cwd, RUN)).code).toBe(1); // no history (warn), own threshold broken (fail)
    expect(checkOf(cwd).status).toBe('fail');
  });
});

describe('change and anomaly need the store', () => {
  it('history: false or --no-history with change:/anomaly: is a configuration error (exit 3), at validate time too', async () => {
    const off = await makeProject({ 'checks/orders.yaml': checkFile('    anomaly: {}\n'), 'checks.config.yaml': CONFIG() + 'history: false\n' });
    const validate = await dq(off, ['validate']);
    expect(validate.code).toBe(3);
    expect(validate.stderr).toMatch(/orders\.row_count: change:\/anomaly: compare the metric with the history store, which history: false turns off/);
    expect((await dq(off, RUN)).code).toBe(3);
    const flag = await makeProject({ 'checks/orders.yaml': checkFile('    change: { vs: previous, max_drop: 20% }\n') });
    const run = await dq(flag, [...RUN, '--no-history']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/--no-history turns off/);
  });

  it('--no-history is refused also when only an upstream check the selection runs first reads history', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': `${checkFile('    change: { vs: previous, max_drop: 20% }\n')}  - not_null: id\n    name: ids\n    depends_on: orders.row_count\n`,
    });
    const run = await dq(cwd, [...RUN, '--select', 'orders.ids', '--no-history']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/orders\.row_count: change:\/anomaly: .* --no-history turns off/);
  });

  it('a store that cannot be read makes the check an error (exit 2), never a pass', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': checkFile('    change: { vs: previous, max_drop: 20% }\n') });
    mkdirSync(path.join(cwd, '.dq'));
    writeFileSync(historyFile(cwd), 'not a DuckDB file');
    const result = await dq(cwd, RUN);
    expect(result.code).toBe(2);
    const check = checkOf(cwd);
    expect(check.status).toBe('error');
    expect(check.history?.error).toMatch(/the history store could not be read/);
  });

  it('change: without max_drop or max_rise, or with both vs and median_of, is refused at the key', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': `table: shop.orders\nchecks:\n  - row_count: {}\n    change: { vs: previous }\n  - not_null: amount\n    change: { vs: previous, median_of: 3, max_rise: 5% }\n  - unique: id\n    change: { max_drop: 20 }\n`,
    });
    const result = await dq(cwd, ['validate']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/orders\.yaml:4:\d+: change: needs max_drop or max_rise/);
    expect(result.stderr).toMatch(/orders\.yaml:6:\d+: change: write vs: previous or median_of: N, not both/);
    expect(result.stderr).toMatch(/orders\.yaml:8:\d+: .*max_drop/);
  });
});
