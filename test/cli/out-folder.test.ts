// Report outputs as CI uses them: `--out` on a folder the job made (`mktemp -d`), `--overwrite`
// of dq's own earlier report there (never a file dq did not write), and `reports: { keep: N }`
// pruning old run folders of reports/ (never latest's target, never an --out folder).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RUN_MANIFEST } from '../../src/reports/write.js';
import type { RunReport } from '../../src/run/report.js';
import { CONFIG, makeProject } from '../e2e/fixture.js';
import { dqIn } from './in-process.js';

const CHECKS = `table: shop.orders
partition: created_at
checks:
  - row_count: { min: 90 }
`;
const RUN = ['run', '--as-of', '2026-01-10', '-q'];

let cwd: string;
beforeAll(async () => {
  cwd = await makeProject({ 'checks/orders.yaml': CHECKS });
});

const emptyDir = () => mkdtempSync(path.join(tmpdir(), 'dq-out-'));
const reportOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as RunReport;

describe('--out', () => {
  it('accepts an existing empty folder (mktemp -d) and writes the report and manifest into it', async () => {
    const out = emptyDir();
    const result = await dqIn(cwd, [...RUN, '-f', 'console,json,markdown', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([RUN_MANIFEST, 'report.json', 'report.md']);
    expect(reportOf(out).exit_code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, RUN_MANIFEST), 'utf8'))).toMatchObject({ files: ['report.json', 'report.md'] });
    expect(JSON.parse(readFileSync(path.join(out, RUN_MANIFEST), 'utf8')).writing).toBeUndefined();
  });

  it('refuses a non-empty folder with exit 3 before anything runs, and leaves it alone', async () => {
    const out = emptyDir();
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const result = await dqIn(cwd, [...RUN, '-f', 'json', '--out', out]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`--out ${out} is not empty (1 entry); --overwrite replaces a report dq wrote there`);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  it('refuses a second run into the same folder without --overwrite', async () => {
    const out = emptyDir();
    expect((await dqIn(cwd, [...RUN, '-f', 'json', '--out', out])).code).toBe(0);
    const again = await dqIn(cwd, [...RUN, '-f', 'json', '--out', out]);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/is not empty/);
  });

  it('--overwrite replaces dq\'s earlier report, removes its files this run does not write, keeps foreign files', async () => {
    const out = emptyDir();
    const first = await dqIn(cwd, [...RUN, '-f', 'json,markdown,html', '--out', out]);
    expect(first.code).toBe(0);
    const firstId = reportOf(out).run_id;
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    mkdirSync(path.join(out, 'logs'));
    const second = await dqIn(cwd, [...RUN, '-f', 'json,junit', '--out', out, '--overwrite']);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([RUN_MANIFEST, 'junit.xml', 'logs', 'notes.txt', 'report.json']);
    expect(reportOf(out).run_id).not.toBe(firstId);
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(JSON.parse(readFileSync(path.join(out, RUN_MANIFEST), 'utf8'))).toMatchObject({ run_id: reportOf(out).run_id, files: ['report.json', 'junit.xml'] });
  });

  it('--overwrite never replaces a report-named file dq did not write (no manifest lists it): exit 3, untouched', async () => {
    const out = emptyDir();
    writeFileSync(path.join(out, 'report.json'), 'not dq');
    const result = await dqIn(cwd, [...RUN, '-f', 'json', '--out', out, '--overwrite']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('holds report.json, which dq did not write');
    expect(readdirSync(out)).toEqual(['report.json']);
    expect(readFileSync(path.join(out, 'report.json'), 'utf8')).toBe('not dq');
  });

  it('--overwrite does not delete a file a forged manifest lists when its name is not a report file', async () => {
    const out = emptyDir();
    writeFileSync(path.join(out, 'data.csv'), 'precious');
    writeFileSync(path.join(out, RUN_MANIFEST), JSON.stringify({ files: ['data.csv', '../checks.config.yaml'] }));
    const result = await dqIn(cwd, [...RUN, '-f', 'json', '--out', out, '--overwrite']);
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(out, 'data.csv'), 'utf8')).toBe('precious');
    expect(existsSync(path.join(cwd, 'checks.config.yaml'))).toBe(true);
  });

  it('--overwrite takes over a rewrite that was killed half-way (its manifest still says writing)', async () => {
    const out = emptyDir();
    writeFileSync(path.join(out, 'report.json'), '{"half": "old"}');
    writeFileSync(path.join(out, 'report.md'), 'new, from the killed run');
    writeFileSync(path.join(out, RUN_MANIFEST), JSON.stringify({ run_id: 'killed', files: ['report.json', 'report.md'], writing: true }));
    const result = await dqIn(cwd, [...RUN, '-f', 'json', '--out', out, '--overwrite']);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([RUN_MANIFEST, 'report.json']);
    expect(reportOf(out).exit_code).toBe(0);
  });

  it('--overwrite without --out is a usage error (reports/ run folders are never reused)', async () => {
    const result = await dqIn(cwd, [...RUN, '-f', 'json', '--overwrite']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('--overwrite applies to an --out folder');
  });
});

