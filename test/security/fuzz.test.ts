// Fuzzing the gate with generated check files, fragments, YAML scalars and --var values, in
// process: dq must end in 0, 1, 2 or 3 (a configuration error is 3), never throw anything else,
// and never report a pass that the true answer fails.
import fc from 'fast-check';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';
import type { Engine } from '../../src/engines/engine.js';
import { loadProject } from '../../src/config/load.js';
import { selectChecks } from '../../src/plan/select.js';
import type { RunReport } from '../../src/run/report.js';
import { compileRun, run } from '../../src/run/run.js';
import { buildWarehouse } from '../e2e/fixture.js';

let root: string;
let warehouse: string;
// The runs share one DuckDB engine on the warehouse (read-only and locked down as dq opens it):
// what is fuzzed is what a run compiles, sends and makes of the answers; opening DuckDB again for
// each of the ~70 runs was most of this file's work.
let engine: Engine;
beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'dqgate-fuzz-'));
  warehouse = path.join(root, 'warehouse.duckdb');
  await buildWarehouse(warehouse);
  engine = await createDuckDbEngine({ path: warehouse });
});
afterAll(async () => {
  await engine?.close();
  rmSync(root, { recursive: true, force: true });
});

// Both targets, so every fragment is checked against both dialects and compiled for both.
const config = (x: string) => `version: 1
target: local
targets:
  local: { engine: duckdb, path: ${JSON.stringify(warehouse)} }
  bq: { engine: bigquery, project: fuzz-project }
vars: { x: ${JSON.stringify(x)}, n: 0 }
timezone: UTC
`;

let projects = 0;
function writeProject(files: Record<string, string>): string {
  const dir = path.join(root, `p${++projects}`);
  for (const [file, text] of Object.entries({ 'checks.config.yaml': config('seed'), ...files })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** dq in process: the exit code, and the report when it ran. Only ConfigError may escape as exit 3. */
async function dq(cwd: string, vars: Record<string, string>, mode: 'compile' | 'run'): Promise<{ exit: number; report?: RunReport }> {
  try {
    const project = await loadProject({ cwd, vars });
    const { checks, failOn } = selectChecks(project, {});
    if (mode === 'compile') {
      for (const target of ['local', 'bq']) compileRun({ project, checks, target, asOf: '2026-01-10', vars });
      return { exit: 0 };
    }
    const report = await run({ project, checks, failOn, asOf: '2026-01-10', vars, drillDown: false, engine });
    return { exit: report.exit_code, report };
  } catch (error) {
    if (error instanceof ConfigError) return { exit: 3 };
    throw error;
  }
}

// shop.orders: 92 rows, 18 NULL amounts. Both victim checks fail on the true answer.
const VICTIM = 'table: shop.orders\nchecks:\n  - row_count: { max: 0 }\n  - not_null: amount\n';

const TOKENS = [
  '1', '0', '92', '=', '>', '(', ')', '[', ']', '{', '}', ',', ';', 'AS', 'as', 'FROM', 'shop.orders', '--', '/*', '*/', "'",
  '"', '`', '$$', '$t$', '#', '\n', '\\', "E'", "r'", "'''", 'c1__rows', 'c1__value', 'c1__pass', 'c2__rows', 'c3__rows',
  'c3__pass', 'THEN', 'END', 'CASE', 'WHEN', 'ELSE', 'SELECT', 'UNION ALL', 'WHERE', 'GROUP BY', 'amount', 'status',
  'count(*)', 'IS DISTINCT FROM', '{{ as_of }}', '{{ var.x }}', '{{ var.n }}', '{{', '}}', '1AS', 'é', '\u0000', '\u202e', '\r',
  "unnest({'c2__rows': 0})", '"unnest"', 'COLUMNS(*)', '*',
];
const fragment = fc.oneof(
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 16 }).map((t) => t.join(' ')),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 16 }).map((t) => t.join('')),
  fc.string({ maxLength: 30 }),
);
// Sealed SQL that uses templates, so generated --var values travel into literals and parameters.
const goodExpression = fc.constantFrom(
  'count(*)', 'avg(amount)', "sum(CASE WHEN status = 'lost' THEN 1 ELSE 0 END)", 'max(amount) - min(amount)',
  "count(*) FILTER (WHERE status = {{ var.x }})", "count(CASE WHEN email LIKE '%{{ var.x }}%' THEN 1 END)", 'sum(amount) + {{ var.n }}',
);
const goodCondition = fc.constantFrom(
  'amount > 0', 'status <> {{ var.x }}', "email NOT LIKE '%{{ var.x }}%'", 'amount > {{ var.n }}', "created_at <= '{{ as_of }}'",
  'customer_id IN (SELECT customer_id FROM shop.customers)', 'amount IS DISTINCT FROM NULL',
);
const goodQuery = fc.constantFrom(
  'SELECT id FROM shop.orders WHERE status = {{ var.x }}', "SELECT id FROM shop.orders WHERE created_at > '{{ as_of }}';",
  'WITH a AS (SELECT amount FROM shop.orders) SELECT * FROM a WHERE amount < {{ var.n }}',
);
// Where the attacker's fragment goes: its file sorts first, so its columns come first (c1__...).
const placements: Record<string, (f: string) => string> = {
  metric: (f) => `checks:\n  - metric: { expression: ${JSON.stringify(f)}, min: 0 }\n`,
  conditionWhere: (f) => `checks:\n  - condition: "1 = 1"\n    where: ${JSON.stringify(f)}\n`,
  conditionExpression: (f) => `checks:\n  - condition: ${JSON.stringify(f)}\n`,
  rowCountWhere: (f) => `checks:\n  - row_count: { min: 0 }\n    where: ${JSON.stringify(f)}\n`,
  fileWhere: (f) => `where: ${JSON.stringify(f)}\nchecks:\n  - row_count: { min: 0 }\n`,
  rawYaml: (f) => `checks:\n  - metric: { expression: ${f}, min: 0 }\n`,
};
// Attacks built like the ones that worked: leave the expression where this placement pastes it,
// forge the victim's columns (its file sorts after the attacker's: c2__rows, c3__rows, c3__pass),
// hide the rest.
const LEAVE: Record<string, string> = {
  metric: '1) AS c1__value',
  rawYaml: '1) AS c1__value',
  conditionExpression: '1=1 THEN 1 END) AS c1__pass',
  conditionWhere: '1=1 THEN 1 END) AS c1__rows',
  rowCountWhere: '1=1 THEN 1 END) AS c1__rows',
  fileWhere: '1=1',
};
const forgedFor = (where: string) =>
  fc.oneof(
    // Balanced, but DuckDB's unnest of a struct names its own columns.
    fc.constantFrom('unnest', '"unnest"', 'main.unnest').map((f) => `${f}({'c1__value': 1, 'c1__pass': 92, 'c2__rows': 0, 'c3__rows': 92, 'c3__pass': 92})`),
    fc.tuple(
      fc.constantFrom(', 0 AS c2__rows, 92 AS c3__rows, 92 AS c3__pass', ', 0 AS c2__rows', ', 0 AS "c2__rows", 92 AS c3__rows, 92 AS "c3__pass"', ', 0 c2__rows'),
      fc.constantFrom(' FROM shop.orders --', ' FROM shop.orders #', ' FROM shop.orders /*', ' FROM shop.orders;', ' FROM shop.orders --\n', ''),
    ).map(([columns, rest]) => `${LEAVE[where]}${columns}${rest}`),
  );
const varValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom("0) AS c2__rows, 0 AS c3__rows FROM shop.orders --", "'", "''); --", '1e999', 'NaN', '-5', '2026-01-01', '\r\u001b[2K'),
);
/** --var x (a string var) and n (a number var): mostly values of their type, sometimes anything. */
const cliVars = fc.record(
  {
    x: varValue,
    n: fc.oneof({ arbitrary: fc.integer().map(String), weight: 4 }, { arbitrary: fc.double().map(String), weight: 1 }, { arbitrary: varValue, weight: 1 }),
  },
  { requiredKeys: [] },
);

const attack = fc
  .constantFrom(...Object.keys(placements))
  .chain((where) => fc.tuple(fc.oneof({ arbitrary: forgedFor(where), weight: 2 }, fragment, goodExpression, goodCondition), fc.constant(where)));

describe('fuzz: one check file against another', () => {
  it('never turns the failing victim into a pass, whatever the attacker file writes', async () => {
    await fc.assert(
      fc.asyncProperty(attack, fc.option(varValue, { nil: undefined }), async ([f, where], x) => {
        const cwd = writeProject({ 'checks/a_attacker.yaml': `table: shop.orders\n${placements[where]!(f)}`, 'checks/z_victim.yaml': VICTIM });
        const { exit, report } = await dq(cwd, x === undefined ? {} : { x }, 'run');
        expect([1, 2, 3]).toContain(exit);
        for (const check of report?.checks.filter((c) => c.id.startsWith('z_victim.')) ?? []) expect(check.status).not.toBe('pass');
      }),
      {
        numRuns: 40,
        // The attacks that forged exit 0 before fragments were sealed.
        examples: [
          [['1) AS c1__value, 0 AS c2__rows, 92 AS c3__rows, 92 AS c3__pass FROM shop.orders --', 'metric'], undefined],
          [['1=1 THEN 1 END) AS c1__rows, 92 AS c1__pass, 0 AS c2__rows, 92 AS c3__rows, 92 AS c3__pass FROM shop.orders --', 'conditionWhere'], undefined],
          [["unnest({'c1__value': 1, 'c2__rows': 0, 'c3__rows': 92, 'c3__pass': 92})", 'metric'], undefined],
        ],
      },
    );
  }, 120_000);
});

