// No measure defaults a missing row or value to a number: checks of every type, each failing on
// the true answer, run on DuckDB through an engine that loses rows or values of the answer.
// A missing row or a NULL count ends the check as `error` (exit 2); nothing ever passes (also
// under random losses: a fast-check property at the end).
import { rmSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metric } from '../../src/checks/metric.js';
import { reconcile } from '../../src/checks/reconcile.js';
import { volume } from '../../src/checks/volume.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';
import type { Engine, Row } from '../../src/engines/engine.js';
import type { RunReport } from '../../src/run/report.js';
import { makeProject } from '../e2e/fixture.js';
import { runProject } from '../e2e/run-project.js';
import { spec } from '../support/checks.js';

// One failing check of each type the fixture warehouse can hold (see test/e2e/check-types.test.ts).
const CHECKS = `table: shop.orders
checks:
  - { name: rows_bad, row_count: { max: 0 } }
  - { name: amount_all, not_null: amount }
  - { name: amount_coverage_bad, coverage: { column: amount, min: 90% } }
  - { name: order_no_unique_bad, unique: order_no }
  - { name: status_values_bad, accepted_values: { column: status, values: [new, paid, shipped] } }
  - { name: amount_range_strict_bad, between: { column: amount, min_value: 1.5, strict_min: true } }
  - { name: email_bad, regex: { column: email, pattern: '^user1' } }
  - { name: condition_bad, condition: "status <> 'lost'" }
  - { name: customers_bad, relationships: { column: customer_id, to: shop.customers, field: customer_id } }
  - { name: five_a_day_bad, rows_per_group: { by: created_at, min: 5 } }
  - { name: fresh_bad, freshness: { column: created_at, max_age: 1 day }, where: "created_at < DATE '2026-01-05'" }
  - { name: avg_bad, metric: { expression: max(amount), max: 100 } }
  - { name: lost_orders_bad, sql: "SELECT id, status FROM shop.orders WHERE status = 'lost'" }
`;

/**
 * The fixture's DuckDB engine with every answer passed through `mutate`. The runs of this file
 * share one real engine (opened once, closed after the file): what is tested is what a run makes
 * of damaged answers, and opening DuckDB for each of the property's runs was most of its work.
 */
function lossy(mutate: (rows: Row[]) => Row[]): Engine {
  return {
    name: real.name,
    execute: async (request) => {
      const result = await real.execute(request);
      return { ...result, rows: mutate(result.rows) };
    },
    ...(real.dryRun ? { dryRun: (request) => real.dryRun!(request) } : {}),
    close: async () => undefined,
  };
}

const isSetRow = (row: Row) => 'row_type' in row;
const SET_COLUMNS = ['value', 'rows_evaluated'];

let dir: string;
let real: Engine;
beforeAll(async () => {
  dir = await makeProject({ 'checks/orders.yaml': CHECKS });
  real = await createDuckDbEngine({ path: path.join(dir, 'warehouse.duckdb') });
});
afterAll(async () => {
  await real.close();
  rmSync(dir, { recursive: true, force: true });
});

const statuses = (report: RunReport) => Object.fromEntries(report.checks.map((c) => [c.name, c.status]));
const names = CHECKS.match(/name: \w+/g)!.map((m) => m.slice(6));

it('the true answer fails every check: exit 1', async () => {
  const report = await runProject(dir, { drillDown: false });
  expect(statuses(report)).toEqual(Object.fromEntries(names.map((n) => [n, 'fail'])));
  expect(report.exit_code).toBe(1);
});

const SET_CHECKS = new Set(['order_no_unique_bad', 'customers_bad', 'five_a_day_bad', 'lost_orders_bad']);

/** What a mutation breaks: the answers of aggregate checks, of set checks, or both; and what their error says. */
interface Loss {
  mutate: (rows: Row[]) => Row[];
  breaks: 'aggregate' | 'set' | 'both';
  message: RegExp;
}

