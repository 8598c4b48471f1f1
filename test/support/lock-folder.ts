// Work that several test processes may want at once (a demo warehouse, dist/): a lock folder lets
// one do it while the others wait until it is done, instead of each doing its own.
import { mkdirSync, rmSync } from 'node:fs';

/**
 * Runs `make` under the lock folder `lock` unless `done()` already holds; returns once `done()`
 * holds. A process that finds the lock taken polls every `pollMs` ms. `make` should leave its
 * result atomically (a rename), so a waiting process never sees half of it.
 */
export async function underLockFolder(lock: string, done: () => boolean, make: () => void | Promise<void>, pollMs: number): Promise<void> {
  for (;;) {
    if (done()) return;
    try {
      mkdirSync(lock);
    } catch (e) {
      // Only a lock another process holds is waited for: any other failure would wait forever.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      continue;
    }
    try {
      if (!done()) await make();
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
