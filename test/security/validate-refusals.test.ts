// `dq validate` refuses everything `dq run` would refuse before sending a query, with exit 3 and
// file:line:col: non-finite numbers, impossible dates, an empty --out, oversized files.
import { InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDate, parseOutDir } from '../../src/cli/options.js';
import { dq } from '../e2e/cli.js';
import { makeProject } from '../e2e/fixture.js';

const ORDERS = (checks: string) => `table: shop.orders\nchecks:\n${checks}`;

describe('non-finite numbers in check files', () => {
  it('are refused by validate and run alike, each at its file:line:col (run used to exit 2 with no location)', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': ORDERS(
        [
          '  - between: { column: amount, min_value: .nan }',
          '  - between: { column: amount, min_value: 0, max_value: .inf }',
          '  - accepted_values: { column: status, values: [new, .nan] }',
          '  - metric: { expression: avg(amount), min: -.inf }',
          '  - row_count: { max: 1e999 }',
          '',
        ].join('\n'),
      ),
    });
    const expected = [
      'checks/orders.yaml:3:43: .nan is not a finite number',
      'checks/orders.yaml:4:57: .inf is not a finite number',
      'checks/orders.yaml:5:54: .nan is not a finite number',
      'checks/orders.yaml:6:45: -.inf is not a finite number',
      'checks/orders.yaml:7:23: 1e999 is not a finite number',
    ];
    for (const command of ['validate', 'run']) {
      const result = await dq(cwd, [command]);
      expect(result.code).toBe(3);
      for (const line of expected) expect(result.stderr).toContain(line);
    }
    expect(existsSync(path.join(cwd, 'reports'))).toBe(false);
  });
});

describe('command-line values run would fail on', () => {
  it.each(['2025-13-01', '2025-12-32', '2025-00-10', '2025-02-29', '2025-1-01', ''])('parseDate refuses %j as a usage error', (value) => {
    expect(() => parseDate(value)).toThrow(InvalidArgumentError);
  });

  it.each(['2025-12-31', '2024-02-29', '2000-01-01'])('parseDate keeps %s', (value) => {
    expect(parseDate(value)).toBe(value);
  });

  it.each(['', '  '])('parseOutDir refuses %j', (value) => {
    expect(() => parseOutDir(value)).toThrow(InvalidArgumentError);
  });

  it('exits 3 for impossible dates and an empty --out, before any query (these exited 2, or ran every query)', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': ORDERS('  - row_count: 1\n') });
    const cases: [string[], RegExp][] = [
      [['run', '--as-of', '2025-13-01'], /--as-of.*expected a date YYYY-MM-DD that exists in the calendar, got "2025-13-01"/],
      [['run', '--from', '2025-12-32'], /--from.*got "2025-12-32"/],
      [['compile', '--to', '2025-00-10'], /--to.*got "2025-00-10"/],
      [['run', '--out', ''], /--out.*expected a folder path, got an empty one/],
    ];
    for (const [args, message] of cases) {
      const result = await dq(cwd, args);
      expect({ args, code: result.code }).toEqual({ args, code: 3 });
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync(path.join(cwd, 'reports'))).toBe(false);
  });
});
