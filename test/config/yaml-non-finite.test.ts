// A number that is not finite (.nan, .inf, 1e999) is refused where it is written. The loader
// walks the YAML nodes for them only when the parsed values say there may be one: every place
// one can hide must still be found.
import { describe, expect, it } from 'vitest';
import { IssueList } from '../../src/config/issues.js';
import { YamlSource } from '../../src/config/yaml-source.js';

const refusals = (text: string) => {
  const issues = new IssueList();
  YamlSource.parse('checks/t.yaml', text, issues);
  return issues.sorted().map((i) => `${i.line}:${i.column} ${i.message}`);
};
const NOT_FINITE = 'is not a finite number; dq compares and writes only finite numbers';

describe('non-finite numbers in a check file', () => {
  it('are found as values, in lists and in flow mappings', () => {
    expect(refusals('a: .nan\nb: [1, -.inf]\nc: { d: 1e999 }\n')).toEqual([`1:4 .nan ${NOT_FINITE}`, `2:8 -.inf ${NOT_FINITE}`, `3:9 1e999 ${NOT_FINITE}`]);
  });

  it('are found as mapping keys, plain or inside a complex key (the parsed values hold them as strings)', () => {
    expect(refusals('.inf: 1\n')).toEqual([`1:1 .inf ${NOT_FINITE}`]);
    expect(refusals('? [.nan]\n: 1\n')).toEqual([`1:4 .nan ${NOT_FINITE}`]);
  });

  it('are found behind an alias, and a self-referencing alias does not loop', () => {
    expect(refusals('a: &x { v: .nan }\nb: *x\n')).toEqual([`1:12 .nan ${NOT_FINITE}`]);
    expect(refusals('a: &x [1, *x]\n')).toEqual([]);
  });

  it('a file with none has no such issue', () => {
    expect(refusals('table: s.t\nchecks:\n  - row_count: { min: 1 }\n  - info: 1.5e3\n')).toEqual([]);
  });
});
