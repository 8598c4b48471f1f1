import { describe, expect, test } from 'vitest';
import { assignCheckNames, baseCheckName } from '../../src/config/check-names.js';

describe('default check names', () => {
  test('<type>_<column>, <type>_<columns...>, or just the type', () => {
    expect(baseCheckName('coverage', { column: 'usage_rate', min: 0.45 })).toBe('coverage_usage_rate');
    expect(baseCheckName('unique', { columns: ['game_id', 'player_lookup'] })).toBe('unique_game_id_player_lookup');
    expect(baseCheckName('row_count', { min: 1 })).toBe('row_count');
    expect(baseCheckName('sql', { query: 'select 1' })).toBe('sql');
    expect(baseCheckName('unique', { columns: [] })).toBe('unique');
  });

  test('characters other than letters, digits and _ become _', () => {
    expect(baseCheckName('coverage', { column: 'stats.points' })).toBe('coverage_stats_points');
    expect(baseCheckName('coverage', { column: '`odd name`' })).toBe('coverage_odd_name');
  });

  test('repeats get _2, _3 in file order, avoiding explicit names', () => {
    expect(
      assignCheckNames([
        { base: 'row_count' },
        { explicit: 'row_count_2', base: 'row_count' },
        { base: 'row_count' },
        { base: 'coverage_a' },
        { base: 'row_count' },
      ]),
    ).toEqual(['row_count', 'row_count_2', 'row_count_3', 'coverage_a', 'row_count_4']);
  });
});
