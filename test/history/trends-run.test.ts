// Issue 13: `dq run --format html` shows trends from the results store: the earlier runs of the
// same selection next to this one; a store that cannot be read is said in the report and changes
// nothing else.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyFile } from '../../src/history/store.js';
import { dq } from '../e2e/cli.js';
import { makeProject } from '../e2e/fixture.js';

// shop.orders has 10 rows a day on 2026-01-01..10, except 2 on 2026-01-05.
const GROUPED = 'table: shop.orders\npartition: created_at\nchecks:\n  - row_count: { min: 5 }\n    group_by: created_at\n';
const RUN = ['run', '--as-of', '2026-01-10', '--format', 'html,json', '-q'];

const latest = (cwd: string, file: string) => readFileSync(path.join(cwd, 'reports', 'latest', file), 'utf8');
const runIds = (html: string) => [...html.matchAll(/<circle class="run[^"]*" data-run-id="([^"]+)"/g)].map((m) => m[1]);

describe('trends in report.html from the history store', () => {
  it('the second run shows the first run beside itself; the grouped check every partition', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': GROUPED });
    expect((await dq(cwd, RUN)).code).toBe(1);
    const first = JSON.parse(latest(cwd, 'report.json')).run_id as string;
    expect(runIds(latest(cwd, 'report.html'))).toEqual([first]);
    expect((await dq(cwd, RUN)).code).toBe(1);
    const second = JSON.parse(latest(cwd, 'report.json')).run_id as string;
    const html = latest(cwd, 'report.html');
    expect(runIds(html)).toEqual([first, second]);
    expect(html.match(/class="part part-pass"/g)).toHaveLength(9);
    expect(html.match(/class="part part-fail"/g)).toHaveLength(1);
  });

  it('a reconcile by the partition column charts every date too, its completeness against the 100% line', async () => {
    // Reconciled against a schedule of 10 orders a day on 2026-01-01..10: 2026-01-05 (2) fails.
    const checks =
      'table: shop.orders\npartition: created_at\nchecks:\n  - name: per_day\n' +
      "    reconcile: { by: created_at, expected: { table: shop.orders, value: '10 * count(distinct created_at)' } }\n";
    const cwd = await makeProject({ 'checks/orders.yaml': checks });
    expect((await dq(cwd, RUN)).code).toBe(1);
    const html = latest(cwd, 'report.html');
    const chart = /<svg class="partition-series" data-series-for="orders.per_day"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(chart.match(/class="part part-pass"/g)).toHaveLength(9);
    expect([...chart.matchAll(/class="part part-fail" data-key="([^"]+)" data-value="([^"]+)"/g)].map((m) => [m[1], m[2]])).toEqual([['created_at=2026-01-05', '0.2']]);
    expect(chart).toMatch(/class="threshold threshold-fail" data-value="1"/);
  });

  it('a store that cannot be read is said in the Trends section; the verdict stays the checks\' own', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': GROUPED });
    mkdirSync(path.dirname(historyFile(cwd)), { recursive: true });
    writeFileSync(historyFile(cwd), 'not a DuckDB file');
    const result = await dq(cwd, RUN);
    expect(result.code).toBe(1);
    const html = latest(cwd, 'report.html');
    expect(html).toMatch(/The history store could not be read, so no trends are shown: /);
    expect(runIds(html)).toEqual([]);
  });
});
