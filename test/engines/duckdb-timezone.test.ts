// The DuckDB engine reads and prints TIMESTAMP WITH TIME ZONE in UTC, BigQuery's default, even on
// a machine in another zone: `ts >= '2026-01-09'` means midnight UTC on both engines.
// The zone of this worker is set before DuckDB starts, as a runner's machine would have it.
process.env.TZ = 'Asia/Tokyo';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, it } from 'vitest';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';

const SQL = `SELECT current_setting('TimeZone') AS zone, TIMESTAMPTZ '2026-01-09 03:00:00+00' >= '2026-01-09' AS after_midnight,
  CAST(TIMESTAMPTZ '2026-01-09 03:00:00+00' AS VARCHAR) AS printed`;

it('a plain DuckDB instance follows the machine zone; the engine is in UTC and its configuration stays locked', async () => {
  const plain = await DuckDBInstance.create(':memory:');
  const connection = await plain.connect();
  const [[zone]] = (await connection.runAndReadAll(SQL)).getRows();
  connection.closeSync();
  plain.closeSync();
  expect(zone).toBe('Asia/Tokyo'); // what the engine would inherit

  const engine = await createDuckDbEngine({ path: ':memory:' });
  try {
    expect((await engine.execute({ id: 'q1', sql: SQL, params: [] })).rows).toEqual([
      { zone: 'UTC', after_midnight: true, printed: '2026-01-09 03:00:00+00' },
    ]);
    await expect(engine.execute({ id: 'q2', sql: `SELECT current_setting('lock_configuration') AS locked`, params: [] })).resolves.toMatchObject({
      rows: [{ locked: true }],
    });
  } finally {
    await engine.close();
  }
});
