// Strict thresholds (min_exclusive / max_exclusive) and between's inclusive: false load as
// located configuration errors when no value could pass, or when an end is written both ways.
import { describe, expect, test } from 'vitest';
import { checkTypes } from '../../src/checks/registry.js';
import { lines, load, loadIssues } from './project.js';

const HEAD = 'table: nba_analytics.team_offense_game_summary\nchecks:\n';

async function issuesOf(checks: string): Promise<string[]> {
  return lines(await loadIssues({ 'checks/t.yaml': `${HEAD}${checks}` }, { checkTypes }));
}

describe('exclusive thresholds', () => {
  test('equal ends one of them excludes, and a low end above a high one, are refused', async () => {
    expect(
      await issuesOf(`  - coverage: { column: points, min_exclusive: 45%, max: 45% }
  - row_count: { min: 10, max_exclusive: 10 }
  - distinct_count: { column: team_abbr, min_exclusive: 5, max_exclusive: 3 }
  - between: { column: points, min_value: 50, max_value: 50, inclusive: false }
`),
    ).toEqual([
      'checks/t.yaml:3:48: coverage.min_exclusive: min_exclusive 45% equals max 45% and min_exclusive excludes it: no value can pass',
      'checks/t.yaml:4:23: row_count.min: min 10 equals max_exclusive 10 and max_exclusive excludes it: no value can pass',
      'checks/t.yaml:5:57: distinct_count.min_exclusive: min_exclusive 5 is above max_exclusive 3: no value can pass',
      'checks/t.yaml:6:43: between.min_value: min_value 50 equals max_value 50 and inclusive: false excludes it: no value can pass',
    ]);
  });

  test('an end written both ways is refused at the exclusive one', async () => {
    const issues = await issuesOf('  - metric: { expression: avg(points), min: 5, min_exclusive: 4 }\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toBe('checks/t.yaml:3:63: metric.min_exclusive: is not allowed here');
  });

  test('exclusive thresholds convert like the inclusive ones and load', async () => {
    const project = await load(
      { 'checks/t.yaml': `${HEAD}  - coverage: { column: points, min_exclusive: 0 }\n  - row_count: { max_exclusive: 5 }\n    warn: { max_exclusive: 3 }\n` },
      { checkTypes },
    );
    expect(project.checks.map((c) => c.args)).toEqual([
      { column: 'points', min_exclusive: 0 },
      { max_exclusive: 5 },
    ]);
  });
});
