// reconcile with keys named differently on the expected side (expected.by; dbt-utils
// cardinality_equality with different column names): mismatches recomputed in plain TypeScript,
// and the expected side limited to the run's partitions through its own name for the partition column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedPartitionColumn } from '../../src/checks/reconcile.js';
import { spec } from '../support/checks.js';
import { buildWarehouse, type Warehouse } from '../support/nba.js';

const HERE = 'nba_analytics.km_here';
const THERE = 'nba_raw.km_there';

const HERE_ROWS: [string, string][] = [
  ['p1', '2026-01-01'], ['p1', '2026-01-01'], ['p1', '2026-01-02'],
  ['p2', '2026-01-01'], ['p2', '2026-01-02'],
  ['p3', '2026-01-02'],
];
const THERE_ROWS: [string, string][] = [
  ['p1', '2026-01-01'], ['p1', '2026-01-01'], ['p1', '2026-01-02'],
  ['p2', '2026-01-02'],
  ['p4', '2026-01-01'], ['p4', '2026-01-02'],
  // Outside the range below: only a limited expected side leaves these out.
  ['p1', '2025-12-01'], ['p5', '2025-12-01'],
];

const values = (rows: [string, string][]) => rows.map(([p, d]) => `('${p}', DATE '${d}')`).join(', ');

/** Keys whose row counts differ between the two sides (a key on one side only included). */
function mismatchedKeys(here: string[], there: string[]): string[] {
  const count = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  const a = count(here);
  const b = count(there);
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

let wh: Warehouse;
beforeAll(async () => {
  wh = await buildWarehouse([
    `CREATE TABLE ${HERE} (player VARCHAR, d DATE)`,
    `INSERT INTO ${HERE} VALUES ${values(HERE_ROWS)}`,
    `CREATE TABLE ${THERE} (player_lookup VARCHAR, day DATE)`,
    `INSERT INTO ${THERE} VALUES ${values(THERE_ROWS)}`,
  ]);
});
afterAll(async () => {
  await wh?.close();
});

describe('reconcile: expected.by', () => {
  it('compares row counts per key under its name on each side', async () => {
    const check = spec(
      'reconcile',
      { by: 'player', actual: 'count(*)', expected: { table: THERE, by: 'player_lookup', value: 'count(*)' }, tolerance: 0 },
      { table: HERE, name: 'cardinality' },
    );
    const m = (await wh.run([check])).measurements.get(check.id)!;
    const expected = mismatchedKeys(HERE_ROWS.map(([p]) => p), THERE_ROWS.map(([p]) => p));
    expect(expected.length).toBeGreaterThan(1);
    expect(m.value).toBe(expected.length);
    expect(m.failingGroups!.map((g) => String(g.key.player)).sort()).toEqual(expected);
  });

  it('limits the expected side by its own partition column', async () => {
    const check = spec(
      'reconcile',
      { by: ['d', 'player'], actual: 'count(*)', expected: { table: THERE, by: ['day', 'player_lookup'], value: 'count(*)' }, tolerance: 0 },
      { table: HERE, name: 'per_day', partition: 'd' },
    );
    expect(expectedPartitionColumn(check)).toBe('day');
    const m = (await wh.run([check], { range: { from: '2026-01-01', to: '2026-01-02' } })).measurements.get(check.id)!;
    const inRange = (rows: [string, string][]) => rows.filter(([, d]) => d >= '2026-01-01' && d <= '2026-01-02').map(([p, d]) => `${d}|${p}`);
    const expected = mismatchedKeys(inRange(HERE_ROWS), inRange(THERE_ROWS));
    expect(m.value).toBe(expected.length);
    expect(m.failingGroups!.map((g) => `${String(g.key.d)}|${String(g.key.player)}`).sort()).toEqual(expected);
  });

  it('refuses key lists of different lengths', async () => {
    const check = spec(
      'reconcile',
      { by: ['d', 'player'], actual: 'count(*)', expected: { table: THERE, by: 'player_lookup', value: 'count(*)' }, tolerance: 0 },
      { table: HERE, name: 'bad' },
    );
    await expect(wh.run([check])).rejects.toThrow(/by names 2 column\(s\) and expected.by 1/);
  });
});
