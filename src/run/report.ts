// The run report: the one data structure every reporter (console, json, junit, markdown, html)
// reads. Its JSON form is published as docs/report.schema.json; bump REPORT_SCHEMA_VERSION on
// any incompatible change.
import type { Value } from '../engines/engine.js';

export const REPORT_SCHEMA_VERSION = 1;

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'error' | 'skipped';
export type RunStatus = 'pass' | 'warn' | 'fail' | 'error';

/** What a metric counts, so reporters can format it (0.361 → 36.1%). */
export type MetricUnit = 'share' | 'count' | 'number' | 'seconds' | 'date';

export interface Bounds {
  min?: number;
  max?: number;
  equals?: number;
  /** Strict bounds exclude the limit itself. */
  strictMin?: boolean;
  strictMax?: boolean;
}

/**
 * The metric a check's failing group values are in, when it is not the check's own: reconcile
 * counts mismatched groups, but each group's value is its completeness (a share).
 */
export interface GroupMetric {
  name: string;
  unit: MetricUnit;
  /**
   * The bounds each group must meet, in this metric's unit, where they can be said that way
   * (reconcile with tolerance 0: completeness = 100%; volume: ratio ≥ min_ratio).
   */
  bounds?: Bounds;
  /** Units of the groups' detail figures, as the check type declares them (reconcile: completeness is a share). */
  detail_units?: Record<string, MetricUnit>;
}

export interface FailingGroup {
  /** Column → value of the group (a date partition, a game_id, ...). */
  key: Record<string, Value>;
  /** The group's value, in the check's `group_metric` (else its `metric`); null for a group without a value, e.g. a missing partition. */
  value: number | null;
  /** Rows behind the value, where known. */
  rows?: number;
  /** Why the group fails beyond its value, e.g. `missing`. */
  reason?: string;
  /** Extra per-group figures (expected, actual, completeness for reconcile). */
  details?: Record<string, Value>;
}

export interface QueryReport {
  id: string;
  /** Query kind: aggregate (one scan for many checks), set (own-shape checks), schema, ... */
  kind: string;
  table: string;
  sql: string;
  check_ids: string[];
  duration_ms: number;
  /** Rows returned. */
  rows: number;
  status: 'ok' | 'error' | 'skipped';
  error?: string;
  bytes_estimated?: number;
  bytes_billed?: number;
  /**
   * Why the query ran beyond the plan: `partitions` (reading the N newest partitions of a
   * `window: { last: N }` before the checks), `isolate` (re-running a failed batch check by
   * check), `drill_down` or `samples` (offending values of failed row-level checks).
   */
  purpose?: 'check' | 'partitions' | 'isolate' | 'drill_down' | 'samples';
}

export interface CheckReport {
  id: string;
  name: string;
  file: string;
  table: string;
  type: string;
  status: CheckStatus;
  severity: 'error' | 'warn';
  description?: string;
  tags: string[];
  /** One line saying what happened: the metric against the threshold, or why it could not be evaluated. */
  message: string;
  metric: { name: string; value: number | string | null; unit: MetricUnit };
  /** The bounds the check must meet, and the stricter warn bounds. */
  thresholds: { fail: Bounds; warn?: Bounds };
  rows_evaluated: number | null;
  failing_groups: FailingGroup[];
  /**
   * What failing_groups[].value measures, and its unit. Present for set checks with valued groups
   * (reconcile: completeness, volume: ratio, unique / rows_per_group / relationships: rows) and
   * for grouped checks (where it is the check's own metric); absent otherwise. drill_down groups
   * are always in the check's own metric.
   */
  group_metric?: GroupMetric;
  /** Total number of failing groups; failing_groups may list only the worst of them. */
  failing_group_count: number;
  query_id: string | null;
  duration_ms: number;
  /** For skipped checks: why (e.g. `blocked by player_game_summary.row_count`). */
  skipped_reason?: string;
  /**
   * Upstream checks (depends_on) that did not pass while this check was evaluated anyway
   * (--no-block / a suite's `block: false`): its result holds on data its upstream did not vouch for.
   */
  upstream_failed?: string[];
  /** Upstream checks this run excluded (the suite's exclude, --exclude): evaluated without them. */
  upstream_not_run?: string[];
  /** Grouped checks: the group columns the thresholds hold for. */
  group_by?: string[];
  /** A failed table-wide check on a partitioned table: the partitions that pull it down most. */
  drill_down?: { by: string; groups: FailingGroup[] };
  /** A failed or warned row-level check: its most frequent offending values (see Sample). */
  samples?: CheckSamples;
  /**
   * Why samples the check would list are not there (their query failed, the budget left no room,
   * the answer could not be read). Samples explain a status; they never change it.
   */
  samples_note?: string;
  /** `change:` / `anomaly:`: the metric against the check's recorded history (its status is the worst of these and its own). */
  history?: HistoryComparisons;
}

