// The engine that runs checks on a user's warehouse is locked down, whether it opens a file or
// ':memory:': the settings read back from inside, and nothing a query can do changes them.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';

const SETTINGS = `SELECT current_setting('enable_external_access') AS external_access,
  current_setting('autoinstall_known_extensions') AS autoinstall,
  current_setting('autoload_known_extensions') AS autoload,
  current_setting('lock_configuration') AS locked,
  current_setting('access_mode') AS access_mode,
  current_setting('TimeZone') AS time_zone`;

async function warehouse(): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'dqgate-lock-')), 'w.duckdb');
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run('CREATE TABLE t AS SELECT 42 AS x');
  connection.closeSync();
  instance.closeSync();
  return file;
}

describe('the DuckDB engine instance', () => {
  it('opens a warehouse file read-only, without external access or extension loading, its configuration locked, its tables readable', async () => {
    const engine = await createDuckDbEngine({ path: await warehouse() });
    try {
      expect((await engine.execute({ id: 'q1', sql: SETTINGS, params: [] })).rows).toEqual([
        { external_access: false, autoinstall: false, autoload: false, locked: true, access_mode: 'read_only', time_zone: 'UTC' },
      ]);
      expect((await engine.execute({ id: 'q2', sql: 'SELECT x FROM t', params: [] })).rows).toEqual([{ x: 42 }]);
    } finally {
      await engine.close();
    }
  });

  it("shows no query the runner's HTTP_PROXY, which may hold credentials", async () => {
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy };
    process.env.HTTP_PROXY = process.env.http_proxy = 'http://ci:S3CRET@proxy.internal:3128';
    try {
      const engine = await createDuckDbEngine({ path: await warehouse() });
      try {
        const sql = "SELECT current_setting('http_proxy') AS setting, (SELECT list(setting) FROM pg_catalog.pg_settings WHERE name = 'http_proxy') AS listed";
        expect(JSON.stringify((await engine.execute({ id: 'q1', sql, params: [] })).rows)).not.toContain('S3CRET');
      } finally {
        await engine.close();
      }
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('locks an in-memory database the same way', async () => {
    const engine = await createDuckDbEngine({ path: ':memory:' });
    try {
      expect((await engine.execute({ id: 'q1', sql: SETTINGS, params: [] })).rows).toEqual([
        { external_access: false, autoinstall: false, autoload: false, locked: true, access_mode: 'automatic', time_zone: 'UTC' },
      ]);
    } finally {
      await engine.close();
    }
  });
});
