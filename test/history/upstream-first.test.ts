// "Upstream first" holds for change: / anomaly: too: a check's history is judged right after its
// stage, so a check that fails (or errors) only by its history blocks its downstream checks like
// any other failure, and in audit mode (--no-block) they are evaluated and marked. Runs the CLI
// in-process on the fixture warehouse with an embedded store built in the temp project.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryPoint, HistoryReader } from '../../src/history/check-history.js';
import { historyFile } from '../../src/history/store.js';
import type { RunReport } from '../../src/run/report.js';
import { dq } from '../e2e/cli.js';
import { makeProject } from '../e2e/fixture.js';
import { byId, runProject } from '../e2e/run-project.js';
import { recorded, seedHistory } from './seeded-store.js';

// shop.orders has 90 rows outside 2026-01-05: row_count passes its own min: 1 (90 rows); the
// downstream not_null on id passes on its own (ids 1..100 are never null).
const UPSTREAM = 'orders.row_count';
const DOWNSTREAM = 'orders.ids';
const CHECKS =
  `table: shop.orders\nchecks:\n  - row_count: { min: 1 }\n    where: "created_at <> DATE '2026-01-05'"\n` +
  `    change: { vs: previous, max_drop: 20% }\n` +
  `  - not_null: id\n    name: ids\n    depends_on: ${UPSTREAM}\n`;
const RUN = ['run', '--as-of', '2026-01-10', '--format', 'json', '-q'];

async function project(): Promise<string> {
  return makeProject({ 'checks/orders.yaml': CHECKS });
}

function reportOf(cwd: string): RunReport {
  return JSON.parse(readFileSync(path.join(cwd, 'reports', 'latest', 'report.json'), 'utf8')) as RunReport;
}

const checkIn = (report: RunReport, id: string) => report.checks.find((c) => c.id === id)!;
/** Whether any query the run sent evaluated this check. */
const sent = (report: RunReport, id: string) => report.queries.some((q) => q.check_ids.includes(id));

describe('a check failing only by change: blocks its downstream checks', () => {
  it('skips the downstream check (blocked by the upstream id, not sent) and exits 1', async () => {
    const cwd = await project();
    await seedHistory(cwd, [recorded(1, 120)]); // 120 → 90: a drop of 25%
    const result = await dq(cwd, RUN);
    expect(result.code).toBe(1);
    const report = reportOf(cwd);
    const upstream = checkIn(report, UPSTREAM);
    expect(upstream.status).toBe('fail');
    expect(upstream.history?.change).toMatchObject({ status: 'fail', baseline: 120, value: 90 });
    const downstream = checkIn(report, DOWNSTREAM);
    expect(downstream.status).toBe('skipped');
    expect(downstream.skipped_reason).toBe(`blocked by ${UPSTREAM}`);
    expect(sent(report, DOWNSTREAM)).toBe(false);
  });

  it('in audit mode (--no-block) evaluates the downstream check and marks it upstream failed; exit 1', async () => {
    const cwd = await project();
    await seedHistory(cwd, [recorded(1, 120)]);
    const result = await dq(cwd, [...RUN, '--no-block']);
    expect(result.code).toBe(1);
    const report = reportOf(cwd);
    expect(checkIn(report, UPSTREAM).status).toBe('fail');
    const downstream = checkIn(report, DOWNSTREAM);
    expect(downstream.status).toBe('pass');
    expect(downstream.upstream_failed).toEqual([UPSTREAM]);
    expect(sent(report, DOWNSTREAM)).toBe(true);
  });

  it('a change within its limit does not block: both pass, exit 0', async () => {
    const cwd = await project();
    await seedHistory(cwd, [recorded(1, 100)]); // 100 → 90: a drop of 10%
    expect((await dq(cwd, RUN)).code).toBe(0);
    const report = reportOf(cwd);
    expect(checkIn(report, UPSTREAM).history?.change?.status).toBe('pass');
    expect(checkIn(report, DOWNSTREAM)).toMatchObject({ status: 'pass' });
    expect(checkIn(report, DOWNSTREAM).upstream_failed).toBeUndefined();
  });
});

