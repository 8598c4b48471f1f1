// A literal that cannot be compared with its column is a configuration error at the check
// (file, line, column) before any query is sent: on BigQuery only tables.get (metadata, free)
// reaches the server; on DuckDB the catalog is read and nothing else. Exit 3 from the CLI.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { startBigQueryServer, type BigQueryTestServer } from '../support/bigquery-server/index.js';
import { createDuckDbWarehouse, localAndProdConfig, runSuite, serverEngines, tempDir, writeProjectFiles, type TempDir } from './support.js';

let server: BigQueryTestServer;
let t: TempDir;
const DATA = `CREATE SCHEMA ds; CREATE TABLE ds.games AS SELECT i AS status, 'c' || i AS code, CAST(i AS DOUBLE) AS amount FROM range(0, 5) a(i);`;

beforeAll(async () => {
  server = await startBigQueryServer();
  await server.exec(DATA);
  t = tempDir();
  writeProjectFiles(t.dir, { 'checks.config.yaml': localAndProdConfig(), 'suites/all.yaml': "select: ['*']\n" });
  await createDuckDbWarehouse(path.join(t.dir, 'w.duckdb'), DATA);
});
afterAll(async () => {
  await server?.close();
  t?.cleanup();
});

async function refusal(target: 'local' | 'prod'): Promise<ConfigError> {
  const error = await runSuite(t.dir, 'all', { target, ...(target === 'prod' ? { openEngine: serverEngines(server) } : {}) }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe.each(['local', 'prod'] as const)('on %s', (target) => {
  it("accepted_values 'abc' on an INT64 column: a configuration error at the check, nothing sent but the schema lookup", async () => {
    writeProjectFiles(t.dir, { 'checks/games.yaml': `table: ds.games\nchecks:\n  - name: ok\n    row_count: { min: 1 }\n  - name: statuses\n    accepted_values: { column: status, values: ['1', abc] }\n` });
    server.reset();
    const error = await refusal(target);
    expect(error.message).toMatch(/^checks\/games\.yaml:5:\d+: games\.statuses: accepted value "abc" cannot be compared with status, a INT64 column of ds\.games/);
    if (target === 'prod') expect(server.requests.map((r) => r.kind)).toEqual(['tables.get']);
  });

  it('unique on a FLOAT64 column: refused at the check on both engines', async () => {
    writeProjectFiles(t.dir, { 'checks/games.yaml': `table: ds.games\nchecks:\n  - name: amounts\n    unique: amount\n` });
    server.reset();
    expect((await refusal(target)).message).toMatch(/^checks\/games\.yaml:3:\d+: games\.amounts: cannot group by amount, a FLOAT64 column/);
    if (target === 'prod') expect(server.requests.every((r) => r.kind === 'tables.get')).toBe(true);
  });
});
