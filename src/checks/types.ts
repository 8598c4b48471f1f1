// The contract every check type implements (one file per type, ESLint-rule style): its option
// schema, defaults, docs line, how its thresholds read, and how it compiles and measures.
import type { CheckSpec } from '../config/types.js';
import type { Dialect } from '../dialects/dialect.js';
import type { SqlRole } from '../dialects/fragment.js';
import type { Row, Value } from '../engines/engine.js';
import type { PartitionValue } from '../run/partition-values.js';
import type { Bounds, FailingGroup, GroupMetric, MetricUnit } from '../run/report.js';

/**
 * Two arguments that are the low and high end of one range (`min`/`max`, between's
 * `min_value`/`max_value`): the loader refuses a range no value can be inside. `excludes` says
 * which ends the arguments exclude (strict bounds), so equal ends are refused too.
 */
export interface ArgRange {
  low: string;
  high: string;
  excludes?(args: Record<string, unknown>): { low: boolean; high: boolean; why: string } | undefined;
}

/** How a threshold-like argument is written and converted at load time. */
export type ArgKind =
  /** A fraction 0..1, written `45%` or `0.45`; `45` is an error. */
  | 'share'
  /** A non-negative whole number. */
  | 'count'
  /** Any number. */
  | 'number'
  /** `2 days`, `6 hours`, `30 minutes`; converted to seconds. */
  | 'duration'
  /**
   * A duration as above (seconds), or a calendar span `3 months`, `1 quarter`, `1 year`
   * (converted to `{ months: N }`: its length depends on the date it is counted back from).
   */
  | 'age';

/** A calendar span of whole months (a quarter is 3, a year 12), as an `age` argument converts. */
export interface CalendarSpan {
  months: number;
}

export type JsonSchema = Record<string, unknown>;

/**
 * A column read as days (a `partition:` column, an expected-partitions column): its DATE, and
 * predicates bounding it by DATE expressions in its own type (`ts >= TIMESTAMP(@from_date, zone)`,
 * not `DATE(ts, zone) >= @from_date`), so BigQuery can prune partitions with them.
 */
export interface DayColumn {
  /** The quoted column. */
  ref: string;
  /** The day it falls on, a DATE expression (the column itself for a DATE). */
  day: string;
  onOrAfter(dateExpr: string): string;
  onOrBefore(dateExpr: string): string;
  between(startExpr: string, endExpr: string): string;
}

/** What a check's SQL needs from the compiler: the dialect and template rendering. */
export interface RenderContext {
  dialect: Dialect;
  /**
   * Renders a `where`/`expression`/`query` template: `{{ var.X }}` and `{{ as_of }}` become
   * named query parameters where the dialect has them, escaped literals otherwise.
   */
  template(raw: string): string;
  /**
   * A DATE of the run (--as-of, --from/--to, a window's first day) as SQL: the named parameter
   * `@name` where the dialect has query parameters, a DATE literal otherwise.
   */
  date(name: string, isoDate: string): string;
  /** A quoted column reference. */
  column(name: string): string;
  /**
   * The type family (BigQuery names) of a column of a table when the run learned the table's
   * schema before compiling; undefined otherwise (render as written).
   */
  columnType(table: string, column: string): string | undefined;
  /** The config's IANA time zone (DATETIME values are civil time there). */
  timeZone: string;
  /**
   * A column of `table` read as days, in the config's time zone (`table` null: a DATE column of
   * dq's own subquery). A column that is not DATE, TIMESTAMP or DATETIME is a configuration
   * error at `check`.
   */
  dayColumn(table: string | null, column: string, check: CheckSpec): DayColumn;
  /**
   * The column names of a table, in order, when the run learned its schema before compiling;
   * undefined otherwise.
   */
  tableColumns(table: string): string[] | undefined;
  /** A quoted table reference. */
  table(name: string): string;
  /** The catalog query listing `column_name, data_type` of a table. */
  catalogColumns(table: string): string;
  /**
   * Predicates limiting `column` to the check's partitions: the run's --from/--to range and the
   * check's window (`N days`, or membership in the N newest partitions for `{ last: N }`), for a
   * second table compared partition by partition (reconcile's expected side: `table`; null for a
   * DATE column of dq's own subquery; default the check's table). Empty when the check has no
   * `partition:`.
   */
  partitionBounds(check: CheckSpec, column: string, table?: string | null): string[];
  /**
   * Predicates limiting `column` to the check's partitions and every partition before them (no
   * lower bound: --to, and --as-of under a window), for a check that judges its partitions
   * against the ones before them (volume's trailing median).
   */
  partitionHistory(check: CheckSpec, column: string): string[];
}

