import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FILE_FORMATS, renderers } from '../../src/reports/formats.js';
import { validateReport } from '../../src/reports/report-schema.js';
import { RUN_MANIFEST, ReportWriteError, writeReportFiles } from '../../src/reports/write.js';
import type { RunReport } from '../../src/run/report.js';
import { builtBin } from '../e2e/built-bin.js';
import { clone, loadFixture } from './helpers.js';

const execFileAsync = promisify(execFile);

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'dq-write-'));
}

function run(id: string, startedAt: string): RunReport {
  const r = clone(loadFixture('incident'));
  r.run_id = id;
  r.started_at = startedAt;
  r.finished_at = startedAt;
  return r;
}

const all = { formats: [...FILE_FORMATS], renderers };

describe('renderers registry', () => {
  it('has json, junit, markdown and html; json is the report itself and validates', () => {
    expect(FILE_FORMATS).toEqual(['json', 'junit', 'markdown', 'html']);
    const report = loadFixture('incident');
    const json = renderers['json']!(report);
    expect(json.file).toBe('report.json');
    expect(json.content).toBe(JSON.stringify(report, null, 2) + '\n');
    expect(validateReport(JSON.parse(json.content))).toEqual([]);
    expect(FILE_FORMATS.map((f) => renderers[f]!(report).file)).toEqual(['report.json', 'junit.xml', 'report.md', 'report.html']);
  });
});

