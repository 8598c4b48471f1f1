// Smoke test of the real `dq` process: SIGTERM while a query is starting (its BigQuery
// jobs.insert sent, never answered: the reported 110 s hang that then exited 0) ends the process
// with exit 130, promptly, with the report of what finished.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunReport } from '../../src/run/report.js';
import { builtBin } from '../e2e/built-bin.js';

let BIN: string;

/** A BigQuery endpoint that answers tables.get and dry runs and holds every real jobs.insert forever. */
let held = 0;
const pending: ServerResponse[] = [];
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let text = '';
  req.on('data', (chunk: Buffer) => (text += chunk.toString()));
  req.on('end', () => {
    const body = text ? JSON.parse(text) : {};
    const configuration = body.configuration ?? {};
    if (req.method === 'POST' && /\/jobs$/.test(req.url!.split('?')[0]!)) {
      if (configuration.dryRun) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'bigquery#job',
            jobReference: { ...body.jobReference, projectId: 'p' },
            configuration,
            statistics: { totalBytesProcessed: '100', query: { totalBytesProcessed: '100', statementType: 'SELECT' } },
            status: { state: 'DONE' },
          }),
        );
        return;
      }
      held++;
      pending.push(res); // the query is starting, and stays so
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    // tables.get (dq learns the table's columns before compiling): a table resource.
    if (req.method === 'GET' && /\/datasets\/[^/]+\/tables\/[^/]+$/.test(req.url!.split('?')[0]!)) {
      res.end(JSON.stringify({ kind: 'bigquery#table', schema: { fields: [{ name: 'id', type: 'INTEGER' }] } }));
      return;
    }
    res.end('{}');
  });
});

let url: string;
let cwd: string;
beforeAll(async () => {
  BIN = await builtBin();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cwd = mkdtempSync(path.join(tmpdir(), 'dqgate-sigterm-'));
  writeFileSync(
    path.join(cwd, 'checks.config.yaml'),
    'version: 1\ntarget: prod\ntargets:\n  prod:\n    engine: bigquery\n    project: p\n    location: US\ntimezone: UTC\n',
  );
  mkdirSync(path.join(cwd, 'checks'));
  writeFileSync(path.join(cwd, 'checks', 'orders.yaml'), 'table: shop.orders\nchecks:\n  - row_count: { min: 1 }\n');
});
afterAll(async () => {
  for (const res of pending) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

it('SIGTERM while a query starts: exit 130 within a few seconds, report of what finished', async () => {
  const out = path.join(cwd, 'out');
  const child = spawn(process.execPath, [BIN, 'run', '--as-of', '2026-01-10', '-f', 'console,json', '-o', out], {
    cwd,
    env: { ...process.env, DQ_BIGQUERY_API_ENDPOINT: url, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

  const start = Date.now();
  while (held === 0) {
    if (Date.now() - start > 30_000) throw new Error(`no query started; stderr: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const signalled = Date.now();
  child.kill('SIGTERM');
  const code = await exited;
  const tookMs = Date.now() - signalled;

  expect(code, stderr).toBe(130);
  expect(tookMs).toBeLessThan(5_000); // 2 s in the product; generous for a loaded machine
  expect(stderr).toContain('dq: SIGTERM: cancelling');
  expect(stdout).toContain('exit 130');
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
  expect(report.exit_code).toBe(130);
  expect(report.checks.map((c) => [c.id, c.status, c.message])).toEqual([['orders.row_count', 'error', 'interrupted']]);
}, 60_000);