// Numbers as YAML writes them: NaN, infinities, huge, hex, underscores, and any double.
const yamlNumber = fc.oneof(
  fc.constantFrom('.nan', '.NaN', '.inf', '-.inf', '+.inf', '1e999', '-1e999', '99999999999999999999999', '0x10', '0o17', '1_000', '-0', '1e-400'),
  fc.double().map((n) => (Number.isFinite(n) ? String(n) : n > 0 ? '.inf' : n < 0 ? '-.inf' : '.nan')),
  fc.integer().map(String),
);
const yamlScalar = fc.oneof(
  yamlNumber,
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('~', 'null', 'true', 'no', "''", '"{{ var.x }}"', "'{{ as_of }}'", '[]', '{}', '&a 1', '*a', '!!str 1', '? x', '|', '"#"'),
);
const finite = fc.oneof(fc.integer({ min: -1000, max: 1000 }).map(String), fc.double({ noNaN: true, noDefaultInfinity: true }).map(String));
const wellFormedCheck = fc.oneof(
  fc.tuple(finite, finite).map(([a, b]) => `between: { column: amount, min_value: ${a}, max_value: ${b}, mostly: 0.5 }`),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }).map((v) => `accepted_values: { column: status, values: ${JSON.stringify(['new', 'paid', 'shipped', ...v])} }`),
  fc.nat(200).map((n) => `row_count: { min: ${n} }`),
  fc.tuple(goodExpression, finite).map(([e, n]) => `metric: { expression: ${JSON.stringify(e)}, max: ${n} }`),
  goodCondition.map((c) => `condition: { expression: ${JSON.stringify(c)}, mostly: 50% }`),
  goodQuery.map((q) => `sql: ${JSON.stringify(q)}`),
  goodExpression.map((e) => `reconcile: { by: created_at, actual: ${JSON.stringify(e)}, expected: { table: shop.orders, value: count(*) } }`),
);
const adversarialCheck = fc.oneof(
  yamlNumber.map((n) => `between: { column: amount, min_value: ${n} }`),
  yamlScalar.map((s) => `accepted_values: { column: status, values: [new, ${s}] }`),
  yamlScalar.map((s) => `row_count: { min: ${s} }`),
  yamlScalar.map((s) => `metric: { expression: count(*), max: ${s} }`),
  yamlScalar.map((s) => `not_null: { column: amount, mostly: ${s} }`),
  fragment.map((f) => `sql: ${JSON.stringify(f)}`),
  fragment.map((f) => `condition: { expression: ${JSON.stringify(f)}, mostly: 50% }`),
  fragment.map((f) => `reconcile: { by: created_at, actual: ${JSON.stringify(f)}, expected: { table: shop.orders, value: count(*) } }`),
);
const generatedCheck = fc.oneof({ arbitrary: wellFormedCheck, weight: 5 }, { arbitrary: adversarialCheck, weight: 1 });
const fileWhere = fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: fc.constantFrom('amount > 0', "status <> '{{ var.x }}'"), weight: 2 }, { arbitrary: yamlScalar, weight: 1 });
const checkFile = fc.tuple(fc.array(generatedCheck, { minLength: 1, maxLength: 3 }), fileWhere).map(
  ([checks, where]) => `table: shop.orders\n${where === undefined ? '' : `where: ${where}\n`}checks:\n${checks.map((c) => `  - ${c}\n`).join('')}`,
);

describe('fuzz: generated check files and --var values', () => {
  it('load and compile for both dialects end in a configuration error or a plan, never another exception', async () => {
    await fc.assert(
      fc.asyncProperty(checkFile, fc.oneof(cliVars, fc.dictionary(fc.constantFrom('bad name', 'y', '1'), varValue, { maxKeys: 2 })), async (file, vars) => {
        const { exit } = await dq(writeProject({ 'checks/t.yaml': file }), vars, 'compile');
        expect([0, 3]).toContain(exit);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('a run on DuckDB ends in 0, 1, 2 or 3, with every check reported', async () => {
    await fc.assert(
      fc.asyncProperty(checkFile, cliVars, async (file, vars) => {
        const { exit, report } = await dq(writeProject({ 'checks/t.yaml': file }), vars, 'run');
        expect([0, 1, 2, 3]).toContain(exit);
        if (report) expect(report.checks.every((c) => ['pass', 'warn', 'fail', 'error', 'skipped'].includes(c.status))).toBe(true);
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
