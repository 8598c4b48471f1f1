// Writes a run's report files so that no reader ever sees a half-written report:
//
// - Everything is written into a temp folder beside the run folder (`.<run>.<pid>.<hex>.tmp`),
//   each file flushed, the manifest (.dqgate-run.json) last; then the temp folder is renamed to the
//   run folder (e.g. reports/<run_id>). Rename within a filesystem is atomic on Linux/POSIX, so the
//   run folder appears complete or not at all, and never holds another run's files: a run folder
//   that exists already is an error.
// - `latest` is a symlink to the run that finished last: each run, once its folder is in place,
//   makes a new symlink under a temp name and renames it over `latest`, so `latest` always exists,
//   always points at a complete run, and ends on the run whose write finished last (not the one that
//   started last: a long run finishing after a short one is the newest answer). A symlink (not a
//   copied folder) because a directory cannot be atomically replaced by rename once it has content.
// - Temps left by killed runs are removed by the next run (stale.ts), never one a live run is
//   still writing.
// - An `--out` folder that exists already (CI makes it with `mktemp -d`, or mounts it) cannot be
//   renamed over, so the files go in one by one (each atomically), the manifest last. It must be
//   empty, or, with overwrite, may hold an earlier dq report: dq then replaces and removes only the
//   files that report's manifest lists, and never touches a file it did not write (out-folder.ts).
// - With `keep`, older run folders in the managed reports folder are removed once this run is in
//   place (prune.ts).
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, symlink } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { RunReport } from '../run/report.js';
import type { RenderedFile, Renderer } from './formats.js';
import { inspectOutFolder, type ExistingFolder } from './out-folder.js';
import { pruneRunFolders } from './prune.js';
import { removeStale, RUN_MANIFEST } from './stale.js';

export { RUN_MANIFEST };

export interface WriteReportOptions {
  /** The run's own folder, e.g. `reports/<run_id>`; must not exist yet. Its parent is created. */
  outDir: string;
  /**
   * A symlink pointed at this run once it is written, e.g. `reports/latest`. Given when `outDir`
   * is in the reports folder dq manages: partial run folders of killed runs there are removed too.
   */
  latestDir?: string;
  /** What to do when `outDir` exists already (default 'refuse': a run folder is never reused). */
  existing?: ExistingFolder;
  /** With `latestDir`: run folders kept in its folder after this write (older ones are removed). */
  keep?: number;
  /** Format names to write, keys of `renderers`. */
  formats: string[];
  renderers: Record<string, Renderer>;
}

export interface WrittenReport {
  /** Absolute run folder. */
  dir: string;
  /** Absolute paths of the files written, in `formats` order. */
  files: string[];
  /** Absolute run folder `latest` points at after this write: this run's. */
  latest?: string;
}

/** A report folder or file that could not be written. */
export class ReportWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReportWriteError';
  }
}

export interface Manifest {
  run_id: string;
  started_at: string;
  finished_at: string;
  status: string;
  exit_code: number;
  files: string[];
  /** Only while an existing folder is being rewritten in place: the files may be of two runs. */
  writing?: true;
}

