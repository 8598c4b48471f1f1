// Every place a check file writes SQL is checked for its seal when the project loads, and the
// problem points into the YAML value. Positions are counted by hand from the text below.
import { describe, expect, test } from 'vitest';
import { checkTypes } from '../../src/checks/registry.js';
import { BASIC_CONFIG, lines, load, loadIssues } from './project.js';

const LEAK = '1) AS c2__rows';
const file = `table: shop.orders
partition: d
where: "${LEAK}"
expected_partitions: { table: shop.days, column: d, where: "${LEAK}" }
checks:
  - row_count: 1
    where: "${LEAK}"
  - condition: "${LEAK}"
  - metric: { expression: "${LEAK}", min: 0 }
  - reconcile: { by: d, actual: "${LEAK}", expected: { table: t, value: "${LEAK}", where: "${LEAK}" } }
  - sql: "DELETE FROM t"
  - row_count: 1
    expected_partitions: { table: shop.days, column: d, where: "${LEAK}" }
    group_by: d
`;
const closes = '")" closes a "(" this expression never opened';

describe('sealed SQL, everywhere a check file writes it', () => {
  test('file and check where, expected_partitions.where, condition, metric, reconcile and sql: each located in its value', async () => {
    expect(lines(await loadIssues({ 'checks/t.yaml': file }, { checkTypes }))).toEqual([
      `checks/t.yaml:3:10: where: ${closes}`,
      `checks/t.yaml:4:62: expected_partitions.where: ${closes}`,
      `checks/t.yaml:7:14: where: ${closes}`,
      `checks/t.yaml:8:18: condition.expression: ${closes}`,
      `checks/t.yaml:9:29: metric.expression: ${closes}`,
      `checks/t.yaml:10:35: reconcile.actual: ${closes}`,
      `checks/t.yaml:10:82: reconcile.expected.value: ${closes}`,
      `checks/t.yaml:10:107: reconcile.expected.where: ${closes}`,
      'checks/t.yaml:11:11: sql.query: a sql check is one query starting with SELECT or WITH, not "DELETE"',
      `checks/t.yaml:13:66: expected_partitions.where: ${closes}`,
    ]);
  });

  test("a template is one value: it may stand where a value goes, and its text is never read as SQL", async () => {
    const checks = `table: a.b\nchecks:\n  - metric: { expression: "max(x) + {{ var.season_start }}", min: 0 }\n  - condition: "x = '{{ as_of }}'"\n`;
    expect((await load({ 'checks/t.yaml': checks }, { checkTypes })).checks).toHaveLength(2);
  });

  test('a project without known targets is checked with the rules of both dialects', async () => {
    // `#` starts a comment on BigQuery only; with a DuckDB-only config it is DuckDB's (harmless) operator.
    const checks = 'table: a.b\nchecks:\n  - condition: "x # 1 = 0"\n';
    expect((await load({ 'checks/t.yaml': checks }, { checkTypes })).checks).toHaveLength(1);
    const noTargets = BASIC_CONFIG.replace(/targets:[\s\S]*?vars:/, 'targets: 3\nvars:');
    expect(lines(await loadIssues({ 'checks.config.yaml': noTargets, 'checks/t.yaml': checks }, { checkTypes }))).toEqual([
      'checks.config.yaml:3:10: targets: expected a mapping, got 3',
      'checks/t.yaml:3:19: condition.expression: on BigQuery, a # comment is never closed (it would swallow the SQL dq adds after it)',
    ]);
  });
});
