// Statements are classified by DuckDB's parser alone: nothing is bound, so nothing happens. These
// tests use a plain, writable, unlocked instance on purpose: classification must have no side
// effects by itself, whatever the engine's lockdown would also stop.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyStatement } from '../../src/engines/duckdb-statement.js';
import { QueryError } from '../../src/engines/engine.js';
import { memoryDuckDbForFile } from '../support/memory-duckdb.js';

const duck = memoryDuckDbForFile('CREATE TABLE t AS SELECT 1 AS x');

/** Everything a statement could change: settings, extensions, the catalog, attached databases. */
async function state(): Promise<string> {
  const read = async (sql: string) => JSON.stringify((await duck.connection.runAndReadAll(sql)).getRowObjectsJS(), (_, v) => (typeof v === 'bigint' ? String(v) : v));
  return [
    await read('SELECT name, value FROM duckdb_settings() ORDER BY name'),
    await read('SELECT extension_name, installed, loaded FROM duckdb_extensions() ORDER BY 1'),
    await read('SELECT database_name, schema_name, table_name FROM duckdb_tables() ORDER BY ALL'),
    await read('SELECT database_name FROM duckdb_databases() ORDER BY 1'),
  ].join('\n');
}

async function refusal(sql: string): Promise<QueryError> {
  const error = await classifyStatement(duck.connection, sql).then(
    (type) => new Error(`classified as ${type}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QueryError);
  return error as QueryError;
}

describe('classifying a DuckDB statement', () => {
  it('names statements that are not a SELECT without binding them: no file, no folder, no setting, no extension, no table', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dqgate-classify-'));
    const statements: [string, string][] = [
      // Binding EXPORT DATABASE creates its folder: a prepare() would have made `export/`.
      [`EXPORT DATABASE '${dir}/export'`, 'EXPORT'],
      [`COPY t TO '${dir}/copy.csv'`, 'COPY'],
      [`COPY (SELECT 1) TO '${dir}/copy2.csv'`, 'COPY'],
      [`ATTACH '${dir}/other.duckdb' AS other`, 'ATTACH'],
      ['INSTALL httpfs', 'INSTALL'],
      ['LOAD httpfs', 'LOAD'],
      ['CREATE TABLE made AS SELECT 1 AS x', 'CREATE'],
      ['SET threads = 1', 'SET'],
      ["SET enable_external_access = 'false'", 'SET'],
      ['PRAGMA enable_profiling', 'PRAGMA'],
      [`CALL enable_logging(storage => 'file', storage_path => '${dir}/logs')`, 'CALL'],
      ['DELETE FROM t', 'DELETE'],
      ['/* DROP */ -- SELECT\n  drop table t', 'DROP'],
    ];
    const before = await state();
    for (const [sql, type] of statements) {
      expect(await classifyStatement(duck.connection, sql), sql).toBe(type);
    }
    expect(readdirSync(dir)).toEqual([]);
    expect(await state()).toBe(before);
  });

  it('accepts one SELECT, WITH … SELECT, set operations and VALUES', async () => {
    for (const sql of [
      'SELECT x FROM t',
      'WITH a AS (SELECT x FROM t), b AS (SELECT x FROM a) SELECT * FROM b',
      'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r',
      'SELECT 1 UNION ALL SELECT 2',
      'FROM t',
      "SELECT 'DELETE; DROP' AS s -- ; COPY",
      'SELECT 1;',
    ]) {
      expect(await classifyStatement(duck.connection, sql), sql).toBe('SELECT');
    }
  });

  it('refuses a WITH that leads to something else than a SELECT, naming that statement', async () => {
    expect(await classifyStatement(duck.connection, 'WITH a AS (SELECT 1 AS x) DELETE FROM t')).toBe('DELETE');
    expect(await classifyStatement(duck.connection, 'WITH a(x) AS (SELECT 1), b AS (SELECT 2) INSERT INTO t SELECT x FROM a')).toBe('INSERT');
    expect(await classifyStatement(duck.connection, 'WITH a AS (SELECT 1) UPDATE t SET x = 2')).toBe('UPDATE');
    // DuckDB has no data-modifying CTEs: a parse error, never a SELECT.
    expect((await refusal('WITH a AS (DELETE FROM t RETURNING *) SELECT * FROM a')).reason).toBe('invalidQuery');
    // A PIVOT without IN runs a query of its own: refused, and not under the name SELECT.
    expect(await classifyStatement(duck.connection, 'SELECT * FROM (PIVOT t ON x USING count(*))')).toBe('PIVOT');
    expect(await classifyStatement(duck.connection, 'WITH p AS (PIVOT t ON x USING count(*)) SELECT * FROM p')).toBe('PIVOT');
    expect(await duck.connection.runAndReadAll('SELECT COUNT(*)::INT AS n FROM t').then((r) => r.getRowObjectsJS())).toEqual([{ n: 1 }]);
  });

  it('names several statements SCRIPT, whatever they are, and nothing EMPTY', async () => {
    expect(await classifyStatement(duck.connection, 'SELECT 1; SELECT 2')).toBe('SCRIPT');
    expect(await classifyStatement(duck.connection, 'SELECT 1; DELETE FROM t')).toBe('SCRIPT');
    expect(await classifyStatement(duck.connection, "SELECT COUNT(CASE WHEN TRUE THEN 1 END) AS x FROM t; COPY t TO 'x.csv'; SELECT 1")).toBe('SCRIPT');
    expect(await classifyStatement(duck.connection, '-- nothing but a comment')).toBe('EMPTY');
    expect((await refusal('  ')).message).toBe('empty query');
  });

  it('refuses a SELECT calling a table function that is not on the list, at any depth and in any spelling', async () => {
    for (const [sql, name] of [
      ["SELECT * FROM enable_logging(storage => 'stdout')", 'enable_logging'],
      ['SELECT x FROM t WHERE x IN (SELECT 1 FROM main.Enable_Profiling())', 'enable_profiling'],
      ["SELECT * FROM query('SELECT 1')", 'query'],
      ["SELECT * FROM t, LATERAL (SELECT * FROM read_text('/etc/passwd'))", 'read_text'],
      ["WITH f AS (SELECT * FROM glob('/tmp/*')) SELECT * FROM f", 'glob'],
      ['SELECT * FROM checkpoint()', 'checkpoint'],
    ] as const) {
      const error = await refusal(sql);
      expect(error.reason, sql).toBe('refused');
      expect(error.message, sql).toMatch(new RegExp(`^refused: table function ${name}; a check may only call range, generate_series, unnest,`));
    }
  });

  it('accepts the table functions that compute rows or read the catalog', async () => {
    for (const sql of [
      'SELECT * FROM range(3)',
      "SELECT unnest(generate_series(DATE '2026-01-01', DATE '2026-01-03', INTERVAL 1 DAY)) AS d",
      'SELECT * FROM (SELECT unnest([1, 2])) AS u',
      "SELECT * FROM t WHERE x IN (SELECT * FROM generate_series(1, 3)) AND 'x' IN (SELECT column_name FROM duckdb_columns())",
      "SELECT * FROM pragma_table_info('t')",
    ]) {
      expect(await classifyStatement(duck.connection, sql), sql).toBe('SELECT');
    }
  });

  it("asks DuckDB's own json_serialize_sql, not a macro of the same name in the warehouse", async () => {
    const shadowed = await DuckDBInstance.create(':memory:');
    const own = await shadowed.connect();
    try {
      await own.run(`CREATE MACRO json_serialize_sql(sql) AS '{"error": false, "statements": [{}]}'`);
      expect(await classifyStatement(own, 'DELETE FROM t')).toBe('DELETE');
    } finally {
      own.closeSync();
      shadowed.closeSync();
    }
  });

  it('reports a statement that does not parse as an invalid query', async () => {
    const error = await refusal('SELEC 1');
    expect(error.reason).toBe('invalidQuery');
    expect(error.message).toMatch(/syntax error/);
  });
});
