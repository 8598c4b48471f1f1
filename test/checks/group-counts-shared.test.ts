// unique and rows_per_group on one key and filter share one grouping of the table (group-counts.ts):
// fewer scans, the same answers. The answers are recomputed here in plain TypeScript on seeded
// random tables (duplicates, NULL key parts, empty tables), for check-level and file-level
// `where`, and `window: { last: N }`.
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../src/config/types.js';
import { bigquery } from '../../src/dialects/bigquery.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';
import type { Engine } from '../../src/engines/engine.js';
import { compile } from '../../src/plan/compile.js';
import { checkReport } from '../../src/run/check-report.js';
import type { CheckReport } from '../../src/run/report.js';
import { serverEngines } from '../bigquery/support.js';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';
import { startBigQueryServer, type BigQueryTestServer } from '../support/bigquery-server/index.js';
import { spec } from '../support/checks.js';

const AS_OF = '2026-01-04';
const DAYS = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05'];

interface Row {
  a: number | null;
  b: string | null;
  d: string;
  s: number;
}

/** What a check reads, in TypeScript: its key, its bounds on rows per group, its filters. */
interface Case {
  name: string;
  type: 'unique' | 'rows_per_group';
  key: ('a' | 'b')[];
  bounds?: { min?: number; max?: number; equals?: number };
  where?: { sql: string; keep: (r: Row) => boolean };
  fileWhere?: { sql: string; keep: (r: Row) => boolean };
  window?: number;
}

const sIs1 = { sql: 's = 1', keep: (r: Row) => r.s === 1 };
const sNot2 = { sql: 's <> 2', keep: (r: Row) => r.s !== 2 };
const CASES: Case[] = [
  { name: 'rpg_a_min2', type: 'rows_per_group', key: ['a'], bounds: { min: 2 } },
  { name: 'rpg_a_max1', type: 'rows_per_group', key: ['a'], bounds: { max: 1 } },
  { name: 'uniq_a', type: 'unique', key: ['a'] },
  { name: 'uniq_ab', type: 'unique', key: ['a', 'b'] },
  { name: 'rpg_ab_eq2_where', type: 'rows_per_group', key: ['a', 'b'], bounds: { equals: 2 }, where: sIs1 },
  { name: 'uniq_ab_where', type: 'unique', key: ['a', 'b'], where: sIs1 },
  { name: 'uniq_a_window', type: 'unique', key: ['a'], window: 2 },
  { name: 'rpg_a_window', type: 'rows_per_group', key: ['a'], bounds: { min: 2, max: 3 }, window: 2 },
  { name: 'uniq_b_file_where', type: 'unique', key: ['b'], fileWhere: sNot2 },
  { name: 'rpg_b_file_where', type: 'rows_per_group', key: ['b'], bounds: { equals: 1 }, fileWhere: sNot2 },
];

function checksOn(table: string): CheckSpec[] {
  return CASES.map((c) =>
    spec(c.type, c.type === 'unique' ? { columns: c.key } : { by: c.key, ...c.bounds }, {
      name: c.name,
      table,
      ...(c.where ? { where: c.where.sql } : {}),
      ...(c.fileWhere ? { fileWhere: c.fileWhere.sql } : {}),
      ...(c.window ? { partition: 'd', window: { last: c.window } } : {}),
    }),
  );
}

interface Expected {
  value: number;
  rows: number;
  groups: { key: Record<string, unknown>; n: number }[];
}

/** The oracle: today's semantics of unique and rows_per_group, on the rows in memory. */
function expected(c: Case, rows: Row[]): Expected {
  let scoped = rows.filter((r) => (c.fileWhere ? c.fileWhere.keep(r) : true));
  if (c.window) {
    // The N newest partitions up to --as-of the check has rows in (after the file's where).
    const days = [...new Set(scoped.map((r) => r.d).filter((d) => d <= AS_OF))].sort().reverse().slice(0, c.window);
    scoped = scoped.filter((r) => days.includes(r.d));
  }
  scoped = scoped.filter((r) => (c.where ? c.where.keep(r) : true));
  const groups = new Map<string, { key: Record<string, unknown>; n: number }>();
  for (const r of scoped) {
    const key = Object.fromEntries(c.key.map((k) => [k, r[k]]));
    const id = JSON.stringify(key);
    const g = groups.get(id) ?? { key, n: 0 };
    g.n++;
    groups.set(id, g);
  }
  // unique ignores keys with a null part.
  const counted = [...groups.values()].filter((g) => c.type === 'rows_per_group' || Object.values(g.key).every((v) => v !== null));
  const b = c.bounds ?? {};
  const breaks = (n: number) =>
    c.type === 'unique' ? n > 1 : (b.min !== undefined && n < b.min) || (b.max !== undefined && n > b.max) || (b.equals !== undefined && n !== b.equals);
  const offending = counted.filter((g) => breaks(g.n));
  return { value: offending.length, rows: counted.reduce((sum, g) => sum + g.n, 0), groups: offending };
}

