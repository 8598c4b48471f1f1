// ranges: the [lower, upper] ranges of a table do not overlap, per partition of `partition_by`
// (dbt-utils mutually_exclusive_ranges): a player's contract periods, a price's validity periods.
// Ranges are read in (lower, upper) order; each must end where the next one's starts (gaps:
// not_allowed), at or before it (allowed) or strictly before it (required).
import type { CheckSpec } from '../config/types.js';
import { countedOffences, listedGroups, requiredSummary, summaryDetails } from './set-rows.js';
import { and, asColumns, columnListSchema, columnSchema, countSchema, requiredCount } from './shared.js';
import type { RenderContext, SetCheckType } from './types.js';

const GAPS = { not_allowed: '=', allowed: '<=', required: '<' } as const;
const ZERO_LENGTH = { allowed: '<=', not_allowed: '<' } as const;

/**
 * Why a row (with its bounds `lo`, `hi` and the next range's lower bound `next_lo`) breaks the
 * rules, or NULL when it does not. The first reason that applies, in this order.
 */
function reason(check: CheckSpec, ctx: RenderContext): string {
  const s = (text: string) => ctx.dialect.stringLiteral(text);
  const gaps = check.args.gaps as keyof typeof GAPS;
  const zero = check.args.zero_length as keyof typeof ZERO_LENGTH;
  return (
    'CASE ' +
    // dbt-utils reads a missing bound as a violation too: an open range overlaps or gaps unseen.
    `WHEN lo IS NULL OR hi IS NULL THEN ${s('missing bound')} ` +
    `WHEN NOT (lo ${ZERO_LENGTH[zero]} hi) THEN ${s(zero === 'allowed' ? 'upper before lower' : 'empty or reversed')} ` +
    // The last range of its partition has no next one to meet.
    `WHEN next_lo IS NULL THEN NULL ` +
    `WHEN hi > next_lo THEN ${s('overlaps next')} ` +
    `WHEN NOT (hi ${GAPS[gaps]} next_lo) THEN ${s(gaps === 'required' ? 'no gap before next' : 'gap before next')} ` +
    'ELSE NULL END'
  );
}

/** A column named twice (lower = upper, a partition column as a bound) appears once in the key. */
function uniqueNames(fields: { name: string; expr: string }[]): { name: string; expr: string }[] {
  return fields.filter((f, i) => fields.findIndex((g) => g.name === f.name) === i);
}

/** The `partition_by` columns, none when it is absent. */
const partitionColumns = (args: Record<string, unknown>) => (args.partition_by === undefined ? [] : asColumns(args.partition_by));

/** A listed range: its partition (as p0, p1, ...) and bounds (lo, hi), by column name. */
const rangeKey = (check: CheckSpec, p: string[]) =>
  uniqueNames([
    ...partitionColumns(check.args).map((name, i) => ({ name, expr: p[i]! })),
    { name: check.args.lower as string, expr: 'lo' },
    { name: check.args.upper as string, expr: 'hi' },
  ]);