export interface EvalContext {
  /** --as-of date, `YYYY-MM-DD`. */
  asOf: string;
  /** The instant ages are measured at (freshness). */
  referenceTime: Date;
  /** The dialect the rows came from (schema: what its catalog's type names mean). */
  dialect: Dialect;
}

export interface Measurement {
  metric: { name: string; value: number | string | null; unit: MetricUnit };
  /** The number the thresholds are compared with; null when it could not be measured (e.g. no rows). */
  value: number | null;
  rowsEvaluated: number | null;
  failingGroups?: FailingGroup[];
  /**
   * What failingGroups[].value measures when it is not `metric` (reconcile: each group's
   * completeness while the metric counts mismatched groups). Set checks with valued groups set it.
   */
  groupMetric?: GroupMetric;
  failingGroupCount?: number;
  /**
   * Every partition the check judged, passing ones too, when its groups are the table's
   * partitions (reconcile by the partition column, volume): the results store records them.
   */
  partitions?: PartitionValue[];
  /** Says what was found when the metric alone does not (schema problems, offending groups). */
  detail?: string;
}

/**
 * The rows a failed or warned check blames, for its samples (plan/samples.ts): the report lists
 * the most frequent offending values with their row counts, and one row's `key:` columns each.
 */
export interface SampleSpec {
  /** True exactly on the offending rows among the check's rows (the compiler adds its filters). */
  offending: string;
  /**
   * The value a sample shows and groups the rows by: an expression, or several by name (a
   * composite key, shown as an object); null: the rows are listed by their key.
   */
  value: string | Record<string, string> | null;
  /** Only values held by at least this many offending rows (unique: a duplicate is on 2 or more). */
  minRows?: number;
  /**
   * The rows `offending` and `value` read, when a row's offence depends on other rows (a break in
   * a sequence, an overlap with the next range, a row the other table holds a different number
   * of times): a SELECT over the check's table limited by `filter` (the check's filters, to apply
   * before any window function), passing through the row's `key:` columns as `expr AS alias` and
   * ordering ties by them, so the row that offends among equal values is the same on every engine.
   * Without it, `offending` and `value` read the table's own rows.
   */
  rows?(filter: string | null, keys: SampleKey[]): string;
}

/** A `key:` column a SampleSpec's `rows` passes through: `${expr} AS ${alias}`. */
export interface SampleKey {
  expr: string;
  alias: string;
}

interface CheckTypeBase {
  type: string;
  /** One line for docs and `dq list`. */
  summary: string;
  /** A scalar or list written as the check's value maps to this argument (`unique: [a, b]`). */
  mainArg?: string;
  /** JSON Schema of the arguments object (properties, required, anyOf...). additionalProperties is forced false. */
  argsSchema: JsonSchema;
  defaults: Record<string, unknown>;
  /** Arguments that are converted at load time, by kind. */
  argKinds: Record<string, ArgKind>;
  /** Threshold arguments that `warn:` may override. */
  warnKeys: string[];
  /**
   * Arguments holding SQL, by dotted path (`expected.where`), and what each must be: an
   * expression pasted into dq's query, or a whole query. The loader checks their templates and
   * that each is sealed (dialects/fragment.ts); an argument missing here is pasted unchecked.
   */
  sqlArgs?: Record<string, SqlRole>;
  /**
   * The tables other than its own that the check reads (compared with), from its arguments: the
   * run learns their schemas before compiling, as it does the check's own table.
   */
  otherTables?(args: Record<string, unknown>): string[];
  /** The columns of its own table the check groups or partitions rows by (none of them may be FLOAT64). */
  groupColumns?(args: Record<string, unknown>): string[];
  /** The bounds the metric must meet, from the (converted) arguments or a `warn:` override. */
  bounds(args: Record<string, unknown>): Bounds;
  /** A full example for docs and tests. */
  example: string;
  /**
   * Ranges of arguments checked for emptiness at load (see ArgRange). Default: `min`/`max` and
   * `min_value`/`max_value`, inclusive. `equals` outside `min`/`max` is refused for every type.
   */
  ranges?: ArgRange[];
  /**
   * The arguments whose values (a name, or a list of names) make the check's default name, in
   * order: `coverage_usage_rate`, `unique_game_id_player_lookup`. Default: `column`, `columns`.
   */
  nameArgs?: string[];
  /**
   * The units of the per-group detail figures the type reports (reconcile's `completeness` is a
   * share); a figure not listed prints as a number. Reports carry them in `group_metric`.
   */
  detailUnits?: Record<string, MetricUnit>;
  /**
   * Why this check cannot be limited to a subset of its table's partitions (a `window:`, or a
   * --from/--to range), or undefined when it can. A check that compares with a second table
   * (reconcile) must limit that table to the same partitions, and cannot always say how; then a
   * window is a configuration error at load and a range one at the start of a run, rather than
   * a flood of false mismatches.
   */
  partitionScopeProblem?(check: Pick<CheckSpec, 'args' | 'partition' | 'table' | 'window' | 'expectedPartitions'>): string | undefined;
  /**
   * Why one partition's value does not mean what the table-wide value means (freshness: the
   * newest value of one day says nothing about the table's newest), or undefined when it does.
   * A check of such a type is never drilled down into its partitions.
   */
  partitionValueDiffers?: string;
  /**
   * Row-level checks: which rows fail and what value they hold, so a failed or warned check can
   * list samples of them (undefined: this check has no offending rows to name). Types without it
   * list none.
   */
  samples?(check: CheckSpec, ctx: RenderContext): SampleSpec | undefined;
}

