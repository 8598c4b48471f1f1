// Set checks whose groups are the table's partitions (reconcile by the partition column, volume
// per partition) list every partition, passing ones too, for the results store. The summary row
// counts them: a listing that lost or repeated a partition is an error (exit 2), never a pass
// and never a store missing a date that was there.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../src/engines/engine.js';
import { partitionValuesOf } from '../../src/run/partition-values.js';
import type { RunReport } from '../../src/run/report.js';
import { makeProject } from '../e2e/fixture.js';
import { byId, runProject } from '../e2e/run-project.js';
import { rewrittenAnswers } from '../support/rewritten-answers.js';

// shop.orders (test/e2e/fixture.ts): 10 orders a day on 2026-01-01..10, 2 on 2026-01-05.
// Reconciled with itself, every date matches; against the median of the 3 days before it,
// 2026-01-05 is at 20%, above 10%: both checks pass on the true answer.
const CHECKS = `table: shop.orders
partition: created_at
checks:
  - name: per_day
    reconcile: { by: created_at, expected: { table: shop.orders, value: count(*) } }
  - name: daily_volume
    volume: { by: created_at, lookback: 3, min_ratio: 10% }
`;

const day = (n: number) => `2026-01-${String(n).padStart(2, '0')}`;
const DAYS = Array.from({ length: 10 }, (_, i) => day(i + 1));
// volume judges a day only with 3 days before it: 2026-01-04 onwards.
const JUDGED = DAYS.slice(3);

let dir: string;
beforeAll(async () => {
  dir = await makeProject({ 'checks/orders.yaml': CHECKS });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ids = { reconcile: 'orders.per_day', volume: 'orders.daily_volume' };

it('the true answer passes both and hands every partition, passing ones too, to the store', async () => {
  const report = await runProject(dir, { drillDown: false, samples: false });
  expect(report.checks.map((c) => [c.id, c.status])).toEqual([
    [ids.reconcile, 'pass'],
    [ids.volume, 'pass'],
  ]);
  const dates = (id: string) => partitionValuesOf(report, id)!.map((p) => [String(p.key.created_at), p.status]).sort();
  expect(dates(ids.reconcile)).toEqual(DAYS.map((d) => [d, 'pass']));
  expect(partitionValuesOf(report, ids.reconcile)!.every((p) => p.value === 1)).toBe(true);
  expect(dates(ids.volume)).toEqual(JUDGED.map((d) => [d, 'pass']));
  expect(report.exit_code).toBe(0);
});

const partitionRows = (rows: Row[]) => rows.filter((r) => r.row_type === 'partition');

const LOSSES: Record<string, (rows: Row[]) => Row[]> = {
  'one passing partition dropped': (rows) => {
    const first = new Set(['c1', 'c2'].map((key) => partitionRows(rows).find((r) => r.check_key === key)));
    return rows.filter((r) => !first.has(r));
  },
  'every partition row dropped (a listing cut short)': (rows) => rows.filter((r) => r.row_type !== 'partition'),
  'a passing partition repeated': (rows) => [...rows, ...partitionRows(rows).slice(0, 1), ...partitionRows(rows).slice(-1)],
  'a passing partition read as failing': (rows) => rows.map((r) => (r.row_type === 'partition' ? { ...r, row_type: 'group' } : r)),
};

describe.each(Object.entries(LOSSES))('%s', (_name, mutate) => {
  let report: RunReport;
  beforeAll(async () => {
    report = await runProject(dir, { drillDown: false, samples: false, openEngine: rewrittenAnswers(mutate) });
  });

  it('is an error saying the listing does not match its count, not a pass: exit 2', () => {
    for (const id of [ids.reconcile, ids.volume]) {
      const check = byId(report, id);
      expect([id, check.status]).toEqual([id, 'error']);
      expect(check.message).toMatch(/^incomplete answer: \d+ failing and \d+ passing partitions listed, but \d+ of \d+ counted/);
      expect(partitionValuesOf(report, id)).toBeUndefined();
    }
    expect(report.exit_code).toBe(2);
  });
});
