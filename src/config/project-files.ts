// Finds the YAML files of a project folder (checks/, suites/): `*.yaml` and `*.yml`, sorted by path.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { IssueList } from './issues.js';

export interface ProjectFile {
  absolute: string;
  /** Relative to the project root, `/`-separated: `checks/player_game_summary.yaml`. */
  file: string;
  /** File name without `.yaml` / `.yml`. */
  stem: string;
}

const YAML_FILE = /\.ya?ml$/i;

/**
 * The YAML files directly in `root/folder` (a missing folder has none). Dot files are skipped;
 * a subfolder holding YAML files is an issue, since its files would silently not be loaded.
 */
export async function listYamlFiles(root: string, folder: string, issues: IssueList): Promise<ProjectFile[]> {
  const dir = path.join(root, folder);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    issues.add({ file: folder, line: 0, column: 0 }, `cannot read folder ${folder}/: ${(error as Error).message}`);
    return [];
  }
  const files: ProjectFile[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) {
      const inner = await readdir(path.join(dir, entry.name)).catch(() => [] as string[]);
      if (inner.some((name) => YAML_FILE.test(name))) {
        issues.add(
          { file: `${folder}/${entry.name}`, line: 0, column: 0 },
          `files in subfolders of ${folder}/ are not loaded; move them into ${folder}/`,
        );
      }
    } else if (YAML_FILE.test(entry.name)) {
      files.push({
        absolute: path.join(dir, entry.name),
        file: `${folder}/${entry.name}`,
        stem: entry.name.replace(YAML_FILE, ''),
      });
    }
  }
  return files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
