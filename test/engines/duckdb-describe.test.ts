// describeTable on DuckDB: the catalog of the (read-only, locked-down) warehouse, DuckDB's own
// type names, notFound for a missing table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';
import type { Engine } from '../../src/engines/engine.js';

let dir: string;
let engine: Engine;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dqgate-describe-'));
  const file = path.join(dir, 'w.duckdb');
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run(`CREATE SCHEMA ds; CREATE TABLE ds.ev (ts TIMESTAMPTZ, dt TIMESTAMP, d DATE, n BIGINT, s VARCHAR, x DOUBLE);
    CREATE TABLE main.top (a INTEGER)`);
  connection.closeSync();
  instance.closeSync();
  engine = await createDuckDbEngine({ path: file });
});
afterAll(async () => {
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('lists the columns in order with their DuckDB types; a bare name is in main', async () => {
  expect(await engine.describeTable!('ds.ev')).toEqual({
    columns: [
      { name: 'ts', type: 'TIMESTAMP WITH TIME ZONE' },
      { name: 'dt', type: 'TIMESTAMP' },
      { name: 'd', type: 'DATE' },
      { name: 'n', type: 'BIGINT' },
      { name: 's', type: 'VARCHAR' },
      { name: 'x', type: 'DOUBLE' },
    ],
  });
  expect((await engine.describeTable!('top')).columns).toEqual([{ name: 'a', type: 'INTEGER' }]);
});

it('a missing table is notFound', async () => {
  await expect(engine.describeTable!('ds.nope')).rejects.toMatchObject({ reason: 'notFound' });
  await expect(engine.describeTable!("ds.ev' OR '1'='1")).rejects.toMatchObject({ reason: 'notFound' });
});
