// reconcile: per group, what this table holds against what another table says it should hold
// ("2 team rows per finished game on each date"). Catches partial saves that every row-level
// check passes: the rows that are there are fine, there are just too few of them.
import { ConfigError } from '../config/errors.js';
import type { CheckSpec } from '../config/types.js';
import type { Bounds, FailingGroup } from '../run/report.js';
import { LISTED_GROUPS, everyPartition, listedGroups, lowestFirst, requiredSummary, selectSetRow } from './set-rows.js';
import { and, asColumns, columnListSchema, columnSchema, requiredCount, sqlSchema } from './shared.js';
import type { JsonSchema, RenderContext, SetCheckType } from './types.js';

/**
 * `tolerance` is "a number or a share", which no ArgKind expresses: `share` would read 5 as an
 * error and `number` would reject `5%`. So it stays out of argKinds, arrives as written
 * (a number ≥ 0, or a string like `5%`), and `parseTolerance` reads it here. A share must be
 * written with `%`: `0.05` is an absolute difference of 0.05.
 */
export const toleranceSchema: JsonSchema = {
  anyOf: [
    { type: 'number', minimum: 0 },
    { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?\\s*%$' },
  ],
  description: 'an absolute difference (2) or a share of expected (5%)',
};

export type Tolerance = { absolute: number } | { relative: number };

export function parseTolerance(raw: unknown): Tolerance {
  if (raw === undefined || raw === null) return { absolute: 0 };
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return { absolute: raw };
  const percent = typeof raw === 'string' ? /^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$/.exec(raw) : null;
  if (percent) return { relative: Number(percent[1]) / 100 };
  throw new Error(`tolerance must be a number >= 0 or a percentage like 5%, got ${JSON.stringify(raw)}`);
}

interface ExpectedSide {
  table: string;
  value: string;
  /** The key columns of `table`, in the order of `by`, when they are named differently there. */
  by?: string | string[];
  where?: string;
  /** The column of `table` that holds this table's partitions. */
  partition?: string;
}

/**
 * The condition, over the joined CTE's `actual` and `expected`, that marks a mismatched group.
 * Written as "not a finite difference within tolerance": a NaN or infinite side never matches.
 * `diff > allowed` would let NaN through on BigQuery (every comparison with NaN is false) and on
 * DuckDB with a relative tolerance (DuckDB orders NaN last and reads NaN <= NaN as true);
 * `diff - diff = 0` is false for NaN and infinity on both engines.
 */
function mismatch(ctx: RenderContext, tolerance: Tolerance): string {
  const d = ctx.dialect;
  const diff = `ABS(${d.castFloat('actual')} - ${d.castFloat('expected')})`;
  const allowed =
    'absolute' in tolerance
      ? d.numberLiteral(tolerance.absolute)
      : `${d.numberLiteral(tolerance.relative)} * ABS(${d.castFloat('expected')})`;
  return `expected IS NULL OR NOT (${diff} - ${diff} = 0 AND ${diff} <= ${allowed})`;
}

function describeTolerance(tolerance: Tolerance): string {
  if ('absolute' in tolerance) return tolerance.absolute === 0 ? '' : ` by more than ${tolerance.absolute}`;
  return ` by more than ${Number((tolerance.relative * 100).toFixed(6))}%`;
}

/** A listed group's reason: no rows at all on this table, or a group the other table does not expect. */
function withReason(group: FailingGroup): FailingGroup {
  if (group.rows === 0) return { ...group, reason: 'missing' };
  if (group.details && group.details.expected === null) return { ...group, reason: 'unexpected' };
  return group;
}

/**
 * The tolerance as bounds on a group's completeness (actual / expected), where it can be said
 * that way: 0 → exactly 100%, 5% → 95% to 105%. An absolute tolerance above 0 depends on each
 * group's expected value, so it has no completeness bounds.
 */
export function completenessBounds(tolerance: Tolerance): Bounds | undefined {
  if ('relative' in tolerance) return { min: 1 - tolerance.relative, max: 1 + tolerance.relative };
  return tolerance.absolute === 0 ? { equals: 1 } : undefined;
}

function expectedSide(check: CheckSpec): ExpectedSide {
  return check.args.expected as ExpectedSide;
}

/** The key columns of the expected table: `expected.by`, else `by` (the same names on both sides). */
export function expectedKeys(check: Pick<CheckSpec, 'args'>): string[] {
  const expected = check.args.expected as ExpectedSide;
  return asColumns(expected.by ?? check.args.by);
}

/**
 * The column of the expected table that the check's partition predicates (--from/--to, window)
 * apply to: `expected.partition`, else the partition column itself when `by` includes it (`by`
 * names the same columns in both tables). Undefined when the expected side cannot be limited.
 */
export function expectedPartitionColumn(check: Pick<CheckSpec, 'args' | 'partition'>): string | undefined {
  const expected = check.args.expected as ExpectedSide;
  if (expected.partition) return expected.partition;
  // The expected key in the partition column's position of `by`.
  const at = check.partition ? asColumns(check.args.by).indexOf(check.partition) : -1;
  return at >= 0 ? expectedKeys(check)[at] : undefined;
}

/**
 * Groups by the partition column alone are the table's partitions (a few thousand dates at
 * most): the query lists every one, passing ones too, for the results store. Groups of other
 * keys can be millions and list only the offending ones.
 */
export function groupsArePartitions(check: Pick<CheckSpec, 'args' | 'partition'>): boolean {
  const by = asColumns(check.args.by);
  return check.partition !== undefined && by.length === 1 && by[0] === check.partition;
}

export const reconcile: SetCheckType = {
  type: 'reconcile',
  kind: 'set',
  // Its own shape: user SQL and a second table make it the likeliest query to fail, and a
  // failing query should not take unrelated checks on the table down with it.
  shape: 'reconcile',
  summary:
    'Per group of `by`, the `actual` aggregate equals the `expected` value computed from another table (within `tolerance`); mismatched groups are listed.',
  argsSchema: {
    type: 'object',
    properties: {
      by: columnListSchema,
      actual: { ...sqlSchema, description: 'an aggregate over this table, per group (default count(*))' },
      expected: {
        type: 'object',
        properties: {
          table: { type: 'string', minLength: 1, description: 'the table saying what should be there' },
          value: { ...sqlSchema, description: 'an aggregate over that table, per group' },
          by: { ...columnListSchema, description: 'the key columns of that table, in the order of by, when named differently there (default: by)' },
          where: { ...sqlSchema, description: 'a filter on that table' },
          partition: {
            ...columnSchema,
            description:
              "the column of that table holding this table's partitions, limited like them by --from/--to and window (default: the partition column, when by includes it)",
          },
        },
        required: ['table', 'value'],
        additionalProperties: false,
      },
      tolerance: toleranceSchema,
    },
    required: ['by', 'expected'],
  },
  defaults: { actual: 'count(*)', tolerance: 0 },
  // tolerance: see toleranceSchema.
  argKinds: {},
  // The tolerance is a per-group bound; the check's own threshold is "no group mismatches".
  warnKeys: [],
  sqlArgs: { actual: 'expression', 'expected.value': 'expression', 'expected.where': 'expression' },
  bounds: () => ({ equals: 0 }),
  partitionScopeProblem: (check) => {
    // The N newest partitions of this table: dates missing at its end would never be compared.
    if (check.window && 'last' in check.window && !check.expectedPartitions) {
      return `the ${check.window.last} newest partitions of ${check.table} leave out dates missing at its end: declare expected_partitions, or use window: N days`;
    }
    if (!check.partition || expectedPartitionColumn(check) !== undefined) return undefined;
    const expected = check.args.expected as ExpectedSide;
    return (
      `reconcile compares by ${asColumns(check.args.by).join(', ')}, so its expected side (${expected.table}) cannot be limited to the same partitions: ` +
      `set expected.partition to the column of ${expected.table} holding ${check.partition}, or add ${check.partition} to by`
    );
  },
  detailUnits: { completeness: 'share' },
  groupColumns: (args) => (args.by === undefined ? [] : asColumns(args.by)),
  example:
    'reconcile: { by: game_date, actual: count(*), expected: { table: nba_raw.nbac_schedule, value: 2 * count(distinct game_id), where: game_status = 3 } }',
  parts: (check, ctx, key, filter) => {
    const d = ctx.dialect;
    const by = asColumns(check.args.by);
    const expected = expectedSide(check);
    const tolerance = parseTolerance(check.args.tolerance);
    // Key columns travel as k0, k1, ... so no column name can clash with actual/expected/n.
    const keys = by.map((_, i) => `k${i}`);
    // The partition column is compared by day on each side (a TIMESTAMP or DATETIME one by its
    // DATE in the config's time zone); other key columns as they are.
    const expectedBy = expectedKeys(check);
    if (expectedBy.length !== by.length) {
      throw new ConfigError([
        { ...check.pos, message: `${check.id}: by names ${by.length} column(s) and expected.by ${expectedBy.length}; they map position by position` },
      ]);
    }
    // The partition column's position in `by` is compared by day on both sides.
    const partitionAt = check.partition ? by.indexOf(check.partition) : -1;
    const keyExprs = (table: string, columns: string[]) =>
      columns.map((c, i) => (i === partitionAt ? ctx.dayColumn(table, c, check).day : ctx.column(c)));
    const selectKeys = (table: string, columns: string[]) => keyExprs(table, columns).map((c, i) => `${c} AS ${keys[i]}`).join(', ');
    const groupBy = (table: string, columns: string[]) => keyExprs(table, columns).join(', ');
    const actualCte = `${key}_actual`;
    const expectedCte = `${key}_expected`;
    const joined = `${key}_joined`;
    const mismatches = `${key}_mismatches`;
    // The expected side covers the same partitions: --from/--to and the window (`N days`, or the
    // same N newest partitions) carry over to expectedPartitionColumn. Without one, a limited run
    // never gets here (partitionScopeProblem).
    const expectedPartition = expectedPartitionColumn(check);
    const expectedWhere = and(
      expected.where ? ctx.template(expected.where) : null,
      ...(expectedPartition ? ctx.partitionBounds(check, expectedPartition, expected.table) : []),
    );
    const completeness = d.safeDivide('actual', 'expected');
    const keyJson = d.jsonObject(by.map((name, i) => ({ name, expr: keys[i] })));
    const details = d.jsonObject([
      { name: 'expected', expr: 'expected' },
      { name: 'actual', expr: 'actual' },
      { name: 'completeness', expr: 'completeness' },
    ]);
    const actualAndExpected = [
      {
        // `n` counts the group's rows: 0 after the join means the group is missing here.
        name: actualCte,
        sql:
          `SELECT ${selectKeys(check.table, by)}, ${ctx.template(check.args.actual as string)} AS v, COUNT(*) AS n ` +
          `FROM ${ctx.table(check.table)}${filter ? ` WHERE ${filter}` : ''} GROUP BY ${groupBy(check.table, by)}`,
      },
      {
        // `filter` (file and check where) is written against this check's table, so only
        // expected.where and the partition range apply here.
        name: expectedCte,
        sql:
          `SELECT ${selectKeys(expected.table, expectedBy)}, ${ctx.template(expected.value)} AS v ` +
          `FROM ${ctx.table(expected.table)}${expectedWhere ? ` WHERE ${expectedWhere}` : ''} GROUP BY ${groupBy(expected.table, expectedBy)}`,
      },
      {
        // A group on one side only: missing here reads as actual 0, unexpected as expected NULL.
        // NULL key values never match (=), so they show up as mismatches on both sides.
        name: joined,
        sql:
          `SELECT ${keys.map((k) => `COALESCE(a.${k}, e.${k}) AS ${k}`).join(', ')}, ` +
          `COALESCE(a.v, 0) AS actual, e.v AS expected, COALESCE(a.n, 0) AS n ` +
          `FROM ${actualCte} AS a FULL OUTER JOIN ${expectedCte} AS e ON ` +
          keys.map((k) => `a.${k} = e.${k}`).join(' AND '),
      },
    ];
    const judged = `${keys.join(', ')}, actual, expected, n, ${completeness} AS completeness`;
    if (groupsArePartitions(check)) {
      // Every partition, passing ones too; the summary counts them so a cut listing is an error.
      // The mismatch is decided once, in the CTE, for the count and the listing alike.
      const compared = `${key}_compared`;
      return {
        ctes: [...actualAndExpected, { name: compared, sql: `SELECT ${judged}, ${mismatch(ctx, tolerance)} AS offending FROM ${joined}` }],
        selects: [
          `${selectSetRow(ctx, key, 'summary', { value: d.countIf('offending'), rows: 'COUNT(*)' })} FROM ${compared}`,
          `${selectSetRow(ctx, key, { offending: 'offending' }, { keyJson, value: 'completeness', rows: 'n', detailJson: details })} FROM ${compared}`,
        ],
      };
    }
    return {
      ctes: [
        ...actualAndExpected,
        {
          name: mismatches,
          sql: `SELECT ${judged} FROM ${joined} WHERE ${mismatch(ctx, tolerance)}`,
        },
      ],
      selects: [
        `${selectSetRow(ctx, key, 'summary', { value: `(SELECT COUNT(*) FROM ${mismatches})`, rows: 'COUNT(*)' })} FROM ${joined}`,
        `(${selectSetRow(ctx, key, 'group', { keyJson, value: 'completeness', rows: 'n', detailJson: details })} FROM ${mismatches}` +
          // Worst first: least complete, then the groups with no (or zero) expectation.
          ` ORDER BY CASE WHEN completeness IS NULL THEN 1 ELSE 0 END, completeness, key_json LIMIT ${LISTED_GROUPS})`,
      ],
    };
  },
  measure: (check, rows) => {
    const summary = requiredSummary(rows);
    const count = requiredCount(summary.value, 'mismatched groups');
    const compared = requiredCount(summary.rows_evaluated, 'groups compared');
    // Worst first as the offending-only listing orders them: least complete, no expectation last.
    const every = groupsArePartitions(check) ? everyPartition(rows, { partitions: compared, failing: count }, lowestFirst, withReason) : undefined;
    const groups = every ? every.failing : listedGroups(rows, count).map(withReason);
    const tolerance = parseTolerance(check.args.tolerance);
    const bounds = completenessBounds(tolerance);
    return {
      metric: { name: 'mismatched_groups', value: count, unit: 'count' },
      value: count,
      // Groups compared: an empty comparison (no groups on either side) fails min_rows.
      rowsEvaluated: compared,
      failingGroups: groups,
      ...(every ? { partitions: every.partitions } : {}),
      // Each listed group's value is its completeness, actual / expected.
      groupMetric: { name: 'completeness', unit: 'share', ...(bounds ? { bounds } : {}) },
      failingGroupCount: count,
      detail:
        `${count.toLocaleString('en-US')} of ${compared.toLocaleString('en-US')} groups differ from ` +
        `${expectedSide(check).table}${describeTolerance(tolerance)}`,
    };
  },
};