/** Offending values of a check, most frequent first. */
export interface CheckSamples {
  /** The `key:` columns each sample shows for one of its rows; empty when the check file declares none. */
  key_columns: string[];
  values: Sample[];
}

export interface Sample {
  /**
   * The offending value (a composite key as an object, unique on several columns); absent when
   * the check lists rows by their key (not_null, condition).
   */
  value?: Value;
  /** Offending rows holding it. */
  rows: number;
  /** The `key:` columns of one of those rows. */
  key?: Record<string, Value>;
}

/** The comparisons of a check with its own history, as they went into its status. */
export interface HistoryComparisons {
  change?: ChangeComparison;
  anomaly?: AnomalyComparison;
  /** The history store could not be read: the check is an error. */
  error?: string;
}

export interface ChangeComparison {
  /** warn also for "not enough history" (no earlier run, or one without a value); see message. */
  status: 'pass' | 'warn' | 'fail';
  vs: 'previous' | 'median_of';
  /** The recorded runs the baseline comes from, newest first. */
  runs: string[];
  /** The previous value or the median; null when there is not enough history. */
  baseline: number | null;
  value: number | null;
  /** value - baseline. */
  delta: number | null;
  /** delta / |baseline|; null without a baseline or when it is 0. */
  relative_change: number | null;
  max_drop?: number;
  max_rise?: number;
  message: string;
}

export interface AnomalyComparison {
  status: 'pass' | 'warn' | 'fail';
  /** The recorded runs whose values were compared, newest first. */
  runs: string[];
  median: number | null;
  /** Median absolute deviation of those values. */
  mad: number | null;
  /** |value - median| / (1.4826 * mad); null when it cannot be computed or is infinite (mad 0, another value): see message. */
  z_score: number | null;
  sensitivity: number;
  message: string;
}

export interface Summary {
  total: number;
  pass: number;
  warn: number;
  fail: number;
  error: number;
  skipped: number;
}

export interface RunReport {
  schema_version: number;
  tool: { name: 'dqgate'; version: string };
  run_id: string;
  suite: string | null;
  target: { name: string; engine: string };
  as_of: string;
  started_at: string;
  finished_at: string;
  status: RunStatus;
  exit_code: number;
  fail_on: 'error' | 'warn';
  summary: Summary;
  queries: QueryReport[];
  checks: CheckReport[];
  /** Failing partitions per table, for re-running exactly those dates. */
  failing_partitions: Record<string, string[]>;
  /** Upstream checks the run excluded although checks in it depend on them: not run, with those checks. */
  excluded_upstream?: { id: string; needed_by: string[] }[];
  /**
   * What went wrong beyond the checks' own statuses, when something did: dq failed while
   * drilling down, or an output the run was asked for could not be written. The exit code is
   * then 2 (130 when interrupted), whatever the checks say.
   */
  error?: string;
  /**
   * Set when the run could not be recorded in the history store (and history is not required):
   * the verdict stands, the store misses this run.
   */
  history_warning?: string;
  /**
   * How the run was asked for: enough to explain and repeat it (see RunInvocation). Present in
   * every report run() makes; optional only so that reports of earlier versions still read.
   */
  invocation?: RunInvocation;
}

/** Milliseconds spent in each phase of a run; null for a phase the caller did not measure. */
export interface PhaseTimings {
  /** Loading and validating the project (measured by the caller, e.g. the CLI). */
  load: number | null;
  /** Compiling checks into queries. */
  plan: number;
  /** Dry runs before anything ran (engines with dry runs). */
  dry_run: number;
  /** Executing the planned queries (isolation re-runs included). */
  execute: number;
  drill_down: number;
  /** The samples query of failed and warned checks (dry run included). */
  samples: number;
  /** Assembling this report (writing its files comes after and is not included). */
  report: number;
}

/** The run record: what was asked, of which code, on which warehouse (as dbt's run_results.json). */
export interface RunInvocation {
  dq_version: string;
  /** The command line after `dq` (secret values shown as ***); null when a library caller gave none. */
  argv: string[] | null;
  suite: string | null;
  /** --select / --exclude selectors as given (the suite's own are in its file). */
  select: string[];
  exclude: string[];
  /** Every variable's value as the run used it (config, then --var); secret ones as ***. */
  vars: Record<string, string | number | boolean>;
  /** The variables declared secret. */
  secret_vars: string[];
  /** --as-of as given; null when the run took today in the config's time zone (see as_of). */
  as_of: string | null;
  /** --from / --to; null when not given. */
  from: string | null;
  to: string | null;
  /** The target and its non-secret settings; never credentials or key files. */
  target: { name: string; engine: string; project?: string; location?: string; path?: string };
  /** The commit checked out in the project's git repository; null outside one. */
  git_commit: string | null;
  timings_ms: PhaseTimings;
}