const byKey = (a: { key: Record<string, unknown> }, b: { key: Record<string, unknown> }) => JSON.stringify(a.key).localeCompare(JSON.stringify(b.key));

function answer(report: CheckReport): Expected {
  return {
    value: report.metric.value as number,
    rows: report.rows_evaluated as number,
    groups: report.failing_groups.map((g) => ({ key: g.key, n: g.value as number })).sort(byKey),
  };
}

const rowArb = fc.record({
  a: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 5 }),
  b: fc.option(fc.constantFrom('x', 'y'), { freq: 5 }),
  d: fc.constantFrom(...DAYS),
  s: fc.integer({ min: 0, max: 2 }),
});
const TABLES: Row[][] = [[], ...fc.sample(fc.array(rowArb, { minLength: 0, maxLength: 30 }), { numRuns: 40, seed: 14 })];

const literal = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v}'`);

function tableSql(name: string, rows: Row[]): string {
  const create = `CREATE TABLE ${name} (a INTEGER, b VARCHAR, d DATE, s INTEGER);`;
  if (rows.length === 0) return create;
  const values = rows.map((r) => `(${literal(r.a)}, ${literal(r.b)}, DATE '${r.d}', ${r.s})`).join(', ');
  return `${create} INSERT INTO ${name} VALUES ${values};`;
}

/** 2 rows_per_group and 1 unique on one key, 1 unique on another. */
const FOUR_CHECKS = [
  spec('rows_per_group', { by: ['game_id'], min: 2 }, { name: 'at_least_2' }),
  spec('rows_per_group', { by: ['game_id'], max: 30 }, { name: 'at_most_30' }),
  spec('unique', { columns: ['game_id'] }, { name: 'game_unique' }),
  spec('unique', { columns: ['player_id', 'game_id'] }, { name: 'player_game_unique' }),
];

interface PlanNode {
  name: string;
  extra_info: Record<string, unknown>;
  children: PlanNode[];
}

/** Every node of a DuckDB JSON plan with its ancestors (root first). */
function planNodes(node: PlanNode, ancestors: PlanNode[]): { node: PlanNode; path: PlanNode[] }[] {
  const path = [...ancestors, node];
  return [{ node, path: ancestors }, ...node.children.flatMap((child) => planNodes(child, path))];
}

const groupBys = (sql: string) => sql.match(/\bGROUP BY\b/g)?.length ?? 0;

/** Runs every check on each table, batched as a run batches them, and compares with the oracle. */
async function expectOracleAnswers(engine: Engine, dialect: Dialect, dataset: string, tables: Row[][]): Promise<void> {
  const ctx = { asOf: AS_OF, referenceTime: new Date(`${AS_OF}T23:59:59Z`), dialect };
  for (const [i, rows] of tables.entries()) {
    const checks = checksOn(`${dataset}.t${i}`);
    const plan = compile(checks, { dialect, asOf: AS_OF, vars: {}, defaultProject: 'test-project' });
    // Shared: fewer groupings than checks.
    expect(plan.queries.reduce((sum, q) => sum + groupBys(q.sql), 0)).toBeLessThan(checks.length);
    for (const query of plan.queries) {
      const result = await engine.execute({ id: query.id, sql: query.sql, params: query.params });
      for (const { id, key } of query.checks) {
        const index = checks.findIndex((x) => x.id === id);
        const report = checkReport(checks[index]!, { query, rows: result.rows, durationMs: 0, stats: {} }, key, ctx);
        const want = expected(CASES[index]!, rows);
        expect(answer(report), `table t${i} (${rows.length} rows), ${CASES[index]!.name}`).toEqual({ ...want, groups: [...want.groups].sort(byKey) });
      }
    }
  }
}

