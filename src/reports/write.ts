// Writes a run's report files so that no reader ever sees a half-written report:
//
// - The run folder (e.g. reports/<run_id>) is created with a plain mkdir, which fails if it
//   exists: two runs can never write into one folder.
// - Each file is written to a temp file in the same folder, flushed, then renamed over its
//   final name (rename within a filesystem is atomic on Linux/POSIX).
// - A manifest (.dqgate-run.json) is written last; its presence marks the run complete.
// - `latest` is a symlink to the newest complete run (by started_at). It is replaced by making a
//   new symlink under a temp name and renaming it over `latest`, so `latest` always exists and
//   always points at a complete run. A symlink (not a copied folder) because a directory
//   cannot be atomically replaced by rename once it has content, and a symlink costs nothing.
//   Runs finishing at the same moment each re-check after their swap, so the newest wins.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, readlink, rename, rm, symlink } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { RunReport } from '../run/report.js';
import type { RenderedFile, Renderer } from './formats.js';

export const RUN_MANIFEST = '.dqgate-run.json';

export interface WriteReportOptions {
  /** The run's own folder, e.g. `reports/<run_id>`; must not exist yet. Its parent is created. */
  outDir: string;
  /** A symlink kept pointing at the newest complete run among the folders beside `outDir`, e.g. `reports/latest`. */
  latestDir?: string;
  /** Format names to write, keys of `renderers`. */
  formats: string[];
  renderers: Record<string, Renderer>;
}

export interface WrittenReport {
  /** Absolute run folder. */
  dir: string;
  /** Absolute paths of the files written, in `formats` order. */
  files: string[];
  /** Absolute run folder `latest` points at after this write (may be a newer run than this one). */
  latest?: string;
}

/** A report folder or file that could not be written. */
export class ReportWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReportWriteError';
  }
}

interface Manifest {
  run_id: string;
  started_at: string;
  finished_at: string;
  status: string;
  exit_code: number;
  files: string[];
}

function tempName(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes `content` to `path` via a flushed temp file in the same folder and an atomic rename. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const tmp = tempName(path);
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, RUN_MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

function newer(a: Manifest, b: Manifest): boolean {
  const ta = Date.parse(a.started_at);
  const tb = Date.parse(b.started_at);
  if (ta !== tb && Number.isFinite(ta) && Number.isFinite(tb)) return ta > tb;
  if (a.finished_at !== b.finished_at) return a.finished_at > b.finished_at;
  return a.run_id > b.run_id;
}

/** The newest complete run folder (one holding a manifest) directly under `root`. */
async function newestRun(root: string): Promise<string | undefined> {
  let best: { dir: string; manifest: Manifest } | undefined;
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue; // skips the `latest` symlink itself
    const dir = join(root, entry.name);
    const manifest = await readManifest(dir);
    if (manifest && (!best || newer(manifest, best.manifest))) best = { dir, manifest };
  }
  return best?.dir;
}

async function currentTarget(link: string): Promise<string | undefined> {
  try {
    return resolve(dirname(link), await readlink(link));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    if (isErrno(error, 'EINVAL')) {
      throw new ReportWriteError(`${link} exists and is not a symlink; remove it so dqgate can manage it`, { cause: error });
    }
    throw error;
  }
}

/**
 * Points `link` at the newest complete run under `runsRoot`, atomically (symlink + rename).
 * Returns the run folder it points at.
 */
export async function updateLatest(link: string, runsRoot: string): Promise<string | undefined> {
  const linkPath = resolve(link);
  await mkdir(dirname(linkPath), { recursive: true });
  const stat = await lstat(linkPath).catch(() => undefined);
  if (stat && !stat.isSymbolicLink()) {
    throw new ReportWriteError(`${link} exists and is not a symlink; remove it so dqgate can manage it`);
  }
  // Re-check after every swap: a run that finished meanwhile may be newer than the one we chose.
  for (let attempt = 0; attempt < 20; attempt++) {
    const newest = await newestRun(resolve(runsRoot));
    if (!newest) return undefined;
    if ((await currentTarget(linkPath)) === newest) return newest;
    const tmp = tempName(linkPath);
    await symlink(relative(dirname(linkPath), newest) || '.', tmp, 'dir');
    try {
      await rename(tmp, linkPath);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }
  return currentTarget(linkPath);
}

/** Renders the chosen formats and writes them, atomically, into a new run folder; then updates `latest`. */
export async function writeReportFiles(report: RunReport, options: WriteReportOptions): Promise<WrittenReport> {
  const unknown = options.formats.filter((f) => !Object.hasOwn(options.renderers, f));
  if (unknown.length) {
    throw new ReportWriteError(`unknown report format ${unknown.map((f) => `'${f}'`).join(', ')} (known: ${Object.keys(options.renderers).join(', ')})`);
  }
  // Render everything before touching the disk: a renderer that throws leaves no folder behind.
  const rendered: RenderedFile[] = [...new Set(options.formats)].map((f) => options.renderers[f]!(report));
  const names = rendered.map((r) => r.file);
  for (const name of names) {
    if (name !== basename(name) || name.startsWith('.') || names.indexOf(name) !== names.lastIndexOf(name)) {
      throw new ReportWriteError(`report file name '${name}' is not a unique plain file name`);
    }
  }

  const dir = resolve(options.outDir);
  await mkdir(dirname(dir), { recursive: true });
  try {
    await mkdir(dir); // not recursive: fails if another run already has this folder
  } catch (error) {
    if (isErrno(error, 'EEXIST')) {
      throw new ReportWriteError(`report folder ${options.outDir} already exists (another run with the same id?); not writing into it`, { cause: error });
    }
    throw error;
  }

  const files: string[] = [];
  for (const r of rendered) {
    const path = join(dir, r.file);
    await writeFileAtomic(path, r.content);
    files.push(path);
  }
  const manifest: Manifest = {
    run_id: report.run_id,
    started_at: report.started_at,
    finished_at: report.finished_at,
    status: report.status,
    exit_code: report.exit_code,
    files: names,
  };
  await writeFileAtomic(join(dir, RUN_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');

  const result: WrittenReport = { dir, files };
  if (options.latestDir) {
    const latest = await updateLatest(options.latestDir, dirname(dir));
    if (latest) result.latest = latest;
  }
  return result;
}
