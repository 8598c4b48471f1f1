// Expected partitions ({ calendar: daily } and a table) against the range and window: the set
// of dates that must exist is exactly the dates the check looks at. A date it invents is a
// false "missing" partition in the list a backfill re-runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../src/config/types.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import { compile, type CompileOptions } from '../../src/plan/compile.js';
import { asFailingGroup, measureGroups } from '../../src/run/groups.js';
import { spec } from '../support/checks.js';
import { MISSING_DATE, TEAM_TABLE, buildWarehouse, vars, type Warehouse } from '../support/nba.js';

let wh: Warehouse;
beforeAll(async () => {
  wh = await buildWarehouse();
});
afterAll(async () => {
  await wh?.close();
});

/** Rows per date, one group per date of the team table; calendar-daily expected partitions. */
function rowsPerDate(name: string, extra: Partial<CheckSpec> = {}): CheckSpec {
  return spec('row_count', { min: 1 }, { table: TEAM_TABLE, name, partition: 'game_date', groupBy: ['game_date'], expectedPartitions: { calendar: 'daily' }, ...extra });
}

/** The check's groups: date → rows (0 for an expected date without rows). */
async function groups(check: CheckSpec, options: Partial<CompileOptions> & { asOf: string }): Promise<Record<string, number>> {
  const plan = compile([check], { dialect: duckdb, vars, ...options });
  expect(plan.queries).toHaveLength(1);
  const [query] = plan.queries;
  const rows = await wh.query(query.sql);
  const measured = measureGroups(check, { query, rows, durationMs: 0, stats: {} }, query.checks[0].key, {
    asOf: options.asOf,
    referenceTime: new Date(`${options.asOf}T12:00:00Z`),
    dialect: duckdb,
  });
  return Object.fromEntries(
    measured.map((g) => [String(g.key.game_date), asFailingGroup(g).reason === 'missing' ? 0 : (g.measurement?.value ?? 0)]),
  );
}

describe('calendar expected partitions', () => {
  it('start at the later of --from and the window, not at --from', async () => {
    const check = rowsPerDate('window3', { window: { days: 3 } });
    const found = await groups(check, { asOf: '2026-01-03', range: { from: '2025-12-01' } });
    expect(Object.keys(found).sort()).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(Object.values(found).every((n) => n > 0)).toBe(true);
    // --from inside the window: --from.
    const later = await groups(check, { asOf: '2026-01-03', range: { from: '2026-01-02' } });
    expect(Object.keys(later).sort()).toEqual(['2026-01-02', '2026-01-03']);
  });

  it("without --from or a window, start at the first partition of the file's where", async () => {
    const check = rowsPerDate('from_where', { fileWhere: "game_date >= DATE '2025-12-15'" });
    const found = await groups(check, { asOf: '2026-01-03' });
    const dates = Object.keys(found).sort();
    expect(dates[0]).toBe('2025-12-15');
    expect(dates.at(-1)).toBe('2026-01-03');
    expect(Object.entries(found).filter(([, n]) => n === 0).map(([d]) => d)).toEqual([MISSING_DATE]);
  });

  it('end at the earlier of --to and --as-of', async () => {
    const check = rowsPerDate('ends');
    const toAfter = await groups(check, { asOf: '2026-01-03', range: { from: '2025-12-28', to: '2026-01-10' } });
    expect(Object.keys(toAfter).sort().at(-1)).toBe('2026-01-03');
    const toBefore = await groups(check, { asOf: '2026-01-03', range: { from: '2025-12-28', to: '2025-12-30' } });
    expect(Object.keys(toBefore).sort()).toEqual(['2025-12-28', '2025-12-29', '2025-12-30']);
  });
});
