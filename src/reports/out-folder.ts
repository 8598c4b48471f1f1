// Whether an existing folder may receive a report (`dq run --out <dir>` on a folder that exists),
// and which of its files are dq's own.
//
// A file is dq's only when the folder's manifest (.dqgate-run.json, written by dq last) lists it
// and its name is one a report format writes. Overwriting replaces and removes only those: a file
// dq did not write is never deleted or replaced, even one named like a report file.
import { readdir, readFile, stat } from 'node:fs/promises';
import { REPORT_FILE_NAMES } from './formats.js';
import { isTempName, RUN_MANIFEST } from './stale.js';

/** 'refuse': the folder must not exist; 'if-empty': it may exist empty; 'overwrite': it may hold an earlier dq report. */
export type ExistingFolder = 'refuse' | 'if-empty' | 'overwrite';

export interface OutFolder {
  /** Report files an earlier dq run wrote there (its manifest's list). */
  owned: string[];
  /** Why nothing may be written there, when it may not. */
  problem?: string;
}


async function manifestFiles(dir: string): Promise<string[]> {
  try {
    const manifest = JSON.parse(await readFile(`${dir}/${RUN_MANIFEST}`, 'utf8')) as { files?: unknown };
    if (!Array.isArray(manifest.files)) return [];
    return manifest.files.filter((f): f is string => typeof f === 'string' && REPORT_FILE_NAMES.has(f));
  } catch {
    return [];
  }
}

/** Inspects `dir`, which exists, before `files` are written into it. */
export async function inspectOutFolder(dir: string, existing: ExistingFolder, files: string[]): Promise<OutFolder> {
  if (!(await stat(dir)).isDirectory()) return { owned: [], problem: `${dir} exists and is not a folder` };
  if (existing === 'refuse') return { owned: [], problem: `${dir} already exists; report folders are never reused` };
  // Temps of an earlier dq write that was killed do not make a folder non-empty (they are removed).
  const entries = (await readdir(dir)).filter((name) => !isTempName(name));
  if (entries.length === 0) return { owned: [] };
  if (existing === 'if-empty') {
    return { owned: [], problem: `${dir} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}); --overwrite replaces a report dq wrote there` };
  }
  const owned = entries.includes(RUN_MANIFEST) ? (await manifestFiles(dir)).filter((f) => entries.includes(f)) : [];
  const foreign = files.filter((f) => entries.includes(f) && !owned.includes(f));
  if (foreign.length > 0) {
    return { owned, problem: `${dir} holds ${foreign.join(', ')}, which dq did not write (no dq manifest lists ${foreign.length === 1 ? 'it' : 'them'}); not overwriting` };
  }
  return { owned };
}
