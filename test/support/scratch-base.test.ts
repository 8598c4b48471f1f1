// Where the test run's scratch folder goes: memory when the machine has room, the developer's
// TMPDIR when set, and one folder per project next to each other, never nested.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEMORY_FOLDER, scratchBase, usableFreeBytes } from './scratch-base.js';

const GiB = 1024 ** 3;
const free = (bytes: number | undefined) => (folder: string) => (folder === MEMORY_FOLDER ? bytes : undefined);

describe('scratchBase', () => {
  it('is the memory folder when TMPDIR is not set and it has 1 GiB free', () => {
    expect(scratchBase({}, '/tmp', free(4 * GiB))).toBe(MEMORY_FOLDER);
    expect(scratchBase({}, '/tmp', free(GiB))).toBe(MEMORY_FOLDER);
  });

  it("is the system's temporary folder when the memory folder is small (Docker's 64 MiB), missing or not usable", () => {
    expect(scratchBase({}, '/tmp', free(64 * 1024 ** 2))).toBe('/tmp');
    expect(scratchBase({}, '/tmp', free(undefined))).toBe('/tmp');
  });

  it('keeps a TMPDIR the developer set, whatever the memory folder has', () => {
    expect(scratchBase({ TMPDIR: '/scratch' }, '/scratch', free(16 * GiB))).toBe('/scratch');
  });
});

describe('usableFreeBytes', () => {
  it('gives a positive figure for a folder that takes files and runs them, and leaves nothing in it', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'free-bytes-'));
    try {
      expect(usableFreeBytes(folder)).toBeGreaterThan(0);
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('gives undefined for a folder that is missing, or a file where the folder should be', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'free-bytes-'));
    try {
      writeFileSync(path.join(folder, 'file'), '');
      expect(usableFreeBytes(path.join(folder, 'missing'))).toBeUndefined();
      expect(usableFreeBytes(path.join(folder, 'file'))).toBeUndefined();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("this run's scratch folder", () => {
  it('is one test-run folder deep: the second project setup did not nest its folder in the first', () => {
    const runFolders = process.env.TMPDIR!.split(path.sep).filter((part) => part.startsWith('dqgate-test-run-'));
    expect(runFolders).toHaveLength(1);
  });
});
