// The project of a parity test: the same data in a DuckDB file (target local) and on the BigQuery
// test server (target prod, through the real client), and a suite run on both with the same options.
import path from 'node:path';
import type { RunReport } from '../../src/run/report.js';
import type { RunOptions } from '../../src/run/run.js';
import { startBigQueryServer, type BigQueryTestServer } from '../support/bigquery-server/index.js';
import { createDuckDbWarehouse, localAndProdConfig, runSuite, serverEngines, tempDir, writeProjectFiles } from './support.js';

export interface TwoEngineProject {
  server: BigQueryTestServer;
  dir: string;
  /** The suite run on target local (DuckDB) and on target prod (the server). */
  runBoth(suite: string, options?: Partial<RunOptions>): Promise<{ local: RunReport; prod: RunReport }>;
  close(): Promise<void>;
}

export interface TwoEngineSetup {
  /** The SQL that creates the data: one text for both engines, or each engine's own. */
  data: string | { duckdb: string; bigquery: string };
  /** Lines after the targets in checks.config.yaml (see localAndProdConfig). */
  configLines: string;
  /** Check and suite files (path → text); suites/all.yaml selects every check. */
  files: Record<string, string>;
  /** Rows per page of the server's answers: small, so that paging is exercised. */
  pageSize: number;
}

export async function twoEngineProject(setup: TwoEngineSetup): Promise<TwoEngineProject> {
  const sql = typeof setup.data === 'string' ? { duckdb: setup.data, bigquery: setup.data } : setup.data;
  const server = await startBigQueryServer({ pageSize: setup.pageSize, maxWaitMs: 100 });
  const t = tempDir();
  const close = async () => {
    await server.close();
    t.cleanup();
  };
  try {
    await server.exec(sql.bigquery);
    writeProjectFiles(t.dir, { 'checks.config.yaml': localAndProdConfig(setup.configLines), 'suites/all.yaml': "select: ['*']\n", ...setup.files });
    await createDuckDbWarehouse(path.join(t.dir, 'w.duckdb'), sql.duckdb);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    server,
    dir: t.dir,
    runBoth: async (suite, options = {}) => ({
      local: await runSuite(t.dir, suite, { ...options, target: 'local' }),
      prod: await runSuite(t.dir, suite, { ...options, target: 'prod', openEngine: serverEngines(server) }),
    }),
    close,
  };
}