/** `.<name>.<pid>.<12 hex>.tmp` beside `target`: the pid lets the next run tell a live write from a killed one. */
function tempName(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes `content` to a new file at `path` and flushes it. */
async function writeFlushed(path: string, content: string): Promise<void> {
  const handle = await open(path, 'wx', 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `content` to `path` via a flushed temp file in the same folder and an atomic rename. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const tmp = tempName(path);
  try {
    await writeFlushed(tmp, content);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function notASymlink(link: string, cause?: unknown): ReportWriteError {
  return new ReportWriteError(`${link} exists and is not a symlink; remove it so dqgate can manage it`, cause ? { cause } : undefined);
}

/** Points `link` at `runDir`, atomically (a new symlink renamed over the old one). */
export async function updateLatest(link: string, runDir: string): Promise<string> {
  const linkPath = resolve(link);
  await mkdir(dirname(linkPath), { recursive: true });
  const stat = await lstat(linkPath).catch(() => undefined);
  if (stat && !stat.isSymbolicLink()) throw notASymlink(link);
  const tmp = tempName(linkPath);
  // Relative, so the reports folder can be moved or mounted elsewhere.
  await symlink(relative(dirname(linkPath), resolve(runDir)) || '.', tmp, 'dir');
  try {
    await rename(tmp, linkPath);
  } catch (error) {
    await rm(tmp, { force: true });
    // A folder made at `latest` meanwhile: rename cannot replace it.
    if (isErrno(error, 'EISDIR') || isErrno(error, 'ENOTEMPTY') || isErrno(error, 'EEXIST')) throw notASymlink(link, error);
    throw error;
  }
  return resolve(runDir);
}

function alreadyExists(outDir: string, cause?: unknown): ReportWriteError {
  return new ReportWriteError(`report folder ${outDir} already exists (another run with the same id?); not writing into it`, cause ? { cause } : undefined);
}

/** Renders the chosen formats and writes them, atomically, into a new run folder; then points `latest` at it. */
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
  const root = dirname(dir);
  const manifest: Manifest = {
    run_id: report.run_id,
    started_at: report.started_at,
    finished_at: report.finished_at,
    status: report.status,
    exit_code: report.exit_code,
    files: names,
  };
  await mkdir(root, { recursive: true });
  await removeStale(root, { runFolders: options.latestDir !== undefined });
  if (await lstat(dir).catch(() => undefined)) {
    if ((options.existing ?? 'refuse') === 'refuse') throw alreadyExists(options.outDir);
    await writeInPlace(dir, rendered, manifest, options.existing!);
    return { dir, files: names.map((name) => join(dir, name)) };
  }

  const tmp = tempName(dir);
  await mkdir(tmp);
  try {
    for (const r of rendered) await writeFlushed(join(tmp, r.file), r.content);
    await writeFlushed(join(tmp, RUN_MANIFEST), manifestText(manifest));
    try {
      // Fails if another run put a folder here meanwhile (rename replaces only an empty folder).
      await rename(tmp, dir);
    } catch (error) {
      if (isErrno(error, 'ENOTEMPTY') || isErrno(error, 'EEXIST') || isErrno(error, 'ENOTDIR')) throw alreadyExists(options.outDir, error);
      throw error;
    }
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }

  const result: WrittenReport = { dir, files: names.map((name) => join(dir, name)) };
  if (options.latestDir) {
    result.latest = await updateLatest(options.latestDir, dir);
    if (options.keep !== undefined) await pruneRunFolders(root, { keep: options.keep, protect: [dir] });
  }
  return result;
}

function manifestText(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + '\n';
}

/**
 * Writes into an existing folder (an `--out` the caller made): the manifest first says `writing`
 * and lists every file that may be dq's during the rewrite, so a killed rewrite can be
 * overwritten again; then each file atomically; the earlier report's files this run does not
 * write are removed; the final manifest last.
 */
async function writeInPlace(dir: string, rendered: RenderedFile[], manifest: Manifest, existing: ExistingFolder): Promise<void> {
  const names = rendered.map((r) => r.file);
  const folder = await inspectOutFolder(dir, existing, names);
  if (folder.problem) throw new ReportWriteError(folder.problem);
  await removeStale(dir, { runFolders: false });
  const union = [...new Set([...folder.owned, ...names])];
  await writeFileAtomic(join(dir, RUN_MANIFEST), manifestText({ ...manifest, files: union, writing: true }));
  for (const r of rendered) await writeFileAtomic(join(dir, r.file), r.content);
  for (const old of folder.owned) if (!names.includes(old)) await rm(join(dir, old), { force: true });
  await writeFileAtomic(join(dir, RUN_MANIFEST), manifestText(manifest));
}
