// The listing of offending groups of unique / rows_per_group (group-counts.ts): the first 1,000
// by worst first (most rows for unique and max-only bounds, fewest otherwise), ties by the key's
// JSON text, a NULL key part listed as any other (rows_per_group), while the count covers every
// group; and a listing that disagrees with the count is an incomplete answer. Oracle in plain
// TypeScript, on both engines.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupCountMeasurement } from '../../src/checks/group-counts.js';
import { IncompleteAnswerError } from '../../src/checks/shared.js';
import type { SetRow } from '../../src/checks/types.js';
import { bigquery } from '../../src/dialects/bigquery.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';
import type { Engine } from '../../src/engines/engine.js';
import { compile } from '../../src/plan/compile.js';
import { checkReport } from '../../src/run/check-report.js';
import { serverEngines } from '../bigquery/support.js';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';
import { startBigQueryServer, type BigQueryTestServer } from '../support/bigquery-server/index.js';
import { spec } from '../support/checks.js';
import { rewrittenAnswers } from '../support/rewritten-answers.js';
import { makeProject } from '../e2e/fixture.js';
import { runProject } from '../e2e/run-project.js';

const AS_OF = '2026-01-04';

// 1,600 game_ids, game g with 1 + g % 4 rows, and 2 rows with no game_id: many ties, a NULL key.
const GAMES = 1600;
const TABLE_SQL = (name: string) =>
  `CREATE TABLE ${name} AS SELECT CAST(g AS INTEGER) AS game_id FROM range(${GAMES}) r(g), range(4) k(j) WHERE j <= g % 4 ` +
  `UNION ALL SELECT CAST(NULL AS INTEGER) FROM range(2);`;

interface Listed {
  key: Record<string, unknown>;
  n: number;
}

/** Every group of the table, as the oracle sees it. */
function groups(): Listed[] {
  const out: Listed[] = Array.from({ length: GAMES }, (_, g) => ({ key: { game_id: g }, n: 1 + (g % 4) }));
  return [...out, { key: { game_id: null }, n: 2 }];
}

/** Worst first, then by the key's JSON text (ASCII here, so JS order is byte order). */
function oracle(offending: (g: Listed) => boolean, mostRowsFirst: boolean): { count: number; listed: Listed[] } {
  const hits = groups().filter(offending);
  const text = (g: Listed) => JSON.stringify(g.key);
  hits.sort((a, b) => (a.n !== b.n ? (mostRowsFirst ? b.n - a.n : a.n - b.n) : text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
  return { count: hits.length, listed: hits.slice(0, 1000) };
}

const LISTING_CASES = [
  // rows_per_group counts the NULL group (n = 2) and lists the smallest groups first.
  { check: spec('rows_per_group', { by: ['game_id'], min: 4 }, { name: 'at_least_4' }), want: oracle((g) => g.n < 4, false) },
  // unique leaves the NULL group out and lists the most repeated keys first.
  { check: spec('unique', { columns: ['game_id'] }, { name: 'game_unique' }), want: oracle((g) => g.key.game_id !== null && g.n > 1, true) },
];

async function expectListings(engine: Engine, dialect: Dialect, table: string): Promise<void> {
  const checks = LISTING_CASES.map((c) => ({ ...c.check, table }));
  const plan = compile(checks, { dialect, asOf: AS_OF, vars: {}, defaultProject: 'test-project' });
  expect(plan.queries).toHaveLength(1);
  const query = plan.queries[0]!;
  const result = await engine.execute({ id: query.id, sql: query.sql, params: query.params });
  const ctx = { asOf: AS_OF, referenceTime: new Date(`${AS_OF}T23:59:59Z`), dialect };
  for (const [i, { want }] of LISTING_CASES.entries()) {
    const report = checkReport(checks[i]!, { query, rows: result.rows, durationMs: 0, stats: {} }, query.checks[i]!.key, ctx);
    expect(want.count).toBeGreaterThan(1000);
    expect(report.metric.value).toBe(want.count);
    expect(report.failing_groups.map((g) => ({ key: g.key, n: g.value }))).toEqual(want.listed);
  }
}

describe('the listing: top 1,000 offending groups, worst first, ties by key', () => {
  it('DuckDB', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dqgate-listing-')), 'w.duckdb');
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run(TABLE_SQL('t'));
    connection.closeSync();
    instance.closeSync();
    const engine = await createDuckDbEngine({ path: file });
    try {
      await expectListings(engine, duckdb, 'main.t');
    } finally {
      await engine.close();
    }
  });

  describe.skipIf(skipWithoutAnalyzer('the listing on the BigQuery test server'))('BigQuery test server', () => {
    let server: BigQueryTestServer;
    let engine: Engine;
    beforeAll(async () => {
      server = await startBigQueryServer({ pageSize: 5000, maxWaitMs: 200 });
      await server.exec(['CREATE SCHEMA shop;', TABLE_SQL('shop.t')].join('\n'));
      engine = await serverEngines(server)({ name: 'prod', engine: 'bigquery', options: { project: 'test-project', location: 'US' } }, {});
    });
    afterAll(async () => {
      await engine?.close();
      await server?.close();
    });

    it('BigQuery', async () => {
      await expectListings(engine, bigquery, 'shop.t');
    });
  });
});

describe('the listing is provable against the count', () => {
  const summary = (count: number): SetRow => ({ check_key: 'c1', row_type: 'summary', key_json: null, value: count, rows_evaluated: 2 * count, detail_json: null });
  const listed = (count: number): SetRow[] =>
    Array.from({ length: count }, (_, i) => ({ check_key: 'c1', row_type: 'group', key_json: `{"a":${i}}`, value: 2, rows_evaluated: 2, detail_json: null }));
  const measure = (rows: SetRow[]) => groupCountMeasurement('duplicate_keys', rows, 'duplicates', { max: 1 });

  it('min(count, 1,000) listed groups are read; more or fewer are an incomplete answer', () => {
    expect(measure([summary(3), ...listed(3)]).failingGroups).toHaveLength(3);
    expect(measure([summary(1500), ...listed(1000)]).failingGroups).toHaveLength(1000);
    expect(() => measure([summary(3), ...listed(2)])).toThrow(IncompleteAnswerError);
    expect(() => measure([summary(1500), ...listed(999)])).toThrow(IncompleteAnswerError);
    expect(() => measure([summary(0), ...listed(1)])).toThrow(IncompleteAnswerError);
  });
});

describe('a run whose answer lost a listed group', () => {
  /** The DuckDB engine, dropping the first group row of every answer. */
  const losingAGroup = rewrittenAnswers((rows) => {
    const first = rows.findIndex((r) => r.row_type === 'group');
    return rows.filter((_, i) => i !== first);
  });

  it('ends the check as an error (exit 2), not as a failure listing fewer groups than it counted', async () => {
    // The fixture's order_no 99 occurs twice: one duplicate key, one listed group.
    const dir = await makeProject({ 'checks/orders.yaml': 'table: shop.orders\nchecks:\n  - unique: order_no\n' });
    try {
      const report = await runProject(dir, { drillDown: false, openEngine: losingAGroup });
      expect(report.checks.map((c) => [c.status, c.message])).toEqual([['error', 'incomplete answer: 0 offending groups listed, 1 counted']]);
      expect(report.exit_code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