describe('group counts share one grouping per key and filter', () => {
  for (const dialect of [duckdb, bigquery]) {
    it(`${dialect.name}: 2 rows_per_group and 1 unique on one key, 1 unique on another: one query, two GROUP BYs`, () => {
      const checks = FOUR_CHECKS;
      const plan = compile(checks, { dialect, asOf: AS_OF, vars: {}, defaultProject: 'p' });
      expect(plan.queries).toHaveLength(1);
      expect(plan.queries[0]!.checks.map((c) => c.id)).toEqual(checks.map((c) => c.id));
      expect(groupBys(plan.queries[0]!.sql)).toBe(2);
      // A different filter is a different grouping.
      const filtered = compile([...checks, spec('unique', { columns: ['game_id'] }, { name: 'recent_unique', where: 's = 1' })], { dialect, asOf: AS_OF, vars: {}, defaultProject: 'p' });
      expect(groupBys(filtered.queries[0]!.sql)).toBe(3);
    });
  }

  it('DuckDB groups the table once per grouping, one grouping after the other, and never materialises a grouping whole (EXPLAIN)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run('CREATE TABLE t AS SELECT i AS player_id, i % 7 AS game_id FROM range(1000) r(i)');
      const plan = compile(FOUR_CHECKS, { dialect: duckdb, asOf: AS_OF, vars: {} });
      const explained = (await connection.runAndReadAll(`EXPLAIN (FORMAT json) ${plan.queries[0]!.sql}`)).getRows();
      const roots = JSON.parse(String(explained[0]![1])) as PlanNode[];
      const nodes = roots.flatMap((root) => planNodes(root, []));
      // HASH_GROUP_BY or PERFECT_HASH_GROUP_BY (small integer keys) with keys: the groupings. (A
      // scalar subquery adds a keyless one of its own.)
      const groupings = nodes.filter(({ node }) => /HASH_GROUP_BY$/.test(node.name) && String(node.extra_info.Groups ?? '') !== '');
      expect(groupings).toHaveLength(2);
      // Each grouping is read once, into its failing groups: the only materialised CTEs are those
      // and the counts of evaluated rows (one plain scan each: 3 here, beside the 2 groupings).
      const materialised = nodes.filter(({ node }) => node.name === 'CTE').map(({ node }) => String(node.extra_info['CTE Name']));
      expect(materialised.filter((name) => !/_failing$|^rows_/.test(name))).toEqual([]);
      expect(nodes.filter(({ node }) => node.name === 'SEQ_SCAN')).toHaveLength(5);
      // The two groupings meet at a cross product of scalar subqueries, which DuckDB runs one
      // after the other, not under a UNION (or a CTE), whose branches it builds side by side.
      const [a, b] = groupings.map(({ path }) => path) as [PlanNode[], PlanNode[]];
      let shared = 0;
      while (shared < a.length && a[shared] === b[shared]) shared++;
      expect(a[shared - 1]!.name).toBe('CROSS_PRODUCT');
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  describe('DuckDB: the answers of the TypeScript oracle', () => {
    let engine: Engine;
    beforeAll(async () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'dqgate-groups-')), 'w.duckdb');
      const instance = await DuckDBInstance.create(file);
      const connection = await instance.connect();
      for (const [i, rows] of TABLES.entries()) await connection.run(tableSql(`t${i}`, rows));
      connection.closeSync();
      instance.closeSync();
      engine = await createDuckDbEngine({ path: file });
    });
    afterAll(() => engine?.close());

    it('on every table, every check batched with the others answers as the oracle does', async () => {
      await expectOracleAnswers(engine, duckdb, 'main', TABLES);
    });
  });

  describe.skipIf(skipWithoutAnalyzer('the shared groupings on the BigQuery test server'))('BigQuery: the answers of the TypeScript oracle', () => {
    // Fewer tables: every statement goes through the GoogleSQL analyzer.
    const tables = TABLES.slice(0, 6);
    let server: BigQueryTestServer;
    let engine: Engine;
    beforeAll(async () => {
      server = await startBigQueryServer({ pageSize: 1000, maxWaitMs: 200 });
      await server.exec(['CREATE SCHEMA shop;', ...tables.map((rows, i) => tableSql(`shop.t${i}`, rows))].join('\n'));
      engine = await serverEngines(server)({ name: 'prod', engine: 'bigquery', options: { project: 'test-project', location: 'US' } }, {});
    });
    afterAll(async () => {
      await engine?.close();
      await server?.close();
    });

    it('on every table, every check batched with the others answers as the oracle does', async () => {
      await expectOracleAnswers(engine, bigquery, 'shop', tables);
    });
  });
});
