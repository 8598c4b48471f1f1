// Thresholds that load but cannot work: an argument outside its type's own range, a minimum
// above its maximum, a warn threshold looser than the fail threshold. Each is a located
// configuration error (exit 3), not a crash at compile time or a check that can never pass.
import { describe, expect, test } from 'vitest';
import { checkTypes } from '../../src/checks/registry.js';
import { lines, load, loadIssues } from './project.js';

const HEAD = 'table: nba_analytics.team_offense_game_summary\nchecks:\n';

/** Issues of one check file of real check types. */
async function issuesOf(checks: string): Promise<string[]> {
  return lines(await loadIssues({ 'checks/t.yaml': `${HEAD}${checks}` }, { checkTypes }));
}

const loads = (checks: string) => load({ 'checks/t.yaml': `${HEAD}${checks}` }, { checkTypes });

describe("a type's own argument range", () => {
  test('volume.lookback: 0 is out of range, located at the value', async () => {
    expect(await issuesOf('  - volume: { by: game_date, lookback: 0 }\n')).toEqual([
      'checks/t.yaml:3:40: volume.lookback: 0 is out of range; must be >= 1',
    ]);
    await expect(loads('  - volume: { by: game_date, lookback: 1 }\n')).resolves.toBeDefined();
  });
});

describe('a range no value can be inside', () => {
  test('min above max, for every type with a range, located at the low end', async () => {
    expect(
      await issuesOf(`  - between: { column: points, min_value: 200, max_value: 50 }
  - coverage: { column: points, min: 90%, max: 0.45 }
  - rows_per_group: { by: game_id, min: 3, max: 2 }
  - row_count: { min: 1000, max: 10 }
  - metric: { expression: avg(points), min: 20, max: 5 }
  - between: { column: game_date, min_value: '2026-01-02', max_value: '2026-01-01' }
`),
    ).toEqual([
      'checks/t.yaml:3:43: between.min_value: min_value 200 is above max_value 50: no value can pass',
      'checks/t.yaml:4:38: coverage.min: min 90% is above max 45%: no value can pass',
      'checks/t.yaml:5:41: rows_per_group.min: min 3 is above max 2: no value can pass',
      'checks/t.yaml:6:23: row_count.min: min 1000 is above max 10: no value can pass',
      'checks/t.yaml:7:45: metric.min: min 20 is above max 5: no value can pass',
      'checks/t.yaml:8:46: between.min_value: min_value 2026-01-02 is above max_value 2026-01-01: no value can pass',
    ]);
  });

  test('equal ends with a strict bound, and equals outside min/max', async () => {
    expect(
      await issuesOf(`  - between: { column: points, min_value: 50, max_value: 50, strict_max: true }
  - row_count: { min: 10, equals: 5 }
  - rows_per_group: { by: game_id, max: 2, equals: 3 }
`),
    ).toEqual([
      'checks/t.yaml:3:43: between.min_value: min_value 50 equals max_value 50 and strict_max excludes it: no value can pass',
      'checks/t.yaml:4:35: row_count.equals: equals 5 is below min 10: no value can pass',
      'checks/t.yaml:5:52: rows_per_group.equals: equals 3 is above max 2: no value can pass',
    ]);
  });

  test('ranges that can pass load: equal ends, text limits, one end only', async () => {
    await expect(
      loads(`  - between: { column: points, min_value: 50, max_value: 50 }
  - between: { column: team_abbr, min_value: b, max_value: A }
  - coverage: { column: points, min: 45%, max: 45% }
  - row_count: { min: 5, max: 10, equals: 7 }
  - metric: { expression: avg(points), min: 5 }
`),
    ).resolves.toBeDefined();
  });
});

describe('a warn threshold looser than the fail threshold', () => {
  test('coverage min 45%, warn min 40%: located at the warn key', async () => {
    expect(await issuesOf('  - coverage: { column: usage_rate, min: 45% }\n    warn: { min: 40% }\n')).toEqual([
      'checks/t.yaml:4:18: warn.min: 40% is looser than min 45%: a warn threshold must be stricter than the fail threshold (a value between them fails; it never warns)',
    ]);
  });

  test('mostly, max, durations and a defaulted fail threshold', async () => {
    expect(
      await issuesOf(`  - not_null: { column: points, mostly: 99% }
    warn: { mostly: 0.9 }
  - metric: { expression: avg(points), max: 20 }
    warn: { max: 25 }
  - freshness: { column: game_date, max_age: 2 days }
    warn: { max_age: 3 days }
  - row_count:
    warn: { min: 0 }
`),
    ).toEqual([
      'checks/t.yaml:4:21: warn.mostly: 90% is looser than mostly 99%: a warn threshold must be stricter than the fail threshold (a value between them fails; it never warns)',
      'checks/t.yaml:6:18: warn.max: 25 is looser than max 20: a warn threshold must be stricter than the fail threshold (a value between them fails; it never warns)',
      'checks/t.yaml:8:22: warn.max_age: 3 days is looser than max_age 2 days: a warn threshold must be stricter than the fail threshold (a value between them fails; it never warns)',
      'checks/t.yaml:10:18: warn.min: 0 is looser than the fail threshold (min 1): a warn threshold must be stricter than the fail threshold (a value between them fails; it never warns)',
    ]);
  });

  test('a warn range left empty by the fail range', async () => {
    expect(await issuesOf('  - coverage: { column: usage_rate, min: 45%, max: 90% }\n    warn: { min: 95% }\n')).toEqual([
      'checks/t.yaml:4:5: warn: the warn range (min 95%, max 90%) is empty: every value that passes would warn',
    ]);
  });

  test('stricter or equal warn thresholds load', async () => {
    await expect(
      loads(`  - coverage: { column: usage_rate, min: 45% }
    warn: { min: 47% }
  - coverage: { column: usage_rate, min: 45%, max: 90% }
    warn: { min: 45%, max: 80% }
  - freshness: { column: game_date, max_age: 2 days }
    warn: { max_age: 6 hours }
  - metric: { expression: avg(points), min: 5 }
    warn: { max: 25 }
`),
    ).resolves.toBeDefined();
  });
});
