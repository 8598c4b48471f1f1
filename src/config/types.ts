// The validated project model: what `loadProject` returns and every later stage reads.
// Nothing here knows about SQL or engines.

/** 1-based position of a YAML node. `file` is relative to the project root. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export type Severity = 'error' | 'warn';
export type FailOn = 'error' | 'warn';

/** A target as written in checks.config.yaml; engine-specific keys stay in `options`. */
export interface TargetConfig {
  name: string;
  engine: 'duckdb' | 'bigquery';
  /** Engine-specific settings (duckdb: path; bigquery: project, location, ...), paths resolved against the project root. */
  options: Record<string, unknown>;
}

export type VarValue = string | number | boolean;

export interface ProjectConfig {
  version: 1;
  /** Name of the default target. */
  target: string;
  targets: Record<string, TargetConfig>;
  vars: Record<string, VarValue>;
  /** Variables declared `secret: true`: their values are redacted (***) in every output. */
  secretVars?: string[];
  /** IANA zone used for the default --as-of (today there). */
  timezone: string;
  /** Default report formats, when the config sets them. */
  formats?: string[];
  /** `reports: { keep: N }`: the newest N run folders under reports/ are kept. */
  reports?: { keep: number };
  /**
   * `history:` the results store; false: off; required: a run that cannot record itself exits 2;
   * keepDays: runs older than that are removed from the embedded store after each recorded run,
   * and are the BigQuery store's partition expiration.
   * Default on, not required, kept forever, in .dq/history.duckdb; with `target` and `dataset`, a
   * BigQuery dataset on that (bigquery) target.
   */
  history?: false | { required: boolean; keepDays?: number; target?: string; dataset?: string };
  /** `samples: N` for every check without its own or its file's. */
  samples?: number;
}

/**
 * One check, after validation: the type's defaults merged in, thresholds converted
 * (shares to fractions, durations to seconds), file-level settings folded in.
 */
export interface CheckSpec {
  /** `<file stem>.<name>`, unique in the project. */
  id: string;
  name: string;
  /** Check file path relative to the project root, e.g. `checks/player_game_summary.yaml`. */
  file: string;
  /** Table as written in the check file: `schema.table` or `[project.]dataset.table`. */
  table: string;
  type: string;
  /** The type's arguments: shorthand expanded, defaults merged, threshold values converted. */
  args: Record<string, unknown>;
  /** File-level filter (raw, may contain `{{ }}` templates). */
  fileWhere?: string;
  /** Check-level filter (raw, may contain `{{ }}` templates). */
  where?: string;
  /** File tags followed by the check's own, without duplicates. */
  tags: string[];
  severity: Severity;
  /** Stricter thresholds that only warn; keys are a subset of the type's threshold keys, values converted. */
  warn?: Record<string, unknown>;
  description?: string;
  /** A check that evaluates fewer rows fails (default 1). */
  minRows: number;
  pos: SourcePos;
  /** File-level date partition column of the table. */
  partition?: string;
  /** Aggregate checks: the thresholds hold for every group of these columns (or segment names). */
  groupBy?: string[];
  /**
   * Segments (`group_by` as a mapping): a group name in groupBy → what it groups by, a sealed SQL
   * expression or a date column cut to a time grain. A name without an entry is a column.
   */
  segments?: Record<string, Segment>;
  /** Only recent partitions, relative to --as-of (needs `partition`). */
  window?: PartitionWindow;
  /** Where the partitions that must exist come from (file- or check-level). */
  expectedPartitions?: ExpectedPartitions;
  /** Ids of checks that must pass before this one runs (check- and file-level, selectors resolved). */
  dependsOn?: string[];
  /** `samples: N` of the check, else of its file (the config's, else 5, when neither says). */
  samples?: number;
  /** `key:` columns of the check, else of its file: shown with each sample. */
  rowKey?: string[];
  /** `change:` the metric against the previous run or the median of the last N (history store). */
  change?: ChangeThreshold;
  /** `anomaly:` the metric's robust z-score against its recorded history. */
  anomaly?: AnomalyThreshold;
}

/** `change:`, percentages as fractions (20% → 0.2). At least one of maxDrop and maxRise. */
export interface ChangeThreshold {
  baseline: 'previous' | { medianOf: number };
  maxDrop?: number;
  maxRise?: number;
}

/** `anomaly:` the last `history` recorded values; an anomaly when the robust z-score is above `sensitivity`. */
export interface AnomalyThreshold {
  history: number;
  sensitivity: number;
}

/** Time grains a `group_by` segment can cut a date column to. */
export const GRAINS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Grain = (typeof GRAINS)[number];

/** A named `group_by` segment: an expression (`period: "CASE ... END"`) or a column's time grain. */
export type Segment = { expression: string } | { column: string; grain: Grain };

/** `window: 3 days` (calendar days up to and including as-of) or `window: { last: 3 }`. */
export type PartitionWindow = { days: number } | { last: number };

export type ExpectedPartitions = { calendar: 'daily' } | { table: string; column: string; where?: string };

export interface SuiteSpec {
  name: string;
  file: string;
  description?: string;
  select: string[];
  exclude: string[];
  failOn: FailOn;
  /** False (`block: false`): checks whose upstream failed are evaluated anyway, and marked. */
  block: boolean;
  pos: SourcePos;
}

export interface Project {
  /** Absolute folder holding checks.config.yaml. */
  root: string;
  /** Absolute path of the config file. */
  configFile: string;
  config: ProjectConfig;
  checks: CheckSpec[];
  suites: Record<string, SuiteSpec>;
}
