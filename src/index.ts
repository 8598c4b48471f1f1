// The library (`import … from 'dqgate'`): what a TypeScript pipeline needs to load a project,
// select, compile and run checks, and read or check the report, without a subprocess. The CLI
// is a thin layer over exactly these functions. Documented in docs/library.md; everything
// exported here is public API, everything else in dist/ is not (package.json `exports`).
//
// Importing it loads no engine SDK: openEngine imports DuckDB or the BigQuery client when a run
// first opens a target. The engines themselves are `dqgate/engines`, the demo `dqgate/demo`.
import type { CheckSpec, Project } from './config/types.js';
import type { CompiledPlan } from './plan/compile.js';
import { compileRun, type RunOptions } from './run/run.js';

// Load and select.
export { loadProject, type LoadOptions } from './config/load.js';
export { ConfigError, formatIssue, type ConfigIssue } from './config/errors.js';
export { selectChecks, type Selection } from './plan/select.js';
export { checkTypes } from './checks/registry.js';
export type { CheckSpec, Project } from './config/types.js';

// Compile and run.
export { run, estimateRun, type RunOptions, type RunEstimate } from './run/run.js';
export { EXIT } from './run/exit-code.js';
export { openEngine, type EngineFactory, type EngineContext } from './engines/open.js';
export { QueryError, type Engine, type QueryRequest, type QueryResult, type DryRunResult } from './engines/engine.js';
export type { CompiledPlan, PlannedQuery } from './plan/compile.js';

// The report.
export type { CheckReport, FailingGroup, PhaseTimings, QueryReport, RunInvocation, RunReport, Summary } from './run/report.js';
export type { RunRecordInput } from './run/run-record.js';
export type { HistoryPoint, HistoryReader, HistoryScope } from './history/check-history.js';
export { validateReport, checkReportConsistency } from './reports/report-schema.js';
export { renderConsole } from './reports/console.js';
export { renderers, FILE_FORMATS, REPORT_FILES, type Renderer, type RenderedFile } from './reports/formats.js';
export { writeReportFiles, type WriteReportOptions, type WrittenReport } from './reports/write.js';

export interface CompileRequest extends Pick<RunOptions, 'target' | 'asOf' | 'vars' | 'range'> {
  project: Project;
  checks: CheckSpec[];
}

/** The SQL `run` would send for these checks on the target, stage by stage, without touching the warehouse. */
export function compile(request: CompileRequest): CompiledPlan {
  return compileRun(request);
}
