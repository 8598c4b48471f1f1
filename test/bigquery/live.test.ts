// Opt-in: the example project on real BigQuery. With DQ_BIGQUERY_PROJECT and credentials
// (GOOGLE_APPLICATION_CREDENTIALS or gcloud application-default credentials), the demo tables are
// loaded into a temporary dataset (load jobs, free), every example suite runs there through dq's
// own engine and is compared with the same suite on DuckDB, and the dataset is deleted.
// DQ_BIGQUERY_LOCATION picks the location (default US). Costs: a few MB scanned per suite.
// A second test creates a TIMESTAMP-partitioned table with require_partition_filter in a
// temporary dataset (DDL, live only) and compares bounded checks on it with DuckDB.
import { BigQuery } from '@google-cloud/bigquery';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, it } from 'vitest';
import { API_ENDPOINT_ENV } from '../../src/engines/open.js';
import { ROWS, timestampTableDdl } from './partition-fixture.js';
import { DEMO_TABLES, exampleProject, runSuite, tempDir, verdicts } from './support.js';

const project = process.env.DQ_BIGQUERY_PROJECT;
const location = process.env.DQ_BIGQUERY_LOCATION ?? 'US';
const adc = path.join(process.env.CLOUDSDK_CONFIG ?? path.join(homedir(), '.config', 'gcloud'), 'application_default_credentials.json');
const credentials = Boolean(process.env.GOOGLE_APPLICATION_CREDENTIALS) || existsSync(adc);
const live = Boolean(project) && credentials && !process.env[API_ENDPOINT_ENV];

const NAME = 'live BigQuery: the example suites on a temporary dataset give the same verdicts as DuckDB';

/** DuckDB column types of the demo warehouse → BigQuery. */
const BQ_TYPES: Record<string, string> = { VARCHAR: 'STRING', DATE: 'DATE', INTEGER: 'INT64', BIGINT: 'INT64', DOUBLE: 'FLOAT64', BOOLEAN: 'BOOL' };

