// Arguments that exclude each other (a schema's `not`) are refused at the check with the reason
// the type gives, not ajv's "must NOT be valid".
import { describe, expect, test } from 'vitest';
import { checkTypes } from '../../src/checks/registry.js';
import { lines, load, loadIssues } from './project.js';

const TABLE = 'table: nba_analytics.player_game_summary\nchecks:\n';

describe('exclusive arguments', () => {
  test('row_count: compare with min', async () => {
    expect(lines(await loadIssues({ 'checks/pgs.yaml': `${TABLE}  - row_count: { compare: { table: a.b }, min: 3 }\n` }, { checkTypes }))).toEqual([
      'checks/pgs.yaml:3:16: row_count: compare replaces min, max, equals, min_exclusive and max_exclusive: give one or the other',
    ]);
  });

  test('equality: compare with exclude', async () => {
    expect(lines(await loadIssues({ 'checks/pgs.yaml': `${TABLE}  - equality: { to: a.b, compare: [x], exclude: [y] }\n` }, { checkTypes }))).toEqual([
      'checks/pgs.yaml:3:15: equality: give compare (the columns compared) or exclude (the columns left out), not both',
    ]);
  });

  test('the new shapes load', async () => {
    const body =
      `${TABLE}  - row_count: { compare: { table: a.b, op: '<', factor: 2 } }\n  - equality: a.b\n` +
      `  - sequential: { column: d, datepart: month }\n  - ranges: { lower: lo, upper: hi, gaps: not_allowed }\n`;
    const project = await load({ 'checks/pgs.yaml': body }, { checkTypes });
    expect(project.checks.map((c) => c.type)).toEqual(['row_count', 'equality', 'sequential', 'ranges']);
    expect(project.checks[1]!.args).toEqual({ to: 'a.b', max: 0 });
  });
});
