// Every set check that counts its offences and lists the first 1,000 of them proves its listing
// against the count (set-rows.ts listedGroups): an answer that lost a listed group, or gained
// one, ends the check as an error (exit 2), never as a report listing what it did not count.
// Checks of each such type, each failing on the fixture warehouse, run on DuckDB through an
// engine that drops or repeats one listed group of every check.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTED_GROUPS, listedGroups } from '../../src/checks/set-rows.js';
import { IncompleteAnswerError } from '../../src/checks/shared.js';
import type { SetRow } from '../../src/checks/types.js';
import type { Row } from '../../src/engines/engine.js';
import type { EngineFactory } from '../../src/engines/open.js';
import type { RunReport } from '../../src/run/report.js';
import { makeProject } from '../e2e/fixture.js';
import { runProject } from '../e2e/run-project.js';
import { rewrittenAnswers } from '../support/rewritten-answers.js';

// The fixture (test/e2e/fixture.ts): orders 1..100 without 43..50, order 100 has order_no 99,
// customer_id = id % 10 + 1 (customer 10 is not in shop.customers), 3 lost orders, 2026-01-05
// with 2 orders against 10 on the other days. Distinct offences each check counts and lists:
const CHECKS: Record<string, { yaml: string; offences: number }> = {
  // [100, 99]: upper before lower.
  ranges_bad: { yaml: 'ranges: { lower: id, upper: order_no }', offences: 1 },
  // 51 after 42.
  sequential_bad: { yaml: 'sequential: id', offences: 1 },
  // Customers 1..10 appear 9 or 10 times in orders, 1..9 once in customers, 10 not at all.
  equality_bad: { yaml: 'equality: { to: shop.customers, compare: [customer_id] }', offences: 10 },
  // customer_id 10.
  relationships_bad: { yaml: 'relationships: { column: customer_id, to: shop.customers, field: customer_id }', offences: 1 },
  lost_orders_bad: { yaml: `sql: "SELECT id FROM shop.orders WHERE status = 'lost'"`, offences: 3 },
  // 2026-01-05 (2 rows against a median of 10), judged by a column that is no partition column.
  volume_bad: { yaml: 'volume: { by: created_at, lookback: 3 }', offences: 1 },
  // 9 or 10 orders per customer against 1 expected (customer 10: none expected).
  reconcile_bad: { yaml: 'reconcile: { by: customer_id, expected: { table: shop.customers, value: count(*) } }', offences: 10 },
  unique_bad: { yaml: 'unique: order_no', offences: 1 },
};
const FILE = `table: shop.orders\nchecks:\n${Object.entries(CHECKS)
  .map(([name, c]) => `  - { name: ${name}, ${c.yaml} }`)
  .join('\n')}\n`;

/** The DuckDB engine, changing the group rows of each check in every answer with `mutate`. */
function mutating(mutate: (groups: Row[]) => Row[]): EngineFactory {
  return rewrittenAnswers((rows) => {
    const keys = [...new Set(rows.filter((r) => r.row_type === 'group').map((r) => r.check_key))];
    const others = rows.filter((r) => r.row_type !== 'group');
    const groups = keys.flatMap((k) => mutate(rows.filter((r) => r.row_type === 'group' && r.check_key === k)));
    return [...others, ...groups];
  });
}

let dir: string;
beforeAll(async () => {
  dir = await makeProject({ 'checks/orders.yaml': FILE });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const byName = (report: RunReport) => Object.fromEntries(report.checks.map((c) => [c.name, c]));

it('the true answer: every check fails, listing every offence it counts (exit 1)', async () => {
  const report = await runProject(dir, { drillDown: false, samples: false });
  const checks = byName(report);
  for (const [name, c] of Object.entries(CHECKS)) {
    expect([name, checks[name]?.status, checks[name]?.failing_groups.length]).toEqual([name, 'fail', c.offences]);
  }
  expect(report.exit_code).toBe(1);
});

describe.each([
  ['one listed group lost', (groups: Row[]) => groups.slice(1), -1],
  ['one listed group repeated', (groups: Row[]) => [...groups, groups[0]!], +1],
])('%s', (_name, mutate, delta) => {
  let report: RunReport;
  beforeAll(async () => {
    report = await runProject(dir, { drillDown: false, samples: false, openEngine: mutating(mutate) });
  });

  it.each(Object.entries(CHECKS))('%s: an incomplete answer, the check an error', (name, c) => {
    const check = byName(report)[name];
    expect([check?.status, check?.message]).toEqual(['error', `incomplete answer: ${c.offences + delta} offending groups listed, ${c.offences} counted`]);
  });

  it('exit 2', () => {
    expect(report.exit_code).toBe(2);
  });
});

describe('listedGroups', () => {
  const groups = (count: number): SetRow[] =>
    Array.from({ length: count }, (_, i) => ({ check_key: 'c1', row_type: 'group', key_json: `{"a":${i}}`, value: 1, rows_evaluated: 1, detail_json: null }));

  it('reads min(count, 1,000) listed groups; a listing of any other length is an incomplete answer', () => {
    expect(LISTED_GROUPS).toBe(1000);
    expect(listedGroups(groups(0), 0)).toEqual([]);
    expect(listedGroups(groups(1000), 5000)).toHaveLength(1000);
    expect(() => listedGroups(groups(999), 5000)).toThrow(IncompleteAnswerError);
    expect(() => listedGroups(groups(1001), 5000)).toThrow(IncompleteAnswerError);
    expect(() => listedGroups(groups(1), 0)).toThrow(IncompleteAnswerError);
  });
});
