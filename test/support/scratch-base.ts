// Where a test run makes its scratch folder (test/support/global-setup.ts). The suite writes and
// checkpoints hundreds of small DuckDB files (warehouses, history stores) and report folders; on
// a disk each checkpoint waits for its writes to reach the disk. A memory file system with room
// for the run's peak (~355 MiB, measured) takes them instead: Linux's /dev/shm. Measured on this
// 2-core machine, whole `npm test`: 49.8 s wall, 15.2 s system CPU in the system's /tmp (ext4);
// 46.0 s and 11.8 s in /dev/shm. A TMPDIR the developer set is theirs to choose and kept.
import { accessSync, constants, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MEMORY_FOLDER = '/dev/shm';
/** Free space the memory folder needs to be chosen: the run's peak with room to spare (Docker's default /dev/shm is 64 MiB). */
export const MEMORY_FOLDER_NEEDS_BYTES = 1024 ** 3;

/** The folder a test run's scratch folder is made in. */
export function scratchBase(env: NodeJS.ProcessEnv, systemTmp: string, freeBytes: (folder: string) => number | undefined): string {
  if (env.TMPDIR) return systemTmp;
  const free = freeBytes(MEMORY_FOLDER);
  return free !== undefined && free >= MEMORY_FOLDER_NEEDS_BYTES ? MEMORY_FOLDER : systemTmp;
}

/**
 * Bytes free in `folder` when tests can use it as their temporary folder, else undefined: it must
 * take a new file, and that file must be executable there (the docs test runs shell shims from
 * the temporary folder; Docker mounts /dev/shm `noexec`, where access(X_OK) says EACCES).
 */
export function usableFreeBytes(folder: string): number | undefined {
  try {
    const probe = mkdtempSync(path.join(folder, 'dqgate-probe-'));
    try {
      const script = path.join(probe, 'probe.sh');
      writeFileSync(script, '#!/bin/sh\n', { mode: 0o755 });
      accessSync(script, constants.X_OK);
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
    const stats = statfsSync(folder);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}
