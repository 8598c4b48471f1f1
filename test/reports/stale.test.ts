// Leftovers of killed runs are removed by the next run that writes reports beside them; what a
// live run (another process, or this one) is writing at that moment is left alone.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lutimesSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FILE_FORMATS, renderers } from '../../src/reports/formats.js';
import { processAlive, RUN_MANIFEST } from '../../src/reports/stale.js';
import { writeReportFiles } from '../../src/reports/write.js';
import type { RunReport } from '../../src/run/report.js';
import { clone, loadFixture } from './helpers.js';

const all = { formats: [...FILE_FORMATS], renderers };
const MINUTE = 60_000;

/** A pid no process has: a child that has exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid!;
  expect(processAlive(pid)).toBe(false);
  return pid;
}

/** Another process that is alive for the whole test file, standing in for a run writing in parallel. */
const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
afterAll(() => {
  other.kill();
});

function ago(path: string, ms: number, link = false): void {
  const t = new Date(Date.now() - ms);
  if (link) lutimesSync(path, t, t);
  else utimesSync(path, t, t);
}

/** A temp folder as a run writing reports leaves it: `.<run>.<pid>.<hex>.tmp` holding report files. */
function tempFolder(root: string, pid: number, age: number, hex = 'a1b2c3d4e5f6'): string {
  const name = `.20260104T003107Z-9f8e7d.${pid}.${hex}.tmp`;
  mkdirSync(join(root, name));
  writeFileSync(join(root, name, 'report.json'), '{}');
  ago(join(root, name), age);
  return name;
}

function report(id: string): RunReport {
  const r = clone(loadFixture('incident'));
  r.run_id = id;
  return r;
}

describe('stale leftovers', () => {
  it('removes temps whose writer is gone, keeps those a live process may still be writing', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'dq-stale-')), 'reports');
    mkdirSync(root);
    const dead = deadPid();
    expect(processAlive(other.pid!)).toBe(true);
    const stale = tempFolder(root, dead, 60 * MINUTE, '000000000001');
    const staleFile = `.report.json.${dead}.00000000000a.tmp`;
    writeFileSync(join(root, staleFile), 'half');
    ago(join(root, staleFile), 60 * MINUTE);
    const staleLink = `.latest.${dead}.00000000000b.tmp`;
    symlinkSync('nowhere', join(root, staleLink));
    ago(join(root, staleLink), 60 * MINUTE, true);
    // A parallel run's temp folder: its writer is alive, however long it has been writing.
    const parallel = tempFolder(root, other.pid!, 60 * MINUTE, '000000000002');
    const ours = tempFolder(root, process.pid, 60 * MINUTE, '000000000003');
    // A writer that is gone, but only just: the folder may be on a disk another machine writes to.
    const recent = tempFolder(root, dead, 1 * MINUTE, '000000000004');
    // Untouched for two days: abandoned, whatever its pid says (pids are reused).
    const abandoned = tempFolder(root, other.pid!, 48 * 60 * MINUTE, '000000000005');

    await writeReportFiles(report('20260104T010000Z-c0ffee'), { outDir: join(root, '20260104T010000Z-c0ffee'), latestDir: join(root, 'latest'), ...all });

    const left = readdirSync(root);
    for (const name of [stale, staleFile, staleLink, abandoned]) expect(left, name).not.toContain(name);
    for (const name of [parallel, ours, recent]) expect(left, name).toContain(name);
    expect(existsSync(join(root, parallel, 'report.json'))).toBe(true);
  });

  it('removes run folders a killed run of an older dq left without a manifest, nothing else', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'dq-stale-')), 'reports');
    const folder = (name: string, files: string[], age: number) => {
      mkdirSync(join(root, name), { recursive: true });
      for (const f of files) writeFileSync(join(root, name, f), 'x');
      ago(join(root, name), age);
      return name;
    };
    const partial = folder('20260103T120000Z-abcdef', ['report.json', `.junit.xml.${deadPid()}.0123456789ab.tmp`], 60 * MINUTE);
    const complete = folder('20260103T110000Z-abcdef', ['report.json', RUN_MANIFEST], 60 * MINUTE);
    const justNow = folder('20260103T130000Z-abcdef', ['report.json'], 1 * MINUTE);
    const notARun = folder('screenshots', ['report.json'], 60 * MINUTE);
    const userFiles = folder('20260103T140000Z-abcdef', ['report.json', 'notes.txt'], 60 * MINUTE);
    const empty = folder('20260103T150000Z-abcdef', [], 60 * MINUTE);

    await writeReportFiles(report('20260104T010000Z-c0ffee'), { outDir: join(root, '20260104T010000Z-c0ffee'), latestDir: join(root, 'latest'), ...all });
    const left = readdirSync(root);
    expect(left).not.toContain(partial);
    for (const name of [complete, justNow, notARun, userFiles, empty]) expect(left, name).toContain(name);
  });

  it('beside an --out folder only removes its own temps, never a folder without a manifest', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dq-stale-'));
    mkdirSync(join(root, '20260103T120000Z-abcdef'));
    writeFileSync(join(root, '20260103T120000Z-abcdef', 'report.json'), 'x');
    ago(join(root, '20260103T120000Z-abcdef'), 60 * MINUTE);
    const stale = tempFolder(root, deadPid(), 60 * MINUTE);
    await writeReportFiles(report('r'), { outDir: join(root, 'out'), ...all });
    expect(readdirSync(root).sort()).toEqual(['20260103T120000Z-abcdef', 'out'].sort());
    expect(readdirSync(root)).not.toContain(stale);
  });
});
