// volume: partitions whose row count falls well below the trailing median of the partitions
// before them. Catches a partial save (2 of 16 team rows for a date) when no table says what
// should be there; `reconcile` is exact when one does.
import { GROUP_COUNTS_SHAPE } from './group-counts.js';
import type { CheckSpec } from '../config/types.js';
import { LISTED_GROUPS, everyPartition, listedGroups, lowestFirst, requiredSummary, selectSetRow } from './set-rows.js';
import { and, asColumns, columnSchema, requiredCount, shareSchema } from './shared.js';
import type { SetCheckType } from './types.js';

/**
 * A partition is judged only with at least this many earlier partitions in its lookback (or
 * `lookback` itself when that is smaller): a median of one or two counts says little, so the
 * first partitions of a table (or of the check's filter) are not judged at all.
 */
export const MIN_HISTORY = 3;

export const minHistory = (lookback: number) => Math.min(MIN_HISTORY, lookback);

/**
 * By the table's partition column, the judged groups are its partitions (a few thousand dates at
 * most): the query lists every one, passing ones too, for the results store. By another column
 * it lists the low ones only.
 */
export const groupsArePartitions = (check: Pick<CheckSpec, 'args' | 'partition'>) => check.partition === check.args.by;

export const volume: SetCheckType = {
  type: 'volume',
  kind: 'set',
  // Rows per partition, like unique and rows_per_group: on one table they share one query.
  shape: GROUP_COUNTS_SHAPE,
  summary:
    'No partition of `by` has fewer rows than `min_ratio` of the median row count of the `lookback` partitions before it; low partitions are listed.',
  mainArg: 'by',
  argsSchema: {
    type: 'object',
    properties: {
      by: columnSchema,
      lookback: { type: 'integer', minimum: 1, description: 'how many earlier partitions the median is taken over' },
      min_ratio: shareSchema,
    },
    required: ['by'],
  },
  defaults: { lookback: 14, min_ratio: 0.5 },
  argKinds: { lookback: 'count', min_ratio: 'share' },
  // min_ratio is a per-partition bound; the check's own threshold is "no partition is low".
  warnKeys: [],
  bounds: () => ({ equals: 0 }),
  groupColumns: (args) => (args.by === undefined ? [] : asColumns(args.by)),
  example: 'volume: { by: game_date, lookback: 14, min_ratio: 50% }',
  parts: (check, ctx, key, filter, rowFilter) => {
    const d = ctx.dialect;
    const by = check.args.by as string;
    const column = ctx.column(by);
    const lookback = check.args.lookback as number;
    const minRatio = d.numberLiteral(check.args.min_ratio as number);
    const counts = `${key}_counts`;
    const trailing = `${key}_trailing`;
    const judged = `${key}_judged`;
    // By the partition column, --from/--to and the window choose which partitions are judged,
    // not the history they are judged against: the counts reach back before the range (no lower
    // bound), and only the judged partitions are limited. By another column they filter rows.
    const byPartition = groupsArePartitions(check);
    // Partitions are days: a TIMESTAMP or DATETIME column is counted by its DATE (in the config's
    // time zone), so the trailing median compares days, not instants.
    const byDay = byPartition || ['TIMESTAMP', 'DATETIME'].includes(ctx.columnType(check.table, by) ?? '');
    const p = byDay ? ctx.dayColumn(check.table, by, check).day : column;
    const where = byPartition
      ? and(rowFilter, `${column} IS NOT NULL`, ...ctx.partitionHistory(check, by))
      : and(filter, `${column} IS NOT NULL`);
    const judgedOnly = byPartition ? and(...ctx.partitionBounds(check, 'p', null)) : null;
    // The same frame as trailingList: the `lookback` partitions before this one.
    const historySize = `COUNT(*) OVER (ORDER BY p ROWS BETWEEN ${d.numberLiteral(lookback)} PRECEDING AND 1 PRECEDING)`;
    const low = `ratio < ${minRatio}`;
    const listed = {
      keyJson: d.jsonObject([{ name: by, expr: 'p' }]),
      value: 'ratio',
      rows: 'n',
      detailJson: d.jsonObject([
        { name: 'rows', expr: 'n' },
        { name: 'trailing_median', expr: 'trailing_median' },
        { name: 'ratio', expr: 'ratio' },
      ]),
    };
    return {
      ctes: [
        {
          name: counts,
          sql: `SELECT ${p} AS p, COUNT(*) AS n FROM ${ctx.table(check.table)} WHERE ${where} GROUP BY ${p}`,
        },
        {
          // Partitions with too little history are dropped here: they are not judged.
          name: trailing,
          sql:
            `SELECT p, n, ${d.listMedian('history')} AS trailing_median FROM ` +
            `(SELECT p, n, ${d.trailingList('n', 'p', lookback)} AS history, ${historySize} AS history_size FROM ${counts}) AS w ` +
            `WHERE history_size >= ${minHistory(lookback)}`,
        },
        {
          name: judged,
          sql:
            `SELECT p, n, trailing_median, ${d.safeDivide('n', 'trailing_median')} AS ratio FROM ${trailing}` +
            (judgedOnly ? ` WHERE ${judgedOnly}` : ''),
        },
      ],
      selects: [
        `${selectSetRow(ctx, key, 'summary', { value: d.countIf(low), rows: 'COUNT(*)' })} FROM ${judged}`,
        byPartition
          ? // Every judged partition, passing ones too; the summary counts them (everyPartition).
            `${selectSetRow(ctx, key, { offending: low }, listed)} FROM ${judged}`
          : `(${selectSetRow(ctx, key, 'group', listed)} FROM ${judged} WHERE ${low} ORDER BY ratio, key_json LIMIT ${LISTED_GROUPS})`,
      ],
    };
  },
  measure: (check, rows) => {
    const summary = requiredSummary(rows);
    const count = requiredCount(summary.value, 'low-volume partitions');
    const judged = requiredCount(summary.rows_evaluated, 'partitions judged');
    // Low partitions have a ratio (a NULL one is never low): lowest first, as the SQL listing orders them.
    const every = groupsArePartitions(check) ? everyPartition(rows, { partitions: judged, failing: count }, lowestFirst) : undefined;
    const share = `${Number(((check.args.min_ratio as number) * 100).toFixed(6))}%`;
    return {
      metric: { name: 'low_volume_partitions', value: count, unit: 'count' },
      value: count,
      // Partitions judged: a table with too little history to judge any fails min_rows.
      rowsEvaluated: judged,
      failingGroups: every ? every.failing : listedGroups(rows, count),
      ...(every ? { partitions: every.partitions } : {}),
      // Each listed partition's value is its rows as a share of the trailing median.
      groupMetric: { name: 'ratio', unit: 'share', bounds: { min: check.args.min_ratio as number } },
      failingGroupCount: count,
      detail:
        `${count.toLocaleString('en-US')} of ${judged.toLocaleString('en-US')} partitions have fewer than ${share} ` +
        `of the median rows of the ${check.args.lookback} partitions before them`,
    };
  },
};
