// Runs a project through the library API, as a TypeScript pipeline would.
import { loadProject } from '../../src/config/load.js';
import { selectChecks } from '../../src/plan/select.js';
import type { RunReport } from '../../src/run/report.js';
import { run, type RunOptions } from '../../src/run/run.js';

export async function runProject(
  cwd: string,
  options: { suite?: string; select?: string[]; vars?: Record<string, string> } & Partial<RunOptions> = {},
): Promise<RunReport> {
  const project = await loadProject({ cwd, vars: options.vars });
  const selection = selectChecks(project, { suite: options.suite, select: options.select });
  return run({ asOf: '2026-01-10', ...options, project, checks: selection.checks, failOn: options.failOn ?? selection.failOn });
}

export const byId = (report: RunReport, id: string) => {
  const check = report.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id} in report`);
  return check;
};
