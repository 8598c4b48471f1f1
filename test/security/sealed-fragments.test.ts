// One check file must not be able to forge another file's results. Checks on one table share a
// query, so a fragment that leaves its own expression (closing a parenthesis, adding columns
// named like another check's, commenting out the rest) would rewrite the victim's answer.
import { describe, expect, it } from 'vitest';
import { dq } from '../e2e/cli.js';
import { makeProject } from '../e2e/fixture.js';

// shop.orders has 92 rows and 18 NULL amounts: both victim checks fail on the true answer. The
// attacker's file sorts first, so its columns come first in the shared query and its `--`
// swallows the victim's real columns (before the fix, each attack below ended in exit 0).
const VICTIM = `table: shop.orders
checks:
  - row_count: { max: 0 }
  - not_null: amount
`;

const attacker = (check: string) => `table: shop.orders\nchecks:\n  - ${check}\n`;

describe("a check file cannot forge another file's results", () => {
  it('fails the victim on the true answer (the baseline the attacks try to turn)', async () => {
    const cwd = await makeProject({ 'checks/z_victim.yaml': VICTIM, 'checks/a_other.yaml': attacker('metric: { expression: count(*), min: 0 }') });
    const result = await dq(cwd, ['run', '--format', 'console', '--no-drill-down']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL  z_victim.row_count');
    expect(result.stdout).toContain('FAIL  z_victim.not_null_amount');
  });

  const attacks: [string, string, string][] = [
    [
      'a metric expression that closes its parenthesis, adds forged columns and comments out the rest',
      'metric: { expression: "1) AS c1__value, 0 AS c2__rows, 92 AS c3__rows, 92 AS c3__pass FROM shop.orders --", min: 0 }',
      'a_attacker.yaml:3:29',
    ],
    [
      'a check-level where that leaves its CASE WHEN',
      'condition: "1 = 1"\n    where: "1=1 THEN 1 END) AS c1__rows, 92 AS c1__pass, 0 AS c2__rows, 92 AS c3__rows, 92 AS c3__pass FROM shop.orders --"',
      'a_attacker.yaml:4:17',
    ],
    [
      "a sealed-looking metric expression using DuckDB's unnest of a struct, which names its own columns",
      `metric: { expression: "unnest({'c1__value': 1, 'c2__rows': 0, 'c3__rows': 92, 'c3__pass': 92})", min: 0 }`,
      'a_attacker.yaml:3:28',
    ],
  ];
  for (const [name, check, at] of attacks) {
    it(`refuses ${name}: exit 3 at load, nothing run`, async () => {
      const cwd = await makeProject({ 'checks/z_victim.yaml': VICTIM, 'checks/a_attacker.yaml': attacker(check) });
      const result = await dq(cwd, ['run', '--format', 'console', '--no-drill-down']);
      expect(result.stdout).not.toContain('PASS  z_victim');
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`checks/${at}`);
      expect(result.stdout).not.toContain('z_victim.row_count');
    });
  }
});
