// `dq validate` touches no warehouse, but a DuckDB target's file must exist: otherwise the
// project validates and every run then fails to open it. The issue points at the target's `path:`.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigIssue } from './errors.js';
import { IssueList } from './issues.js';
import type { Project, TargetConfig } from './types.js';
import { YamlSource } from './yaml-source.js';

/** The problem with the DuckDB file of `target`, located in the config; undefined when it is fine. */
export async function warehouseFileIssue(project: Project, target: TargetConfig): Promise<ConfigIssue | undefined> {
  const file = target.options.path;
  if (target.engine !== 'duckdb' || typeof file !== 'string' || file === ':memory:') return undefined;
  const info = await stat(file).catch(() => undefined);
  if (info?.isFile()) return undefined;
  const what = info ? 'is not a file' : 'does not exist';
  const configFile = path.relative(project.root, project.configFile).split(path.sep).join('/');
  const source = await YamlSource.read(project.configFile, configFile, new IssueList());
  const pos = source?.pos(['targets', target.name, 'path']) ?? { file: configFile, line: 0, column: 0 };
  return {
    ...pos,
    message: `targets.${target.name}.path: the DuckDB file of target "${target.name}" (the target validated) ${what}: ${file}; create it, or point path at an existing DuckDB file`,
  };
}
