// A check file may read the warehouse's tables and nothing else: no file of the runner, no URL,
// no extension download. Whatever a `sql` or `metric` check tries, it ends as an `error` (exit 2)
// whose message, console output and reports hold nothing of what it tried to read.
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run/report.js';
import { dq as dqIn } from './cli.js';
import { makeProject } from './fixture.js';

/** `dq` in this process (the proxy below answers meanwhile), stdout and stderr together. */
async function dq(cwd: string, args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  const result = await dqIn(cwd, args, env);
  return { code: result.code, output: result.stdout + result.stderr };
}

/** A runner's home folder holding a secret file, and the markers that must never be printed. */
function home() {
  const dir = mkdtempSync(path.join(tmpdir(), 'dqgate-home-'));
  const secret = `CONTENT-${process.pid}-${Date.now()}`;
  const name = `NAME${process.pid}x${Date.now()}`;
  writeFileSync(path.join(dir, 'secret.txt'), `${secret}\n`);
  writeFileSync(path.join(dir, 'secret.csv'), `${secret}\n`);
  writeFileSync(path.join(dir, `${name}.txt`), 'listed by a glob only\n');
  return { dir, secret, name };
}

/** Every text dq left behind in the project's reports folder. */
function reportsText(cwd: string): string {
  const root = path.join(cwd, 'reports');
  if (!existsSync(root)) return '';
  return (readdirSync(root, { recursive: true }) as string[])
    .map((file) => path.join(root, file))
    .filter((file) => statSync(file).isFile())
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}

function latestReport(cwd: string): RunReport {
  const [run] = readdirSync(path.join(cwd, 'reports')).filter((d) => d !== 'latest');
  return JSON.parse(readFileSync(path.join(cwd, 'reports', run!, 'report.json'), 'utf8')) as RunReport;
}

const status = (report: RunReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]));

describe('a locked-down DuckDB engine', () => {
  it('turns checks that read files of the runner into errors that show none of their content', async () => {
    const { dir, secret, name } = home();
    const txt = path.join(dir, 'secret.txt');
    const csv = path.join(dir, 'secret.csv');
    const cwd = await makeProject({
      'checks/orders.yaml': `table: shop.orders
checks:
  - { name: rows, row_count: { min: 90 } }
  - { name: passwd, sql: "SELECT * FROM read_text('/etc/passwd')" }
  - { name: secret_csv, sql: "SELECT * FROM read_csv('${csv}', header = false)" }
  - { name: home_glob, sql: "SELECT * FROM glob('${dir}/*')" }
  - { name: path_as_table, sql: "SELECT * FROM '${csv}'" }
  - { name: cast_text, sql: "SELECT CAST(content AS INTEGER) AS n FROM read_text('${txt}')" }
  - { name: cast_path, sql: "SELECT CAST(COLUMNS(*) AS INTEGER) FROM '${csv}'" }
  - name: metric_subquery
    metric: { expression: "max(length((SELECT content FROM read_text('${txt}'))))", max: 0 }
  - name: metric_cast
    metric: { expression: "max(CAST((SELECT content FROM read_text('${txt}')) AS INTEGER))", max: 0 }
`,
    });
    const result = await dq(cwd, ['run', '--as-of', '2026-01-10', '--format', 'console,json,junit,markdown,html', '--no-drill-down'], { HOME: dir });
    expect(result.code).toBe(2);
    const report = latestReport(cwd);
    expect(report.exit_code).toBe(2);
    expect(status(report)).toEqual({
      'orders.rows': 'pass',
      'orders.passwd': 'error',
      'orders.secret_csv': 'error',
      'orders.home_glob': 'error',
      'orders.path_as_table': 'error',
      'orders.cast_text': 'error',
      'orders.cast_path': 'error',
      'orders.metric_subquery': 'error',
      'orders.metric_cast': 'error',
    });
    const everything = result.output + reportsText(cwd);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(name);
    expect(everything).not.toMatch(/root:[^:\n]*:0:0/);
  });

  it('fails an https:// or s3:// path or an extension function at once: no request leaves, no extension is installed', async () => {
    const { dir } = home();
    const requests: string[] = [];
    // Every HTTP request of the child goes to this proxy: DuckDB reads HTTP_PROXY for extension downloads.
    const proxy = net.createServer((socket) => {
      socket.once('data', (data: Buffer) => requests.push(data.toString().split('\r\n')[0]!));
      socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    try {
      const cwd = await makeProject({
        'checks/orders.yaml': `table: shop.orders
checks:
  - { name: rows, row_count: { min: 90 } }
  - { name: https_table, sql: "SELECT * FROM 'https://example.com/data.parquet'" }
  - { name: s3_table, sql: "SELECT * FROM 's3://bucket/data.csv'" }
  - { name: https_reader, sql: "SELECT * FROM read_csv('https://example.com/data.csv')" }
  - { name: extension_table_function, sql: "SELECT * FROM iceberg_scan('s3://bucket/table')" }
  - { name: extension_scalar_function, sql: "SELECT ST_Point(1, 2) AS p" }
`,
      });
      const result = await dq(cwd, ['run', '--as-of', '2026-01-10', '--no-drill-down'], {
        HOME: dir,
        HTTP_PROXY: url,
        http_proxy: url,
        HTTPS_PROXY: url,
        https_proxy: url,
      });
      expect(result.code).toBe(2);
      expect(status(latestReport(cwd))).toEqual({
        'orders.rows': 'pass',
        'orders.https_table': 'error',
        'orders.s3_table': 'error',
        'orders.https_reader': 'error',
        'orders.extension_table_function': 'error',
        'orders.extension_scalar_function': 'error',
      });
      expect(requests).toEqual([]);
      expect(existsSync(path.join(dir, '.duckdb'))).toBe(false);
    } finally {
      proxy.close();
    }
  });
});
