// Smoke tests of the real, built `dq` process (bin/dq.js → dist/): what only a process shows,
// its exit status and what it loads at start-up. Behaviour is tested in-process (test/e2e/cli.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtBin } from './built-bin.js';
import { makeProject } from './fixture.js';

let bin: string;
beforeAll(async () => {
  bin = await builtBin();
}, 300_000);

/**
 * Runs node; `imports` lists the packages it imported or required (bare specifiers, first import
 * first), `esm` those of them loaded through the ES module loader (import, not require).
 */
function nodeProcess(cwd: string, args: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dqgate-imports-'));
  const log = path.join(dir, 'imports.txt');
  writeFileSync(log, '');
  writeFileSync(
    path.join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (!/^(\\.|\\/|node:|file:|data:)/.test(specifier)) appendFileSync(${JSON.stringify(log)}, 'import ' + specifier + '\\n');
  return next(specifier, context);
}
`,
  );
  // ES modules through a resolve hook, CommonJS requires (createRequire too) through Module._load.
  writeFileSync(
    path.join(dir, 'register.mjs'),
    `import Module, { register } from 'node:module';
import { appendFileSync } from 'node:fs';
register(${JSON.stringify(`file://${dir}/hooks.mjs`)});
const load = Module._load;
Module._load = function (request, ...rest) {
  if (!/^(\\.|\\/|node:)/.test(request) && !Module.isBuiltin(request)) appendFileSync(${JSON.stringify(log)}, 'require ' + request + '\\n');
  return load.call(this, request, ...rest);
};
`,
  );
  const result = spawnSync(process.execPath, ['--import', path.join(dir, 'register.mjs'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 60_000,
  });
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => line.split(' ') as [string, string]);
  const imports = [...new Set(lines.map(([, name]) => name))];
  const esm = [...new Set(lines.filter(([how]) => how === 'import').map(([, name]) => name))];
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, imports, esm };
}

const dqProcess = (cwd: string, args: string[]) => nodeProcess(cwd, [bin, ...args]);

const ENGINE_SDKS = ['@duckdb/node-api', '@google-cloud/bigquery'];
const HEAVY = [...ENGINE_SDKS, 'ajv', 'xmlbuilder2', 'log-update', 'yaml'];
const ORDERS = 'table: shop.orders\nchecks:\n  - row_count: { min: 90 }\n  - coverage: { column: amount, min: 90% }\n';

describe('the built dq binary', () => {
  it('--version prints the package version and loads commander only: no engine SDK, loader or reporter', async () => {
    const cwd = await makeProject({}, { warehouse: false });
    const result = dqProcess(cwd, ['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`);
    expect(result.imports).toEqual(['commander']);
    for (const name of HEAVY) expect(result.imports).not.toContain(name);
  });

  it("validate loads no engine SDK or report library, and not ajv's compiler (validators are precompiled)", async () => {
    // validate checks that the DuckDB file exists (without opening it), so the project has one.
    const cwd = await makeProject({ 'checks/orders.yaml': ORDERS });
    const result = dqProcess(cwd, ['validate']);
    expect(result).toMatchObject({ code: 0, stdout: 'valid: 2 checks in 1 files, 0 suites\n' });
    for (const name of [...ENGINE_SDKS, 'xmlbuilder2', 'log-update', 'ajv']) expect(result.imports).not.toContain(name);
  });

  it('run ends the process with exit status 1 when a check fails, after writing the report; DuckDB only', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': ORDERS });
    const result = dqProcess(cwd, ['run', '--as-of', '2026-01-10', '--no-drill-down']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('exit 1 (gate closed)');
    const [run] = readdirSync(path.join(cwd, 'reports')).filter((d) => d !== 'latest');
    expect(JSON.parse(readFileSync(path.join(cwd, 'reports', run!, 'report.json'), 'utf8')).exit_code).toBe(1);
    expect(result.imports).toContain('@duckdb/node-api');
    expect(result.imports).not.toContain('@google-cloud/bigquery');
    expect(result.imports).not.toContain('xmlbuilder2'); // console and json only: no JUnit library
  });

  it('run --format json loads DuckDB and what the run needs, no SQL formatter, BigQuery SDK, report library or live display', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': ORDERS });
    const result = dqProcess(cwd, ['run', '--as-of', '2026-01-10', '--no-drill-down', '-f', 'json', '-o', 'out']);
    expect(result.code).toBe(1);
    expect(JSON.parse(readFileSync(path.join(cwd, 'out', 'report.json'), 'utf8')).exit_code).toBe(1);
    expect(result.imports).toContain('@duckdb/node-api');
    // Required, not imported: through the ES module loader its ~180 CommonJS files load several times slower.
    expect(result.esm).not.toContain('@duckdb/node-api');
    // stderr is a pipe here: progress is plain lines, so log-update (a live region) is not needed.
    for (const name of ['@google-cloud/bigquery', 'xmlbuilder2', 'log-update', 'ajv']) expect(result.imports).not.toContain(name);
  });

  it('run loads the JUnit library when junit.xml is asked for, and writes it', async () => {
    const cwd = await makeProject({ 'checks/orders.yaml': ORDERS });
    const result = dqProcess(cwd, ['run', '--as-of', '2026-01-10', '--no-drill-down', '-f', 'junit', '-o', 'out']);
    expect(result.code).toBe(1);
    expect(readFileSync(path.join(cwd, 'out', 'junit.xml'), 'utf8')).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>/);
    expect(result.imports).toContain('xmlbuilder2');
  });
});

describe('the built library', () => {
  it("import from 'dqgate' goes through exports: no engine SDK loaded; private modules refused", async () => {
    const script = `
      const api = await import('dqgate');
      const engines = Object.keys(await import('dqgate/engines')).sort();
      let deep = 'allowed';
      try { await import('dqgate/dist/engines/duckdb.js'); } catch (e) { deep = e.code; }
      console.log(JSON.stringify({ api: ['loadProject', 'selectChecks', 'compile', 'run', 'openEngine', 'validateReport'].filter((k) => typeof api[k] !== 'function'), engines, deep }));
    `;
    // Self-reference: inside the package folder, 'dqgate' resolves through package.json exports.
    const result = nodeProcess(process.cwd(), ['--input-type=module', '-e', script]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ api: [], engines: ['createBigQueryEngine', 'createDuckDbEngine'], deep: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
    // 'dqgate' was imported (with all it imports) before 'dqgate/engines', which loads the SDKs.
    const before = result.imports.slice(0, result.imports.indexOf('dqgate/engines'));
    expect(before).toContain('dqgate');
    expect(before).toContain('ajv');
    for (const name of ENGINE_SDKS) expect(before).not.toContain(name);
    expect(result.imports).toContain('@duckdb/node-api');
  });
});
