// Issue 12, segments: `group_by` as a mapping of named expressions and time grains, read and
// sealed at load like every other SQL a check file writes.
import { describe, expect, it } from 'vitest';
import { checkTypes } from '../../src/checks/registry.js';
import { lines, load, loadIssues } from './project.js';

const file = (groupBy: string, head = 'partition: game_date\n') =>
  `table: ds.games\n${head}checks:\n  - name: c\n    coverage: { column: usage_rate, min: 45% }\n    group_by: ${groupBy}\n`;

describe('group_by segments', () => {
  it('reads named expressions and grains (the column defaulting to the partition) in the order written', async () => {
    const project = await load(
      { 'checks/t.yaml': file(`{ period: "CASE WHEN game_date >= '2025-01-01' THEN 'new' ELSE 'old' END", month: { grain: month }, wk: { column: played_on, grain: week }, team: team }`) },
      { checkTypes },
    );
    const check = project.checks[0]!;
    expect(check.groupBy).toEqual(['period', 'month', 'wk', 'team']);
    expect(check.segments).toEqual({
      period: { expression: "CASE WHEN game_date >= '2025-01-01' THEN 'new' ELSE 'old' END" },
      month: { column: 'game_date', grain: 'month' },
      wk: { column: 'played_on', grain: 'week' },
      team: { expression: 'team' },
    });
  });

  it('seals an expression: a second column, a comment or a statement is exit 3 at its place', async () => {
    expect(lines(await loadIssues({ 'checks/t.yaml': file('{ period: "x, y" }') }, { checkTypes }))).toEqual([
      expect.stringMatching(/^checks\/t\.yaml:6:27: group_by\.period: "," outside parentheses would start another column/),
    ]);
    expect(lines(await loadIssues({ 'checks/t.yaml': file('{ period: "x -- hidden" }') }, { checkTypes }))[0]).toMatch(/group_by\.period: .*comment/);
    expect(lines(await loadIssues({ 'checks/t.yaml': file('{ period: "1) FROM t; DROP TABLE t; SELECT (1" }') }, { checkTypes })).length).toBeGreaterThan(0);
  });

  it('refuses a grain without a column or partition, an unknown grain, and a segment named like the partition', async () => {
    expect(lines(await loadIssues({ 'checks/t.yaml': file('{ month: { grain: month } }', '') }, { checkTypes }))).toEqual([
      expect.stringMatching(/group_by\.month: name the date column \(column: \.\.\.\), or declare partition:/),
    ]);
    expect((await loadIssues({ 'checks/t.yaml': file('{ month: { grain: fortnight } }') }, { checkTypes })).length).toBeGreaterThan(0);
    expect(lines(await loadIssues({ 'checks/t.yaml': file('{ game_date: { grain: month } }') }, { checkTypes }))).toEqual([
      expect.stringMatching(/group_by\.game_date: game_date is the partition column; give the segment a name of its own \(e\.g\. game_date_month\)/),
    ]);
  });
});
