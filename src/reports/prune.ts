// `reports: { keep: N }`: after a run is written into the managed reports folder, only the N
// newest run folders stay (plus `latest`'s target and the run just written, should they be older). Newest by when their write finished (the folder's mtime is set by its
// last file, the manifest), as `latest` follows the run that finished last, so a long run that
// finishes after a short one is kept, not pruned for its earlier start.
//
// Only complete dq run folders are candidates: a name that is a run id, a real folder (not a
// symlink) holding dq's manifest, for that run id. `latest`'s target and the protected folders (the run just
// written) are never removed; temps and foreign folders are never looked at. Best effort: a folder
// that cannot be removed stays (the run is written; retention is not part of the gate).
import { lstat, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RUN_ID, RUN_MANIFEST } from './stale.js';

/**
 * The run id in a folder's manifest. A folder dq made in reports/ is named after its run; an
 * `--out` folder someone named like a run id holds another run's id, and is not pruned.
 */
async function manifestRunId(dir: string): Promise<string | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, RUN_MANIFEST), 'utf8')) as { run_id?: unknown };
    return typeof manifest.run_id === 'string' ? manifest.run_id : undefined;
  } catch {
    return undefined;
  }
}

export interface PruneOptions {
  keep: number;
  /** Absolute folders never removed (the run just written). */
  protect: string[];
  /** The symlink whose target is never removed; default `<root>/latest`. */
  latest?: string;
}

/** Removes run folders of `root` beyond the `keep` newest; returns the names removed. */
export async function pruneRunFolders(root: string, options: PruneOptions): Promise<string[]> {
  if (!(Number.isSafeInteger(options.keep) && options.keep >= 1)) throw new RangeError(`reports.keep must be a whole number ≥ 1, got ${options.keep}`);
  const latest = options.latest ?? join(root, 'latest');
  const protect = new Set(options.protect.map((p) => resolve(p)));
  const target = await readlink(latest).catch(() => undefined);
  if (target !== undefined) protect.add(resolve(root, target));

  const runs: { name: string; mtimeMs: number }[] = [];
  for (const entry of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || !RUN_ID.test(entry.name)) continue;
    const dir = join(root, entry.name);
    const folder = await lstat(dir).catch(() => undefined);
    if (folder?.isDirectory() && (await manifestRunId(dir)) === entry.name) runs.push({ name: entry.name, mtimeMs: folder.mtimeMs });
  }
  // Newest first; the run id (which starts with its start time) breaks ties.
  runs.sort((a, b) => b.mtimeMs - a.mtimeMs || b.name.localeCompare(a.name));
  const removed: string[] = [];
  for (const run of runs.slice(options.keep)) {
    const dir = join(root, run.name);
    if (protect.has(dir)) continue;
    await rm(dir, { recursive: true, force: true }).then(
      () => removed.push(run.name),
      () => undefined,
    );
  }
  return removed;
}
