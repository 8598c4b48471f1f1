// schema compares types by family, in BigQuery's names: each engine's catalog type is read by its
// dialect (DuckDB TIMESTAMP is a civil DATETIME; BigQuery TIMESTAMP and DuckDB TIMESTAMPTZ are
// instants), so an instant/civil drift fails on both engines and one check file works on both.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/checks/schema.js';
import type { SetRow } from '../../src/checks/types.js';
import { bigquery } from '../../src/dialects/bigquery.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';
import { compile } from '../../src/plan/compile.js';
import { measureCheck } from '../../src/run/measure.js';
import { spec } from '../support/checks.js';

const check = (columns: Record<string, string>) => spec('schema', { columns, allow_extra: true }, { table: 'main.t', name: 'columns' });

/** The catalog rows of a table with `columns` (name → the engine's data_type). */
const catalog = (columns: Record<string, string>): SetRow[] =>
  Object.entries(columns).map(([column_name, data_type]) => ({
    check_key: 'c1',
    row_type: 'group',
    key_json: JSON.stringify({ column_name, data_type }),
    value: null,
    rows_evaluated: null,
    detail_json: null,
  }));

const problems = (dialect: Dialect, actual: Record<string, string>, expected: Record<string, string>) =>
  schema.measure(check(expected), catalog(actual), { asOf: '2026-01-04', referenceTime: new Date(), dialect }).failingGroups!.map((g) => g.key.problem);

describe('schema type families', () => {
  it('DuckDB: TIMESTAMP WITH TIME ZONE is a TIMESTAMP (instant), TIMESTAMP a DATETIME (civil)', () => {
    const actual = { at_utc: 'TIMESTAMP WITH TIME ZONE', at_local: 'TIMESTAMP', id: 'BIGINT', day: 'DATE' };
    expect(problems(duckdb, actual, { at_utc: 'TIMESTAMP', at_local: 'DATETIME', id: 'INT64', day: 'DATE' })).toEqual([]);
    expect(problems(duckdb, actual, { at_utc: 'TIMESTAMPTZ', at_local: 'TIMESTAMP WITHOUT TIME ZONE', id: 'BIGINT' })).toEqual([]);
    expect(problems(duckdb, actual, { at_utc: 'DATETIME', at_local: 'TIMESTAMP' })).toEqual([
      'at_utc is TIMESTAMP WITH TIME ZONE (TIMESTAMP), expected DATETIME',
      'at_local is TIMESTAMP (DATETIME), expected TIMESTAMP: on duckdb TIMESTAMP is a DATETIME; write DATETIME in the check',
    ]);
  });

  it('BigQuery: DATETIME and TIMESTAMP are different families', () => {
    const actual = { at_utc: 'TIMESTAMP', at_local: 'DATETIME', id: 'INT64', amount: 'NUMERIC(10, 2)', name: 'STRING' };
    expect(problems(bigquery, actual, { at_utc: 'TIMESTAMP', at_local: 'DATETIME', id: 'BIGINT', amount: 'DECIMAL(10,2)', name: 'VARCHAR' })).toEqual([]);
    expect(problems(bigquery, actual, { at_utc: 'TIMESTAMPTZ' })).toEqual([]);
    expect(problems(bigquery, actual, { at_utc: 'DATETIME', at_local: 'TIMESTAMP', id: 'STRING' })).toEqual([
      'at_utc is TIMESTAMP, expected DATETIME',
      'at_local is DATETIME, expected TIMESTAMP',
      'id is INT64, expected STRING',
    ]);
  });

  it('one check file passes on both engines for the same columns', () => {
    const expected = { at_utc: 'TIMESTAMP', at_local: 'DATETIME', id: 'INT64', score: 'FLOAT64', ok: 'BOOL', blob: 'BYTES' };
    expect(problems(duckdb, { at_utc: 'TIMESTAMP WITH TIME ZONE', at_local: 'TIMESTAMP', id: 'BIGINT', score: 'DOUBLE', ok: 'BOOLEAN', blob: 'BLOB' }, expected)).toEqual([]);
    expect(problems(bigquery, { at_utc: 'TIMESTAMP', at_local: 'DATETIME', id: 'INT64', score: 'FLOAT64', ok: 'BOOL', blob: 'BYTES' }, expected)).toEqual([]);
  });

  it("reads DuckDB's own catalog", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dqgate-schema-'));
    const file = path.join(dir, 'w.duckdb');
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE t (at_utc TIMESTAMPTZ, at_local TIMESTAMP, at_ns TIMESTAMP_NS, id INTEGER)');
    connection.closeSync();
    instance.closeSync();
    const engine = await createDuckDbEngine({ path: file });
    try {
      const measure = async (columns: Record<string, string>) => {
        const c = check(columns);
        const [query] = compile([c], { dialect: duckdb, asOf: '2026-01-04', vars: {} }).queries;
        const { rows } = await engine.execute({ id: query!.id, sql: query!.sql, params: [] });
        return measureCheck(c, query!.checks[0]!.key, rows, { asOf: '2026-01-04', referenceTime: new Date(), dialect: duckdb }).detail;
      };
      expect(await measure({ at_utc: 'TIMESTAMP', at_local: 'DATETIME', at_ns: 'DATETIME', id: 'INT64' })).toBe('4 columns as expected');
      expect(await measure({ at_utc: 'DATETIME', at_local: 'TIMESTAMP' })).toBe(
        'at_utc is TIMESTAMP WITH TIME ZONE (TIMESTAMP), expected DATETIME; at_local is TIMESTAMP (DATETIME), expected TIMESTAMP: on duckdb TIMESTAMP is a DATETIME; write DATETIME in the check',
      );
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