const LOSSES: Record<string, Loss> = {
  'no rows at all': { mutate: () => [], breaks: 'both', message: /^incomplete answer: no (aggregate|summary) row/ },
  'the summary rows dropped': { mutate: (rows) => rows.filter((r) => r.row_type !== 'summary'), breaks: 'set', message: /^incomplete answer: no summary row/ },
  'the summary rows duplicated': {
    mutate: (rows) => rows.flatMap((r) => (r.row_type === 'summary' ? [r, r] : [r])),
    breaks: 'set',
    message: /^incomplete answer: 2 summary rows, not 1/,
  },
  'the aggregate row duplicated': {
    mutate: (rows) => (rows.length === 1 && !isSetRow(rows[0]!) ? [rows[0]!, rows[0]!] : rows),
    breaks: 'aggregate',
    message: /^incomplete answer: 2 aggregate rows, not 1/,
  },
  'every count NULL': {
    mutate: (rows) =>
      rows.map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, (isSetRow(r) ? SET_COLUMNS.includes(k) : /__(rows|pass)$/.test(k)) ? null : v])),
      ),
    breaks: 'both',
    message: /^incomplete answer: [a-z_ ]+ is NULL/,
  },
  // Number('') is 0: a blank count must not read as "no rows", "no failures".
  'every count blank text': {
    mutate: (rows) =>
      rows.map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, (isSetRow(r) ? SET_COLUMNS.includes(k) : /__(rows|pass)$/.test(k)) ? '' : v])),
      ),
    breaks: 'both',
    message: /^incomplete answer: [a-z_ ]+ is "", not a (count|number)$/,
  },
  'the count columns dropped': {
    mutate: (rows) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !/__(rows|pass|value|latest)$/.test(k)))),
    breaks: 'aggregate',
    message: /^incomplete answer: no (rows|pass|value|latest) column/,
  },
};

describe.each(Object.entries(LOSSES))('%s', (_name, loss) => {
  let report: RunReport;
  beforeAll(async () => {
    report = await runProject(dir, { drillDown: false, engine: lossy(loss.mutate) });
  });

  it('the checks whose answer lost a row or a count are errors saying so, the others still fail: exit 2', () => {
    for (const check of report.checks) {
      const broken = loss.breaks === 'both' || (loss.breaks === 'set') === SET_CHECKS.has(check.name);
      expect([check.name, check.status]).toEqual([check.name, broken ? 'error' : 'fail']);
      if (broken) expect(check.message).toMatch(loss.message);
    }
    expect(report.exit_code).toBe(2);
  });
});

describe('set types the fixture cannot hold', () => {
  const ctx = { asOf: '2026-01-10', referenceTime: new Date('2026-01-10T00:00:00Z'), dialect: duckdb };
  it.each([[''], [' '], [[]], [false], ['0x10']] as const)('metric: a value of %j is not measured, never read as a number', (raw) => {
    const m = metric.measure(spec('metric', { expression: 'max(x)', max: 0 }), { value: raw as never, rows: 3 }, ctx);
    expect(m.value).toBeNull();
  });
  it.each([
    ['volume', volume, spec('volume', { by: 'd', min_ratio: 0.5, lookback: 7 })],
    ['reconcile', reconcile, spec('reconcile', { by: ['d'], to: 'main.u' })],
  ] as const)('%s: no summary row is an error, not zero mismatches', (_name, type, check) => {
    expect(() => type.measure(check, [], ctx)).toThrow(/^incomplete answer: no summary row$/);
  });
});

/** A structural loss: rows dropped or repeated, a column dropped or NULLed, in every answer. */
type Damage = { op: 'dropRow' | 'repeatRow'; row: number } | { op: 'dropColumn' | 'nullColumn'; column: number };

function damage(rows: Row[], d: Damage): Row[] {
  if (rows.length === 0) return rows;
  if ('row' in d) return d.op === 'dropRow' ? rows.filter((_, i) => i !== d.row % rows.length) : [...rows, rows[d.row % rows.length]!];
  const columns = Object.keys(rows[0]!);
  const name = columns[d.column % columns.length]!;
  return rows.map((r) => {
    if (d.op === 'nullColumn') return { ...r, [name]: null };
    const { [name]: _dropped, ...rest } = r;
    return rest;
  });
}

it('whatever rows or columns an answer loses or repeats, no failing check passes: exit 1 or 2', async () => {
  const index = fc.nat({ max: 40 });
  const damages = fc.array(
    fc.oneof(
      fc.record({ op: fc.constantFrom('dropRow' as const, 'repeatRow' as const), row: index }),
      fc.record({ op: fc.constantFrom('dropColumn' as const, 'nullColumn' as const), column: index }),
    ),
    { minLength: 1, maxLength: 3 },
  );
  await fc.assert(
    fc.asyncProperty(damages, async (list) => {
      const report = await runProject(dir, { drillDown: false, engine: lossy((rows) => list.reduce(damage, rows)) });
      for (const check of report.checks) expect([check.name, check.status]).not.toEqual([check.name, 'pass']);
      expect([1, 2]).toContain(report.exit_code);
    }),
    { numRuns: 40 },
  );
}, 120_000);
