// BigQuery offline, no credentials, as a laptop or a CI job without a network sees it: the client
// looks for application default credentials, gcp-metadata probes the metadata server (here a local
// one that answers 403, as a proxy that forbids it does: gcp-metadata warns, MetadataLookupWarning,
// on any answer but 404; a 5xx would be retried three times with backoff, ~2 s of waiting), and
// every request fails the same way. dq's console gets
// neither the library's MetadataLookupWarning nor one copy of the same error per check. And the
// client dq builds itself, without credentials, against an emulator. (Both leave Google auth
// state in the process: this file runs in a fresh one, see vitest.config.ts.)
import { BigQuery } from '@google-cloud/bigquery';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBigQueryEngine } from '../../src/engines/bigquery.js';
import type { Engine } from '../../src/engines/engine.js';
import { bigQueryEngineOptions, type EngineFactory } from '../../src/engines/open.js';
import { collapseRepeats } from '../../src/reports/collapse.js';
import { dqIn } from '../cli/in-process.js';
import { makeProject } from '../e2e/fixture.js';
import { startBigQueryServer, type BigQueryTestServer } from '../support/bigquery-server/index.js';

const CONFIG = `version: 1
target: prod
targets:
  prod:
    engine: bigquery
    project: offline-project
    location: US
vars: { since: '2026-01-01', min_amount: 0 }
timezone: UTC
`;
// Four checks in four queries (aggregate, unique, rows per group, relationships): four requests
// that fail with one message.
const CHECKS = `table: shop.orders
partition: created_at
checks:
  - row_count: { min: 1 }
  - unique: [id]
  - rows_per_group: { by: created_at, min: 1 }
  - relationships: { column: customer_id, to: shop.customers, field: customer_id }
`;

const ENV = ['GCE_METADATA_HOST', 'GCE_METADATA_IP', 'METADATA_SERVER_DETECTION', 'GOOGLE_APPLICATION_CREDENTIALS', 'HOME', 'CLOUDSDK_CONFIG', 'DQ_DEBUG', 'NO_COLOR'];
const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
let metadata: Server;
let probes = 0;
let refused: Server;
let cwd: string;
const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);

/** dq's own engine, with the client pointed at a port where nothing answers. */
let openOffline: EngineFactory;