describe('writeReportFiles', () => {
  it('writes each format into the new run folder, leaving no temp files', async () => {
    const root = tmp();
    const report = loadFixture('incident');
    const out = await writeReportFiles(report, { outDir: join(root, 'reports', report.run_id), ...all });
    expect(out.dir).toBe(join(root, 'reports', report.run_id));
    expect(out.files).toEqual(['report.json', 'junit.xml', 'report.md', 'report.html'].map((f) => join(out.dir, f)));
    for (const f of FILE_FORMATS) {
      const { file, content } = renderers[f]!(report);
      expect(readFileSync(join(out.dir, file), 'utf8')).toBe(content);
    }
    expect(readdirSync(out.dir).sort()).toEqual([RUN_MANIFEST, 'junit.xml', 'report.html', 'report.json', 'report.md'].sort());
    expect(JSON.parse(readFileSync(join(out.dir, RUN_MANIFEST), 'utf8'))).toMatchObject({ run_id: report.run_id, exit_code: 1 });
    expect(out.latest).toBeUndefined();
  });

  it('never writes into an existing run folder', async () => {
    const root = tmp();
    const dir = join(root, 'run-1');
    mkdirSync(dir);
    writeFileSync(join(dir, 'report.json'), 'someone else');
    await expect(writeReportFiles(loadFixture('incident'), { outDir: dir, ...all })).rejects.toThrow(/already exists/);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('someone else');
  });

  it('of two runs racing for one folder, exactly one writes', async () => {
    const dir = join(tmp(), 'same-id');
    const results = await Promise.allSettled([
      writeReportFiles(run('a', '2026-01-04T00:00:00.000Z'), { outDir: dir, ...all }),
      writeReportFiles(run('b', '2026-01-04T00:00:00.000Z'), { outDir: dir, ...all }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ReportWriteError);
    const winner = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain(`run ${winner.run_id} ·`);
  });

  it('rejects unknown formats and failing renderers before creating anything', async () => {
    const root = tmp();
    await expect(writeReportFiles(loadFixture('incident'), { outDir: join(root, 'x'), formats: ['json', 'pdf'], renderers })).rejects.toThrow(
      "unknown report format 'pdf' (known: json, junit, markdown, html)",
    );
    const boom = { ...renderers, html: () => { throw new Error('boom'); } };
    await expect(writeReportFiles(loadFixture('incident'), { outDir: join(root, 'y'), formats: ['json', 'html'], renderers: boom })).rejects.toThrow('boom');
    expect(readdirSync(root)).toEqual([]);
  });

  it('points latest at the run that finished last, not the one that started last', async () => {
    const root = join(tmp(), 'reports');
    const latestDir = join(root, 'latest');
    const a = await writeReportFiles(run('run-a', '2026-01-04T00:00:00.000Z'), { outDir: join(root, 'run-a'), latestDir, ...all });
    expect(a.latest).toBe(a.dir);
    expect(readlinkSync(latestDir)).toBe('run-a'); // relative: the reports folder can move
    const b = await writeReportFiles(run('run-b', '2026-01-04T01:00:00.000Z'), { outDir: join(root, 'run-b'), latestDir, ...all });
    expect(readlinkSync(latestDir)).toBe('run-b');
    expect(b.latest).toBe(b.dir);
    // A run that started earlier but finishes later is the newest answer: it takes over latest.
    const late = await writeReportFiles(run('run-0', '2026-01-03T23:00:00.000Z'), { outDir: join(root, 'run-0'), latestDir, ...all });
    expect(late.latest).toBe(late.dir);
    expect(readlinkSync(latestDir)).toBe('run-0');
    expect(JSON.parse(readFileSync(join(latestDir, 'report.json'), 'utf8')).run_id).toBe('run-0');
    // Folders that are not runs (no manifest) are ignored.
    mkdirSync(join(root, 'screenshots'));
    await writeReportFiles(run('run-c', '2026-01-04T02:00:00.000Z'), { outDir: join(root, 'run-c'), latestDir, ...all });
    expect(readlinkSync(latestDir)).toBe('run-c');
  });

  it('many runs finishing at once: latest ends on one of them, and is never missing or incomplete meanwhile', async () => {
    const root = join(tmp(), 'reports');
    const latestDir = join(root, 'latest');
    await writeReportFiles(run('run-00', '2026-01-04T00:00:00.000Z'), { outDir: join(root, 'run-00'), latestDir, ...all });
    let reading = true;
    let reads = 0;
    const reader = (async () => {
      while (reading) {
        // latest must always resolve, and to a complete run: its manifest and report.json exist.
        const dir = await realpath(latestDir);
        const manifest = JSON.parse(await readFile(join(dir, RUN_MANIFEST), 'utf8'));
        const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
        expect(report.run_id).toBe(manifest.run_id);
        reads++;
      }
    })();
    const ids = Array.from({ length: 16 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    await Promise.all(
      ids.map((i) => {
        const id = `run-${String(i).padStart(2, '0')}`;
        return writeReportFiles(run(id, `2026-01-04T${String(i).padStart(2, '0')}:00:00.000Z`), { outDir: join(root, id), latestDir, ...all });
      }),
    );
    reading = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(readlinkSync(latestDir)).toMatch(/^run-(0[1-9]|1[0-6])$/);
    expect(readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('separate processes writing at the same moment: each gets its own folder, latest ends on a complete one', async () => {
    const root = join(tmp(), 'reports');
    await builtBin(); // the worker runs dist/, rebuilt here when a source is newer
    const worker = fileURLToPath(new URL('./write-worker.mjs', import.meta.url));
    const runs = Array.from({ length: 6 }, (_, i) => ({ id: `proc-${i}`, startedAt: `2026-01-04T0${i}:00:00.000Z` }));
    await Promise.all(
      runs.map(({ id, startedAt }) => execFileAsync(process.execPath, [worker, root, id, startedAt], { cwd: process.cwd() })),
    );
    for (const { id } of runs) expect(JSON.parse(readFileSync(join(root, id, 'report.json'), 'utf8')).run_id).toBe(id);
    const latest = readlinkSync(join(root, 'latest'));
    expect(runs.map((r) => r.id)).toContain(latest);
    expect(JSON.parse(readFileSync(join(root, 'latest', RUN_MANIFEST), 'utf8')).run_id).toBe(latest);
    expect(readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to replace a latest that is a real folder', async () => {
    const root = join(tmp(), 'reports');
    mkdirSync(join(root, 'latest'), { recursive: true });
    await expect(
      writeReportFiles(run('r', '2026-01-04T00:00:00.000Z'), { outDir: join(root, 'r'), latestDir: join(root, 'latest'), ...all }),
    ).rejects.toThrow(/is not a symlink/);
    expect(existsSync(join(root, 'r', 'report.json'))).toBe(true);
  });
});
