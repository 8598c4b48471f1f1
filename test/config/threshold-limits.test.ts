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