describe('what history cannot say', () => {
  it('not enough history warns, and a warning does not block: the downstream check is evaluated, unmarked; exit 0', async () => {
    const cwd = await project(); // no store yet
    expect((await dq(cwd, RUN)).code).toBe(0);
    const report = reportOf(cwd);
    expect(checkIn(report, UPSTREAM).status).toBe('warn');
    expect(checkIn(report, UPSTREAM).message).toMatch(/not enough history/);
    const downstream = checkIn(report, DOWNSTREAM);
    expect(downstream.status).toBe('pass');
    expect(downstream.upstream_failed).toBeUndefined();
  });

  it('a store that cannot be read makes the upstream check an error that blocks its downstream check; exit 2', async () => {
    const cwd = await project();
    mkdirSync(path.join(cwd, '.dq'));
    writeFileSync(historyFile(cwd), 'not a DuckDB file');
    expect((await dq(cwd, RUN)).code).toBe(2);
    const report = reportOf(cwd);
    expect(checkIn(report, UPSTREAM).status).toBe('error');
    expect(checkIn(report, UPSTREAM).history?.error).toMatch(/the history store could not be read/);
    expect(checkIn(report, DOWNSTREAM)).toMatchObject({ status: 'skipped', skipped_reason: `blocked by ${UPSTREAM}` });
    expect(sent(report, checkIn(report, DOWNSTREAM).id)).toBe(false);
  });
});

describe('judged before the drill-down', () => {
  it('a partitioned check failed only by change: is drilled into like any other failed check', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': `table: shop.orders\npartition: created_at\n${CHECKS.slice(CHECKS.indexOf('checks:'))}` });
    await seedHistory(cwd, [recorded(1, 120)]);
    expect((await dq(cwd, RUN)).code).toBe(1);
    const report = reportOf(cwd);
    const upstream = checkIn(report, UPSTREAM);
    expect(upstream.status).toBe('fail');
    expect(upstream.drill_down?.by).toBe('created_at');
    // 9 dates outside 2026-01-05, 10 rows each: every one is a worst partition with 10 rows.
    expect(upstream.drill_down!.groups.map((g) => g.value)).toEqual(Array(9).fill(10));
    expect(report.queries.filter((q) => q.purpose === 'drill_down').map((q) => q.check_ids)).toEqual([[UPSTREAM]]);
  });
});

describe('the store is read once per run, before the first stage', () => {
  it('one read for the checks of every stage, before any query; each stage judged from it', async () => {
    // Two stages that both read history: orders.ids (not_null: the share of ids set, 1) after orders.row_count.
    const cwd = await makeProject({ 'checks/orders.yaml': `${CHECKS}    change: { vs: previous, max_rise: 10% }\n` });
    const log: string[] = [];
    const point = (value: number): HistoryPoint[] => [{ run_id: 'earlier', started_at: '2026-01-09T00:00:00.000Z', status: 'pass', value }];
    const reader: HistoryReader = async (checks) => {
      log.push(`read ${checks.map((c) => c.id).join(',')}`);
      // row_count 90 vs 100: -10%, within max_drop 20%; the share of ids set, 1 vs 0.95: +5.3%, within max_rise 10%.
      return new Map([[UPSTREAM, point(100)], [DOWNSTREAM, point(0.95)]]);
    };
    const report = await runProject(cwd, { history: reader, onEvent: (e) => e.type === 'query-start' && log.push(`query ${e.query.checks.map((c) => c.id).join(',')}`) });
    expect(log).toEqual([`read ${UPSTREAM},${DOWNSTREAM}`, `query ${UPSTREAM}`, `query ${DOWNSTREAM}`]);
    expect(byId(report, UPSTREAM).history?.change).toMatchObject({ status: 'pass', baseline: 100 });
    expect(byId(report, DOWNSTREAM).history?.change).toMatchObject({ status: 'pass', baseline: 0.95, value: 1 });
    expect(report.exit_code).toBe(0);
  });
});
