// What generic code reads from a check type's own declarations (ranges, nameArgs, detailUnits)
// instead of knowing types by name.
import { describe, expect, it } from 'vitest';
import type { AggregateCheckType } from '../../src/checks/types.js';
import { baseCheckName } from '../../src/config/check-names.js';
import { thresholdProblems } from '../../src/config/threshold-consistency.js';
import { formatDetail } from '../../src/run/format.js';

const fake: AggregateCheckType = {
  type: 'spread',
  kind: 'aggregate',
  summary: 'fake',
  argsSchema: { type: 'object' },
  defaults: {},
  argKinds: {},
  warnKeys: [],
  bounds: () => ({}),
  example: 'spread: {}',
  aggregates: () => ({}),
  measure: () => ({ metric: { name: 'x', value: null, unit: 'number' }, value: null, rowsEvaluated: null }),
};

describe('ranges a type declares', () => {
  const ranged: AggregateCheckType = {
    ...fake,
    ranges: [{ low: 'lowest', high: 'highest', excludes: (args) => (args.open ? { low: true, high: true, why: 'open' } : undefined) }],
  };

  it('refuses a declared range whose low end is above its high end', () => {
    expect(thresholdProblems(ranged, { lowest: 5, highest: 2 }, undefined, {}).map((p) => p.key)).toEqual(['lowest']);
    expect(thresholdProblems(ranged, { lowest: 2, highest: 5 }, undefined, {})).toEqual([]);
  });

  it('refuses equal ends that the type says are excluded, and names why', () => {
    expect(thresholdProblems(ranged, { lowest: 3, highest: 3 }, undefined, {})).toEqual([]);
    expect(thresholdProblems(ranged, { lowest: 3, highest: 3, open: true }, undefined, {})[0]?.message).toMatch(/open excludes it/);
  });

  it('reads only the declared ranges: min/max is not a range of a type that declares others', () => {
    expect(thresholdProblems(ranged, { min: 5, max: 2 }, undefined, {})).toEqual([]);
    expect(thresholdProblems(fake, { min: 5, max: 2 }, undefined, {}).map((p) => p.key)).toEqual(['min']);
  });
});

describe('default names from the arguments a type names checks by', () => {
  it('joins the declared arguments in order, names or lists of names', () => {
    expect(baseCheckName('row_count', { compare: { table: 'x' }, to: 'raw.games', by: ['a', 'b'] }, ['to', 'by'])).toBe('row_count_raw_games_a_b');
  });

  it('ignores column/columns when the type declares other name arguments', () => {
    expect(baseCheckName('spread', { column: 'points', other: 'rebounds' }, ['other'])).toBe('spread_rebounds');
  });
});

describe('detail figures in the unit the type declares', () => {
  it('formats a declared share as a percentage, whatever its name', () => {
    expect(formatDetail('hit_rate', 0.25, { name: 'rows', unit: 'count', detail_units: { hit_rate: 'share' } })).toBe('25%');
  });

  it('does not guess from a name when the type declared its units', () => {
    expect(formatDetail('coverage', 0.25, { name: 'rows', unit: 'count', detail_units: { hit_rate: 'share' } })).toBe('0.25');
  });
});
