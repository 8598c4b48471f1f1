// The commit a project folder is checked out at, for the run record: read from .git directly
// (HEAD, loose refs, packed-refs; worktrees and submodules through their `gitdir:` file), so no
// git binary is needed and nothing can hang. Anything unexpected gives null, never a guess.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** The full commit hash of HEAD in the repository holding `folder`, or null. */
export async function gitCommit(folder: string): Promise<string | null> {
  try {
    const gitDir = await findGitDir(path.resolve(folder));
    if (!gitDir) return null;
    const head = (await readFile(path.join(gitDir, 'HEAD'), 'utf8')).trim();
    if (SHA.test(head)) return head; // detached HEAD
    const ref = /^ref:\s*(refs\/\S+)$/.exec(head)?.[1];
    if (!ref) return null;
    const common = await commonDir(gitDir);
    for (const dir of [gitDir, common]) {
      const loose = await readText(path.join(dir, ref));
      if (loose !== undefined && SHA.test(loose.trim())) return loose.trim();
    }
    const packed = (await readText(path.join(common, 'packed-refs'))) ?? '';
    for (const line of packed.split('\n')) {
      const [sha, name] = line.trim().split(' ');
      if (name === ref && sha && SHA.test(sha)) return sha;
    }
    return null; // a branch without commits yet
  } catch {
    return null;
  }
}

/** The .git folder of the repository holding `folder` (walking up), following a `gitdir:` file. */
async function findGitDir(folder: string): Promise<string | undefined> {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    const info = await stat(dotGit).catch(() => undefined);
    if (info?.isDirectory()) return dotGit;
    if (info?.isFile()) {
      const target = /^gitdir:\s*(.+)$/m.exec(await readFile(dotGit, 'utf8'))?.[1]?.trim();
      return target ? path.resolve(dir, target) : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Where a worktree's shared refs live (its `commondir`), else the git folder itself. */
async function commonDir(gitDir: string): Promise<string> {
  const common = await readText(path.join(gitDir, 'commondir'));
  return common ? path.resolve(gitDir, common.trim()) : gitDir;
}

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}
