// The benchmark compares dq against a hand-written statement and a per-check baseline; timings
// only mean something while all three give the same answers. On a tiny generated events table,
// every suite's three answers agree check by check, and the committed suite and hand SQL files
// are what bench/suites.ts writes (so neither can drift from the other).
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disagreements, dqValues, handValues, perCheckValues } from '../../bench/agree.js';
import { AS_OF, ensureEventsWarehouse } from '../../bench/generate.js';
import { handSql, handSqlPath, perCheckSql, PROJECT_DIR, SUITE_SIZES, suiteChecks, suiteYaml } from '../../bench/suites.js';
import { loadProject } from '../../src/config/load.js';
import { selectChecks } from '../../src/plan/select.js';
import { run } from '../../src/run/run.js';

let dir: string;
let warehouse: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dqgate-bench-'));
  warehouse = await ensureEventsWarehouse(5000, 1, dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function firstRows(statements: string[]): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(warehouse, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const rows = [];
    for (const sql of statements) rows.push((await connection.runAndReadAll(sql)).getRowObjectsJson()[0]);
    return rows;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('benchmark suites on 5,000 generated events', () => {
  it.each(SUITE_SIZES)('s%i: dq, the hand-written statement and the per-check SELECTs give the same value for every check', async (size) => {
    const project = await loadProject({ configPath: path.join(PROJECT_DIR, 'checks.config.yaml'), env: { DQ_BENCH_WAREHOUSE: warehouse } });
    const { checks } = selectChecks(project, { suite: `s${size}` });
    const report = await run({ project, checks, asOf: AS_OF, drillDown: false });
    const suite = suiteChecks(size);
    expect(report.checks).toHaveLength(size);
    const [hand] = await firstRows([readFileSync(handSqlPath(size), 'utf8')]);
    const perCheck = await firstRows(perCheckSql(size).map((c) => c.sql));
    const sources = { dq: dqValues(report), hand: handValues(hand), perCheck: perCheckValues(suite, perCheck) };
    expect(disagreements(suite, sources)).toEqual([]);
    // The data holds failures to find: floor(5000 / 1000) duplicated event ids.
    expect(sources.dq.get('event_id_unique')).toBe(5);
  });

  it('reports a check whose values differ, naming each source', () => {
    const suite = suiteChecks(16);
    const values = new Map(suite.map((c) => [c.name, 1]));
    const off = new Map(values).set('amount_range', 0.98);
    expect(disagreements(suite, { dq: values, hand: off })).toEqual(['amount_range: dq 1, hand 0.98']);
  });

  it.each(SUITE_SIZES)('s%i: the committed check file and hand SQL are what bench/suites.ts writes', (size) => {
    expect(readFileSync(path.join(PROJECT_DIR, 'checks', `s${size}.yaml`), 'utf8')).toBe(suiteYaml(size));
    expect(readFileSync(handSqlPath(size), 'utf8')).toBe(handSql(size));
  });
});