describe('reports: { keep: N }', () => {
  /** Complete run folders in reports/, oldest first, as dq left them. */
  const runFolders = (dir: string) =>
    readdirSync(path.join(dir, 'reports'))
      .filter((n) => n !== 'latest')
      .sort();

  it('keeps the N newest run folders after each run; latest points at the newest; foreign folders stay', async () => {
    const dir = await makeProject({ 'checks/orders.yaml': CHECKS, 'checks.config.yaml': `${CONFIG()}reports: { keep: 2 }\n` });
    mkdirSync(path.join(dir, 'reports', 'my-notes'), { recursive: true });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await dqIn(dir, [...RUN, '-f', 'json']);
      expect(result.code).toBe(0);
      ids.push(reportOf(path.join(dir, 'reports', 'latest')).run_id);
    }
    expect(new Set(ids).size).toBe(4);
    expect(runFolders(dir)).toEqual([...ids.slice(2), 'my-notes'].sort());
    expect(readlinkSync(path.join(dir, 'reports', 'latest'))).toBe(ids[3]);
  });

  it('never removes the run just written, even when newer folders exist; --out runs prune nothing', async () => {
    const dir = await makeProject({ 'checks/orders.yaml': CHECKS, 'checks.config.yaml': `${CONFIG()}reports: { keep: 1 }\n` });
    expect((await dqIn(dir, [...RUN, '-f', 'json'])).code).toBe(0);
    const latest = readlinkSync(path.join(dir, 'reports', 'latest'));
    // A newer complete run folder that latest does not point at (another machine's run, copied in).
    const newer = '29991231T235959Z-abcdef';
    mkdirSync(path.join(dir, 'reports', newer));
    writeFileSync(path.join(dir, 'reports', newer, RUN_MANIFEST), JSON.stringify({ run_id: newer }));
    const future = new Date(Date.now() + 3600_000);
    utimesSync(path.join(dir, 'reports', newer), future, future);
    // The config is read per run: keep 1 now prunes with `newer` as the newest folder.
    const result = await dqIn(dir, [...RUN, '-f', 'json', '--out', emptyDir()]);
    expect(result.code).toBe(0);
    expect(runFolders(dir)).toEqual([latest, newer].sort()); // --out runs prune nothing
    const managed = await dqIn(dir, [...RUN, '-f', 'json']);
    expect(managed.code).toBe(0);
    const now = readlinkSync(path.join(dir, 'reports', 'latest'));
    // The run just written is latest's target and stays; `newer` is the newest by time and stays;
    // the first run, older than both, goes.
    expect(runFolders(dir)).toEqual([now, newer].sort());
  });

  it('is validated: keep must be a whole number ≥ 1 (exit 3)', async () => {
    const dir = await makeProject({ 'checks/orders.yaml': CHECKS, 'checks.config.yaml': `${CONFIG()}reports: { keep: 0 }\n` }, { warehouse: false });
    const result = await dqIn(dir, [...RUN, '-f', 'json']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/reports\.keep|keep/);
  });
});
