// The library: what a TypeScript pipeline needs to run a suite and read the results without a
// subprocess. The CLI is a thin layer over exactly these functions.
import type { CheckSpec, Project } from './config/types.js';
import type { CompiledPlan } from './plan/compile.js';
import { compileRun, type RunOptions } from './run/run.js';

export { loadProject, type LoadOptions } from './config/load.js';
export { ConfigError, formatIssue, type ConfigIssue } from './config/errors.js';
export { selectChecks, type Selection } from './plan/select.js';
export { run, type RunOptions } from './run/run.js';
export { EXIT } from './run/exit-code.js';
export { checkTypes } from './checks/registry.js';
export { renderConsole } from './reports/console.js';
export { renderers, FILE_FORMATS } from './reports/formats.js';
export { writeReportFiles } from './reports/write.js';
export type { CheckSpec, Project } from './config/types.js';
export type { CheckReport, FailingGroup, PhaseTimings, QueryReport, RunInvocation, RunReport, Summary } from './run/report.js';
export type { RunRecordInput } from './run/run-record.js';
export type { CompiledPlan, PlannedQuery } from './plan/compile.js';
export type { Engine } from './engines/engine.js';

export interface CompileRequest extends Pick<RunOptions, 'target' | 'asOf' | 'vars' | 'range'> {
  project: Project;
  checks: CheckSpec[];
}

/** The SQL `run` would send for these checks on the target, stage by stage, without touching the warehouse. */
export function compile(request: CompileRequest): CompiledPlan {
  return compileRun(request);
}