export const ranges: SetCheckType = {
  type: 'ranges',
  kind: 'set',
  shape: 'ranges',
  summary:
    'The ranges `lower`..`upper` of the rows do not overlap, per partition of `partition_by`, with gaps between them allowed, not allowed or required; rows that break the rule are listed.',
  argsSchema: {
    type: 'object',
    properties: {
      lower: { ...columnSchema, description: 'the column holding each range’s lower bound' },
      upper: { ...columnSchema, description: 'the column holding each range’s upper bound' },
      partition_by: { ...columnListSchema, description: 'columns whose groups each hold their own ranges' },
      gaps: { enum: Object.keys(GAPS), description: 'between one range’s upper bound and the next one’s lower bound' },
      zero_length: { enum: Object.keys(ZERO_LENGTH), description: 'whether lower may equal upper' },
      max: { ...countSchema, description: 'rows allowed to break the rule (default 0)' },
    },
    required: ['lower', 'upper'],
  },
  defaults: { gaps: 'allowed', zero_length: 'allowed', max: 0 },
  argKinds: { max: 'count' },
  warnKeys: ['max'],
  groupColumns: partitionColumns,
  bounds: (args) => ({ max: args.max as number }),
  example: 'ranges: { lower: valid_from, upper: valid_to, partition_by: player_lookup, gaps: not_allowed }',
  parts: (check, ctx, key, filter) => {
    const d = ctx.dialect;
    const groups = partitionColumns(check.args);
    // Partition columns travel as p0, p1, ... so no column name can clash with lo / hi / n.
    const p = groups.map((_, i) => `p${i}`);
    const pre = p.map((x) => `${x}, `).join('');
    const values = `${key}_values`;
    const violations = `${key}_violations`;
    const partitionBy = p.length > 0 ? `PARTITION BY ${p.join(', ')} ` : '';
    return {
      ctes: [
        {
          name: values,
          sql:
            `SELECT ${groups.map((c, i) => `${ctx.column(c)} AS ${p[i]}, `).join('')}` +
            `${ctx.column(check.args.lower as string)} AS lo, ${ctx.column(check.args.upper as string)} AS hi ` +
            `FROM ${ctx.table(check.table)}${filter ? ` WHERE ${filter}` : ''}`,
        },
        {
          // Rows with a missing bound stay out of the ordering (engines order NULLs differently)
          // and are violations of their own; the others meet the range after them.
          name: violations,
          sql:
            `SELECT ${pre}lo, hi, next_lo, why, COUNT(*) AS n FROM (` +
            `SELECT ${pre}lo, hi, next_lo, ${reason(check, ctx)} AS why FROM (` +
            `SELECT ${pre}lo, hi, LEAD(lo) OVER (${partitionBy}ORDER BY lo, hi) AS next_lo FROM ${values} WHERE ${and('lo IS NOT NULL', 'hi IS NOT NULL')} ` +
            `UNION ALL SELECT ${pre}lo, hi, NULL AS next_lo FROM ${values} WHERE lo IS NULL OR hi IS NULL` +
            `) AS w) AS r WHERE why IS NOT NULL GROUP BY ${[...p, 'lo', 'hi', 'next_lo', 'why'].join(', ')}`,
        },
      ],
      selects: countedOffences(ctx, key, values, violations, 'distinct_violations', {
        keyJson: d.jsonObject(rangeKey(check, p)),
        detailJson: d.jsonObject([
          { name: 'reason', expr: 'why' },
          { name: 'next_lower', expr: 'next_lo' },
        ]),
      }),
    };
  },
  // The rows that break the rules, by their range (and partition), as the check lists them. Rows
  // with a missing bound are a partition of their own, out of the others' order, as in its query.
  samples: (check, ctx) => {
    const groups = partitionColumns(check.args);
    const p = groups.map((_, i) => `p${i}`);
    return {
      rows: (filter, keys) => {
        const lo = ctx.column(check.args.lower as string);
        const hi = ctx.column(check.args.upper as string);
        const complete = `${lo} IS NOT NULL AND ${hi} IS NOT NULL`;
        const partitionBy = [...groups.map((c) => ctx.column(c)), `(${complete})`].join(', ');
        const order = [lo, hi, ...keys.map((k) => k.expr)].join(', ');
        const items = [
          ...keys.map((k) => `${k.expr} AS ${k.alias}`),
          ...groups.map((c, i) => `${ctx.column(c)} AS ${p[i]}`),
          `${lo} AS lo`,
          `${hi} AS hi`,
          `CASE WHEN ${complete} THEN LEAD(${lo}) OVER (PARTITION BY ${partitionBy} ORDER BY ${order}) END AS next_lo`,
        ];
        return `SELECT ${items.join(', ')} FROM ${ctx.table(check.table)}${filter ? ` WHERE ${filter}` : ''}`;
      },
      offending: `(${reason(check, ctx)}) IS NOT NULL`,
      value: Object.fromEntries(rangeKey(check, p).map((f) => [f.name, f.expr])),
    };
  },
  measure: (_check, rows) => {
    const summary = requiredSummary(rows);
    const violating = requiredCount(summary.value, 'rows breaking the ranges');
    const evaluated = requiredCount(summary.rows_evaluated, 'rows evaluated');
    const distinct = requiredCount(summaryDetails(rows).distinct_violations, 'distinct violations');
    return {
      metric: { name: 'violating_rows', value: violating, unit: 'count' },
      value: violating,
      rowsEvaluated: evaluated,
      failingGroups: listedGroups(rows, distinct),
      // Each listed group is a range (details.reason says what is wrong with it), with its rows.
      groupMetric: { name: 'rows', unit: 'count' },
      failingGroupCount: distinct,
      detail: `${violating.toLocaleString('en-US')} of ${evaluated.toLocaleString('en-US')} rows break the ranges`,
    };
  },
};
