// What killed runs leave behind, removed by the next run that writes beside them.
//
// dq names every temporary file, folder and symlink `.<name>.<pid>.<12 hex>.tmp` (see tempName in
// write.ts), in the folder of its final name. A run killed while writing leaves one. Another run
// may be writing its own at this very moment (two runs in parallel), so a temp is removed only
// when it cannot be in use:
// - its writer is gone: no process with its pid on this machine, and untouched for STALE_AFTER
//   (a grace period: the folder may sit on a disk shared with other machines, where the pid says
//   nothing; writing a report takes seconds);
// - or it has been untouched for ABANDONED_AFTER, whatever its pid says (pids are reused).
// Run folders of older dq versions, which wrote in place, can be left without a manifest by a
// kill; in the managed reports folder those are removed too, when their name is a run id, they
// hold nothing but report files and temps, and are older than STALE_AFTER.
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { REPORT_FILE_NAMES } from './formats.js';

export const RUN_MANIFEST = '.dqgate-run.json';

/** `.<name>.<pid>.<12 hex>.tmp`: a temporary name dq made; group 1 is the writer's pid. */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;
/** `20261130T094300Z-1a2b3c` (src/run/clock.ts newRunId); older runs had the suite in the middle. */
export const RUN_ID = /^\d{8}T\d{6}Z-(?:.+-)?[0-9a-f]{6}$/;

export const STALE_AFTER_MS = 10 * 60_000;
export const ABANDONED_AFTER_MS = 24 * 60 * 60_000;

export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** Is there a process with this pid on this machine? (EPERM: there is, owned by someone else.) */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tempIsStale(pid: number, ageMs: number): boolean {
  if (ageMs > ABANDONED_AFTER_MS) return true;
  return ageMs > STALE_AFTER_MS && pid !== process.pid && !processAlive(pid);
}

/** A run folder of an older dq killed while writing: no manifest, only report files and temps. */
async function isLegacyPartialRun(dir: string): Promise<boolean> {
  const names = await readdir(dir);
  return names.length > 0 && !names.includes(RUN_MANIFEST) && names.every((n) => REPORT_FILE_NAMES.has(n) || isTempName(n));
}

export interface StaleOptions {
  /** Also remove manifest-less run folders (only in the reports folder dq manages, never beside an `--out`). */
  runFolders: boolean;
  /** Milliseconds since the epoch; default Date.now(). */
  now?: number;
}

/**
 * Removes stale temps (and, with `runFolders`, partial run folders) directly under `root`.
 * Best effort: a report write never fails because an old leftover could not be removed.
 * Returns the names removed.
 */
export async function removeStale(root: string, options: StaleOptions): Promise<string[]> {
  const now = options.now ?? Date.now();
  const removed: string[] = [];
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const temp = TEMP_NAME.exec(entry.name);
    const runFolder = options.runFolders && entry.isDirectory() && RUN_ID.test(entry.name);
    if (!temp && !runFolder) continue;
    const path = join(root, entry.name);
    try {
      const ageMs = now - (await lstat(path)).mtimeMs;
      const stale = temp ? tempIsStale(Number(temp[1]), ageMs) : ageMs > STALE_AFTER_MS && (await isLegacyPartialRun(path));
      if (!stale) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(entry.name);
    } catch {
      // Gone meanwhile (another run cleaned it), or not ours to remove: leave it.
    }
  }
  return removed;
}
