// The commit of the run record, read from .git without a git binary: loose and packed refs,
// detached HEAD, worktrees (a .git file and commondir), a folder deep in the repository; null
// outside a repository and on a branch without commits.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitCommit } from '../../src/run/git-commit.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dqgate-git-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('gitCommit', () => {
  it('follows HEAD to a loose ref, from a subfolder of the repository', async () => {
    const dir = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.git/refs/heads/main': `${A}\n`, 'project/checks/x.yaml': '' });
    expect(await gitCommit(path.join(dir, 'project'))).toBe(A);
  });

  it('reads packed-refs when the ref is not loose, and a detached HEAD as is', async () => {
    const packed = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.git/packed-refs': `# pack-refs with: peeled\n${B} refs/heads/other\n${A} refs/heads/main\n` });
    expect(await gitCommit(packed)).toBe(A);
    expect(await gitCommit(tree({ '.git/HEAD': `${B}\n` }))).toBe(B);
  });

  it('a worktree: .git is a file naming its git folder, whose refs live in the common folder', async () => {
    const main = tree({ 'repo/.git/refs/heads/feature': `${B}\n`, 'repo/.git/worktrees/wt/HEAD': 'ref: refs/heads/feature\n', 'repo/.git/worktrees/wt/commondir': '../..\n' });
    const worktree = path.join(main, 'wt');
    mkdirSync(worktree);
    writeFileSync(path.join(worktree, '.git'), `gitdir: ${path.join(main, 'repo/.git/worktrees/wt')}\n`);
    expect(await gitCommit(worktree)).toBe(B);
  });

  it('is null outside a repository and on a branch without commits', async () => {
    expect(await gitCommit(tree({ 'x.txt': '' }))).toBeNull();
    expect(await gitCommit(tree({ '.git/HEAD': 'ref: refs/heads/main\n' }))).toBeNull();
  });
});
