// `dq init`, in-process: the scaffold, its schema modelines, .gitignore entries, never
// overwriting, and a scaffold that passes `dq validate` once its warehouse file exists.
import { DuckDBInstance } from '@duckdb/node-api';
import { Ajv } from 'ajv';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';

const PACKAGE_ROOT = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
const SCAFFOLD = ['checks.config.yaml', 'checks/example.yaml', 'suites/default.yaml'];

/** `dq <args>` in this process, with stdout and stderr captured. */
async function dq(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: await main(['node', 'dq', ...args]), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const newFolder = () => mkdtempSync(path.join(tmpdir(), 'dqgate-init-'));
const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('dq init', () => {
  it('writes the config, a check file and a suite, and passes dq validate once the warehouse file exists', async () => {
    const dir = path.join(newFolder(), 'project'); // created when missing
    const init = await dq(['init', dir]);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('created in');
    for (const file of SCAFFOLD) expect(read(dir, file).length, file).toBeGreaterThan(0);
    expect(parse(read(dir, 'checks.config.yaml'))).toMatchObject({ targets: { local: { engine: 'duckdb', path: 'warehouse.duckdb' } } });

    const config = path.join(dir, 'checks.config.yaml');
    const before = await dq(['validate', '--config', config]);
    expect(before.code).toBe(3);
    expect(before.stderr).toContain('the DuckDB file of target "local" (the target validated) does not exist');

    (await DuckDBInstance.create(path.join(dir, 'warehouse.duckdb'))).closeSync();
    const after = await dq(['validate', '--config', config]);
    expect(after).toEqual({ code: 0, stdout: 'valid: 2 checks in 1 files, 1 suites\n', stderr: '' });
    const list = await dq(['list', 'default', '--config', config]);
    expect(list.stdout).toContain('2 checks');
  });

  it('each YAML file names, in its modeline, the published schema of an npm install, which accepts it', async () => {
    const dir = newFolder();
    expect((await dq(['init', dir])).code).toBe(0);
    // An install as npm makes it: node_modules/dqgate is the package.
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(PACKAGE_ROOT, path.join(dir, 'node_modules', 'dqgate'));
    const ajv = new Ajv({ strict: false, allowUnionTypes: true });
    for (const file of SCAFFOLD) {
      const text = read(dir, file);
      const schemaPath = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text)?.[1];
      expect(schemaPath, file).toBeDefined();
      const schemaFile = path.resolve(path.dirname(path.join(dir, file)), schemaPath!);
      expect(path.relative(dir, schemaFile)).toMatch(/^node_modules\/dqgate\/docs\/schema\/[a-z-]+\.schema\.json$/);
      const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
      expect(validate(parse(text)), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('adds .dq/ and reports/ to .gitignore, keeping what it holds and never adding one twice', async () => {
    const dir = newFolder();
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n.dq');
    expect((await dq(['init', dir])).code).toBe(0);
    expect(read(dir, '.gitignore')).toBe('node_modules/\n.dq\nreports/\n');

    const fresh = newFolder();
    expect((await dq(['init', fresh])).code).toBe(0);
    expect(read(fresh, '.gitignore')).toBe('.dq/\nreports/\n');
  });

  it('refuses to overwrite: exit 3 naming every existing file, and nothing is written', async () => {
    const dir = newFolder();
    mkdirSync(path.join(dir, 'suites'));
    writeFileSync(path.join(dir, 'checks.config.yaml'), 'mine\n');
    writeFileSync(path.join(dir, 'suites', 'default.yaml'), 'mine too\n');
    const result = await dq(['init', dir]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`${path.join(dir, 'checks.config.yaml')} already exists; dq init never overwrites a file`);
    expect(result.stderr).toContain(`${path.join(dir, 'suites', 'default.yaml')} already exists`);
    expect(read(dir, 'checks.config.yaml')).toBe('mine\n');
    expect(read(dir, 'suites/default.yaml')).toBe('mine too\n');
    expect(() => read(dir, 'checks/example.yaml')).toThrow(/ENOENT/);
    expect(() => read(dir, '.gitignore')).toThrow(/ENOENT/);
  });

  it('defaults to the current folder', async () => {
    const dir = newFolder();
    const cwd = vi.spyOn(process, 'cwd').mockReturnValue(dir);
    try {
      expect((await dq(['init'])).code).toBe(0);
    } finally {
      cwd.mockRestore();
    }
    expect(read(dir, 'checks/example.yaml')).toContain('table: main.example');
  });
});