/** Checks answered by aggregates over the table: batched, many per scan. */
export interface AggregateCheckType extends CheckTypeBase {
  kind: 'aggregate';
  /**
   * The check's own `where` cannot be folded into its aggregates (a user-written aggregate
   * expression), so checks with a `where` are batched only with checks of the same filter.
   */
  filterInQuery?: boolean;
  /**
   * Aggregate expressions keyed by a short name. `scope` is the check's own filter (already
   * rendered) or null; every aggregate must count only rows inside it.
   */
  aggregates(check: CheckSpec, ctx: RenderContext, scope: string | null): Record<string, string>;
  measure(check: CheckSpec, values: Record<string, Value>, ctx: EvalContext): Measurement;
}

/**
 * A row of a set query. Set checks (unique, rows_per_group, relationships, sql, schema) each
 * render SELECTs with exactly these columns, so checks of one shape on one table share a query
 * (UNION ALL). `summary` rows carry totals; `group` rows carry one offending group each;
 * `partition` rows one passing partition each, for checks whose groups are the table's
 * partitions and that list every one of them (set-rows.ts, everyPartition).
 */
export interface SetRow {
  check_key: string;
  row_type: 'summary' | 'group' | 'partition';
  /** JSON object text of the group's key (or of the whole row for `sql` / `schema`). */
  key_json: string | null;
  value: number | null;
  rows_evaluated: number | null;
  /** JSON object text of extra per-group figures (expected, actual, ...), or null. */
  detail_json: string | null;
}

export interface SetQueryParts {
  ctes: { name: string; sql: string }[];
  /**
   * CTEs that checks of one query may share (one grouping of a table read once for every check
   * on it): the compiler writes each name once. The name derives from the SQL (sharedCteName),
   * so the same name always means the same SQL.
   */
  shared?: { name: string; sql: string }[];
  selects: string[];
  /**
   * Set on dialects with `capabilities.serialGroupings`: the check reads the shared grouping
   * `arm.grouping` only through the arm's failing groups. The compiler renders the checks of one
   * grouping as one arm (plan/render-arms.ts): the grouping, read once into
   * failingGroupsName(grouping) (its rows where any of the arm's `reads` holds), their shared
   * CTEs and SELECTs, built apart from the other arms.
   */
  arm?: SetArm;
}

export interface SetArm {
  /** The shared CTE (a grouping) the check reads. */
  grouping: string;
  /** The grouping's rows the check's SELECTs read from the failing groups. */
  reads: string;
  /**
   * The order of the check's listed rows, worst first, as an expression over `r` (a row of the
   * check's SELECTs, by its SetRow columns); ties by r.key_json. The arm keeps the order its
   * SELECTs gave (a summary, then the listing), which a UNION ALL keeps on its own.
   */
  worstFirst: string;
}

/** Checks that need a query shape of their own. */
export interface SetCheckType extends CheckTypeBase {
  kind: 'set';
  /** Checks of the same shape on the same table share one query. */
  shape: string;
  /**
   * Why its query stays a statement of its own where a dialect sends a table's queries as one
   * statement (plan/merge.ts); undefined: it joins them.
   */
  ownStatement?: string;
  /**
   * This check's part of the shared query: named CTEs (names must start with `checkKey`) and
   * one or more SELECTs yielding the SetRow columns, which the compiler joins with UNION ALL.
   * `filter` is the file- and check-level filter and the partition predicates (range, window)
   * combined (rendered) or null; `rowFilter` the same without the partition predicates, for a
   * check that reads partitions outside its range (volume's history) and limits them itself.
   */
  parts(check: CheckSpec, ctx: RenderContext, checkKey: string, filter: string | null, rowFilter: string | null): SetQueryParts;
  measure(check: CheckSpec, rows: SetRow[], ctx: EvalContext): Measurement;
}

export type CheckType = AggregateCheckType | SetCheckType;

export type { Row };