it.skipIf(!live)(live ? NAME : `${NAME} (skipped: set DQ_BIGQUERY_PROJECT and credentials)`, { timeout: 900_000 }, async () => {
  const t = tempDir('dqgate-live-');
  const client = new BigQuery({ projectId: project, location });
  const dataset = client.dataset(`dqgate_test_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`);
  try {
    const warehouse = await exampleProject(t.dir, 'incident');

    // One temporary dataset holds the five tables (their names do not clash); the check files
    // are pointed at it.
    await dataset.create({ location, labels: { tool: 'dqgate', purpose: 'live-test' } });
    const instance = await DuckDBInstance.create(warehouse, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    try {
      for (const table of DEMO_TABLES) {
        const [schema, name] = table.split('.') as [string, string];
        const columns = (
          await connection.runAndReadAll(
            `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '${schema}' AND table_name = '${name}' ORDER BY ordinal_position`,
          )
        ).getRowObjectsJson() as { column_name: string; data_type: string }[];
        const file = path.join(t.dir, `${name}.json`);
        await connection.run(`COPY ${table} TO '${file}' (FORMAT JSON)`);
        const fields = columns.map((c) => {
          const type = BQ_TYPES[c.data_type];
          if (!type) throw new Error(`no BigQuery type for ${table}.${c.column_name} ${c.data_type}`);
          return { name: c.column_name, type };
        });
        await dataset.table(name).load(file, { sourceFormat: 'NEWLINE_DELIMITED_JSON', schema: { fields }, writeDisposition: 'WRITE_TRUNCATE' });
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    for (const file of readdirSync(path.join(t.dir, 'checks'))) {
      const full = path.join(t.dir, 'checks', file);
      writeFileSync(full, readFileSync(full, 'utf8').replace(/\bnba_(raw|analytics)\./g, `${dataset.id}.`));
    }
    const config = path.join(t.dir, 'checks.config.yaml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8')
        .replace(/project: .*/, `project: ${project}`)
        .replace(/location: .*/, `location: ${location}`)
        .replace(/maximum_bytes_billed: .*/, 'maximum_bytes_billed: 1 GB')
        .replace(/budget: .*/, 'budget: 5 GB'),
    );

    for (const suite of readdirSync(path.join(t.dir, 'suites')).map((f) => f.replace(/\.yaml$/, ''))) {
      const local = await runSuite(t.dir, suite, { target: 'local' });
      const prod = await runSuite(t.dir, suite, { target: 'prod' });
      expect(prod.target.engine).toBe('bigquery');
      // Compared without messages and keys that embed the dataset name.
      const strip = (v: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(v).map(([id, c]) => [id, { ...(c as object), message: undefined }]));
      expect(strip(verdicts(prod))).toEqual(strip(verdicts(local)));
      expect(prod.exit_code).toBe(local.exit_code);
      expect(prod.queries.every((q) => q.bytes_billed !== undefined)).toBe(true);
    }
  } finally {
    await dataset.delete({ force: true }).catch(() => undefined);
    t.cleanup();
  }
});

const TS_NAME = 'live BigQuery: a TIMESTAMP-partitioned table with require_partition_filter gives the same verdicts as DuckDB';

it.skipIf(!live)(live ? TS_NAME : `${TS_NAME} (skipped: set DQ_BIGQUERY_PROJECT and credentials)`, { timeout: 600_000 }, async () => {
  const t = tempDir('dqgate-live-ts-');
  const client = new BigQuery({ projectId: project, location });
  const dataset = client.dataset(`dqgate_test_ts_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`);
  try {
    await dataset.create({ location, labels: { tool: 'dqgate', purpose: 'live-test' } });
    await client.query({ query: timestampTableDdl(`\`${project}.${dataset.id}.ev_ts\``), location });
    // The same rows in DuckDB, under a schema of the dataset's name so one check file reads both.
    const instance = await DuckDBInstance.create(path.join(t.dir, 'w.duckdb'));
    const connection = await instance.connect();
    await connection.run(ROWS.replace('CREATE SCHEMA ds;', `CREATE SCHEMA ${dataset.id};`).replace(/\bds\./g, `${dataset.id}.`));
    connection.closeSync();
    instance.closeSync();
    const files: Record<string, string> = {
      'checks.config.yaml': `version: 1
target: local
targets:
  local: { engine: duckdb, path: w.duckdb }
  prod: { engine: bigquery, project: ${project}, location: ${location}, maximum_bytes_billed: 1 GB, budget: 1 GB }
timezone: America/New_York
vars: { since: '2026-01-09' }
`,
      // Every check is bounded by a window in days: constant predicates on ts, as the table requires.
      'checks/ev.yaml': `table: ${dataset.id}.ev_ts
partition: ts
checks:
  - name: window_rows
    row_count: { min: 1 }
    window: 3 days
  - name: calendar_coverage
    coverage: { column: usage, min: 90% }
    group_by: ts
    window: 5 days
    expected_partitions: { calendar: daily }
  - name: statuses
    accepted_values: { column: status, values: ['1', '2', '3'] }
    window: 5 days
  - name: fresh
    freshness: { column: ts, max_age: 2 days }
    window: 3 days
  - name: since
    row_count: { min: 1 }
    where: "ts >= '{{ var.since }}'"
    window: 3 days
`,
      'suites/all.yaml': "select: ['*']\n",
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(t.dir, file)), { recursive: true });
      writeFileSync(path.join(t.dir, file), text);
    }
    const local = await runSuite(t.dir, 'all', { target: 'local', asOf: '2026-01-10' });
    const prod = await runSuite(t.dir, 'all', { target: 'prod', asOf: '2026-01-10' });
    expect(prod.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(verdicts(prod)).toEqual(verdicts(local));
    expect(prod.checks.find((c) => c.name === 'window_rows')!.metric.value).toBe(27);
  } finally {
    await dataset.delete({ force: true }).catch(() => undefined);
    t.cleanup();
  }
});
