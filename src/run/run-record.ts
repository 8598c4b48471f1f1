// The run record (report.invocation): what a caller asked for, of which dq, on which target and
// commit, and how long each phase took. The CLI passes its argv, selectors and load time; a
// library caller passes what it knows (RunRecordInput), the rest comes from run()'s options.
import path from 'node:path';
import type { Project, TargetConfig, VarValue } from '../config/types.js';
import { VERSION } from '../version.js';
import type { PartitionRange } from '../plan/partitions.js';
import { REDACTED } from './redact.js';
import type { PhaseTimings, RunInvocation } from './report.js';

/** What only the caller knows about a run. */
export interface RunRecordInput {
  /** The command line after `dq` (process.argv without node and the script). */
  argv?: readonly string[];
  /** --select / --exclude as given. */
  select?: readonly string[];
  exclude?: readonly string[];
  /** Milliseconds spent loading the project before run() was called. */
  loadMs?: number;
}

export type Phase = Exclude<keyof PhaseTimings, 'load'>;

/**
 * Adds up the time spent in each phase. Phases never nest: a stage times its compiling (plan) and
 * its queries (execute) separately; a phase may be entered many times (once per stage).
 */
export class PhaseClock {
  private readonly spent: Record<Phase, number> = { plan: 0, dry_run: 0, execute: 0, drill_down: 0, samples: 0, report: 0 };

  async time<T>(phase: Phase, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.spent[phase] += performance.now() - start;
    }
  }

  timeSync<T>(phase: Phase, work: () => T): T {
    const start = performance.now();
    try {
      return work();
    } finally {
      this.spent[phase] += performance.now() - start;
    }
  }

  /** Time measured by the caller around work it did itself. */
  add(phase: Phase, ms: number): void {
    this.spent[phase] += ms;
  }

  /** Whole milliseconds per phase. */
  timings(loadMs: number | undefined): PhaseTimings {
    const ms = (n: number) => Math.round(n);
    return {
      load: loadMs === undefined ? null : ms(loadMs),
      plan: ms(this.spent.plan),
      dry_run: ms(this.spent.dry_run),
      execute: ms(this.spent.execute),
      drill_down: ms(this.spent.drill_down),
      samples: ms(this.spent.samples),
      report: ms(this.spent.report),
    };
  }
}

export interface InvocationFacts {
  project: Project;
  target: TargetConfig;
  /** The variables as the run used them (overrides applied). */
  vars: Record<string, VarValue>;
  suite?: string;
  asOf?: string;
  range?: PartitionRange;
  gitCommit: string | null;
  timings: PhaseTimings;
  input?: RunRecordInput;
}

/** The run record; secret variables' values are *** (argv is redacted with the whole report). */
export function runInvocation(facts: InvocationFacts): RunInvocation {
  const secret = facts.project.config.secretVars ?? [];
  const vars = Object.fromEntries(Object.entries(facts.vars).map(([name, value]) => [name, secret.includes(name) ? REDACTED : value]));
  return {
    dq_version: VERSION,
    argv: facts.input?.argv ? [...facts.input.argv] : null,
    suite: facts.suite ?? null,
    select: [...(facts.input?.select ?? [])],
    exclude: [...(facts.input?.exclude ?? [])],
    vars,
    secret_vars: [...secret],
    as_of: facts.asOf ?? null,
    from: facts.range?.from ?? null,
    to: facts.range?.to ?? null,
    target: targetRecord(facts.target, facts.project.root),
    git_commit: facts.gitCommit,
    timings_ms: facts.timings,
  };
}

/** Name, engine and the settings that say where the run went: never credentials or key files. */
export function targetRecord(target: TargetConfig, root: string): RunInvocation['target'] {
  const record: RunInvocation['target'] = { name: target.name, engine: target.engine };
  const { project, location, path: file } = target.options;
  if (typeof project === 'string') record.project = project;
  if (typeof location === 'string') record.location = location;
  if (typeof file === 'string') record.path = displayPath(file, root);
  return record;
}

/** A path inside the project relative to it (as written in the config), else absolute. */
function displayPath(file: string, root: string): string {
  if (file === ':memory:') return file;
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