beforeAll(async () => {
  metadata = createServer((_req, res) => {
    probes++;
    res.writeHead(403).end('proxy error');
  });
  await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
  // A port that was just free: connections to it are refused.
  refused = createServer();
  await new Promise<void>((resolve) => refused.listen(0, '127.0.0.1', resolve));
  const deadPort = (refused.address() as AddressInfo).port;
  await new Promise<void>((resolve) => refused.close(() => resolve()));

  const home = mkdtempSync(path.join(tmpdir(), 'dq-nohome-'));
  for (const name of ENV) delete process.env[name];
  Object.assign(process.env, { GCE_METADATA_HOST: `127.0.0.1:${(metadata.address() as AddressInfo).port}`, HOME: home, CLOUDSDK_CONFIG: home, NO_COLOR: '1' });
  openOffline = async (target, context) =>
    createBigQueryEngine({
      ...(await bigQueryEngineOptions(target, context, {})),
      client: new BigQuery({ projectId: 'offline-project', apiEndpoint: `http://127.0.0.1:${deadPort}`, retryOptions: { autoRetry: false } }),
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
  cwd = await makeProject({ 'checks.config.yaml': CONFIG, 'checks/orders.yaml': CHECKS }, { warehouse: false });
  process.on('warning', onWarning);
});

afterAll(async () => {
  process.off('warning', onWarning);
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await new Promise<void>((resolve) => metadata.close(() => resolve()));
});

/** Warnings are emitted on the next tick: let them arrive before looking. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** The same engine without table metadata, so each check's dry run meets the refused connection. */
const openOfflineDryRunsOnly: EngineFactory = async (target, context) => {
  const engine = await openOffline(target, context);
  return { name: engine.name, execute: (r) => engine.execute(r), dryRun: (r) => engine.dryRun!(r), close: () => engine.close() };
};

describe('an offline BigQuery target without credentials', () => {
  it('dq run --dry-run: no MetadataLookupWarning, and the four identical errors on one line with ×4 (exit 2)', async () => {
    const result = await dqIn(cwd, ['run', '--dry-run'], { openEngine: openOfflineDryRunsOnly });
    await settle();
    expect(result.code, result.stderr).toBe(2);
    // The credential lookup did probe the metadata server, which is what emits the warning.
    expect(probes).toBeGreaterThan(0);
    expect(warnings.map((w) => w.name)).not.toContain('MetadataLookupWarning');
    expect(result.stderr).not.toMatch(/MetadataLookupWarning/);
    const lines = result.stdout.split('\n');
    expect(lines[1]).toBe('4 checks would not run:');
    const refusedLines = lines.filter((l) => /ECONNREFUSED/.test(l));
    expect(refusedLines).toHaveLength(1);
    expect(refusedLines[0]).toMatch(/^  orders\.row_count, orders\.unique_id, orders\.rows_per_group and 1 more: .*ECONNREFUSED.* \(×4\)$/);
  }, 30_000);

  it('dq run: the Problems section lists the shared error once with ×4; every check keeps its own ERROR line', async () => {
    const result = await dqIn(cwd, ['run', '--as-of', '2026-01-10', '-f', 'console'], { openEngine: openOffline });
    await settle();
    expect(result.code).toBe(2);
    expect(warnings.map((w) => w.name)).not.toContain('MetadataLookupWarning');
    const problems = result.stdout.slice(result.stdout.indexOf('\nProblems\n'));
    expect(problems.match(/ECONNREFUSED/g)).toHaveLength(1);
    expect(problems).toMatch(/\n {2}ERROR orders\.row_count, orders\.unique_id, orders\.rows_per_group and 1 more \(×4\)\n {4}.*ECONNREFUSED/);
    expect(result.stdout.match(/^ {2}ERROR orders\.\S+ +.*ECONNREFUSED/gm)).toHaveLength(4);
  }, 30_000);

  it('dq validate --dry-run: the four rejected checks share one line with ×4, each named with its file and line', async () => {
    const result = await dqIn(cwd, ['validate', '--dry-run'], { openEngine: openOfflineDryRunsOnly });
    await settle();
    expect(result.code, result.stderr).toBe(2);
    expect(warnings.map((w) => w.name)).not.toContain('MetadataLookupWarning');
    const lines = result.stdout.split('\n').filter((l) => /ECONNREFUSED/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^  orders\.row_count \(checks\/orders\.yaml:4\), orders\.unique_id \(checks\/orders\.yaml:5\), .* and 1 more: .*ECONNREFUSED.* \(×4\)$/);
  }, 30_000);

  it('dq run --dry-run: the schema lookup fails first, on one line, no MetadataLookupWarning (exit 2)', async () => {
    const result = await dqIn(cwd, ['run', '--dry-run'], { openEngine: openOffline });
    await settle();
    expect(result.code, result.stderr).toBe(2);
    expect(warnings.map((w) => w.name)).not.toContain('MetadataLookupWarning');
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^dq: cannot read the schema of shop\.orders: .*ECONNREFUSED[^\n]*\n$/);
  }, 30_000);

  it('silences only MetadataLookupWarning: other warnings still reach the process', async () => {
    await (await openOffline({ name: 'prod', engine: 'bigquery', options: { project: 'offline-project' } } as never, {})).close();
    process.emitWarning('received unexpected error', 'MetadataLookupWarning');
    process.emitWarning('something else', 'DeprecationWarning', 'DQ_TEST');
    await settle();
    const names = warnings.map((w) => w.name);
    expect(names).not.toContain('MetadataLookupWarning');
    expect(names).toContain('DeprecationWarning');
  });
});

describe('collapseRepeats', () => {
  it('keeps distinct messages apart, in first-seen order, and counts the shared one', () => {
    expect(
      collapseRepeats([
        { subject: 'a', message: 'down' },
        { subject: 'b', message: 'typo in column x' },
        { subject: 'c', message: 'down' },
      ]),
    ).toEqual(['a, c: down (×2)', 'b: typo in column x']);
  });

  it('names three subjects and counts the rest', () => {
    const problems = ['a', 'b', 'c', 'd', 'e'].map((subject) => ({ subject, message: 'ENOTFOUND' }));
    expect(collapseRepeats(problems)).toEqual(['a, b, c and 2 more: ENOTFOUND (×5)']);
  });

  it('keeps both parts inert (control characters shown escaped)', () => {
    const [line] = collapseRepeats([
      { subject: 'a', message: 'bad\u001b[2Jvalue' },
      { subject: 'b', message: 'bad\u001b[2Jvalue' },
    ]);
    expect(line).not.toContain('\u001b');
    expect(line).toMatch(/\(×2\)$/);
  });
});

describe('default client', () => {
  let server: BigQueryTestServer;
  let engine: Engine | undefined;
  beforeAll(async () => {
    server = await startBigQueryServer({ pageSize: 1000, maxWaitMs: 200 });
  });
  afterAll(async () => {
    await engine?.close();
    await server.close();
  });

  it('is built from the target options and leaves retries to the engine', async () => {
    // The client honours BIGQUERY_EMULATOR_HOST; with no application default credentials
    // (empty gcloud config dir, no metadata server) it sends requests without auth.
    const saved = { ...process.env };
    process.env.BIGQUERY_EMULATOR_HOST = `${server.url}/bigquery/v2`;
    process.env.METADATA_SERVER_DETECTION = 'none';
    process.env.CLOUDSDK_CONFIG = mkdtempSync(path.join(tmpdir(), 'dq-gcloud-'));
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    try {
      const sleeps: number[] = [];
      engine = createBigQueryEngine({ project: 'test-project', location: 'EU', sleep: async (ms) => void sleeps.push(ms) });
      server.faults.failNext(2, 503, { kind: 'jobs.insert' });
      const result = await engine.execute({ id: 'q1', sql: 'SELECT 1 AS x', params: [] });
      expect(result.rows).toEqual([{ x: 1 }]);
      // Two 503s, two engine backoffs, three inserts: the client itself did not retry.
      const inserts = server.requestsOf('jobs.insert');
      expect(inserts.map((r) => r.status)).toEqual([503, 503, 200]);
      expect(sleeps).toHaveLength(2);
      expect((inserts[2]!.body as any).jobReference).toMatchObject({ projectId: 'test-project', location: 'EU' });
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
