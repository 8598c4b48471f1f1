// Building blocks the check types share: argument schemas, bounds, conditional counts and
// share measurements. A check type file should read as "what it measures", not plumbing.
import type { Value } from '../engines/engine.js';
import type { Bounds } from '../run/report.js';
import type { CheckSpec } from '../config/types.js';
import type { AggregateCheckType, ArgKind, ArgRange, JsonSchema, Measurement, RenderContext } from './types.js';

export const columnSchema: JsonSchema = { type: 'string', minLength: 1, description: 'column name' };
export const shareSchema: JsonSchema = {
  anyOf: [
    { type: 'number', minimum: 0, maximum: 1 },
    { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?%$' },
  ],
  description: 'a share: 45% or 0.45',
};
export const countSchema: JsonSchema = { type: 'integer', minimum: 0 };
export const numberSchema: JsonSchema = { type: 'number' };
export const durationSchema: JsonSchema = {
  type: 'string',
  pattern: '^[0-9]+(\\.[0-9]+)?\\s*(second|minute|hour|day|week)s?$',
  description: 'a duration: 30 minutes, 6 hours, 2 days',
};
export const sqlSchema: JsonSchema = { type: 'string', minLength: 1 };
export const columnListSchema: JsonSchema = {
  anyOf: [columnSchema, { type: 'array', items: columnSchema, minItems: 1 }],
};

/** `mostly` is the share of evaluated rows that must pass (default 100%). */
export const mostlyArg = { schema: shareSchema, kind: 'share' as const };

/** Joins filters with AND, dropping absent ones; null when none remain. */
export function and(...conditions: (string | null | undefined)[]): string | null {
  const present = conditions.filter((c): c is string => !!c);
  if (present.length === 0) return null;
  return present.length === 1 ? present[0] : present.map((c) => `(${c})`).join(' AND ');
}

/** Rows inside `scope` where `condition` holds, as an aggregate. */
export function countWhere(ctx: RenderContext, ...conditions: (string | null | undefined)[]): string {
  const condition = and(...conditions);
  return condition === null ? 'COUNT(*)' : ctx.dialect.countIf(condition);
}

/**
 * A check of the share of a column's non-null values for which the predicates `holds` all hold
 * (accepted_values, between, regex): the non-null rows and the passing ones it counts, and as
 * samples the non-null values for which they do not.
 */
export function nonNullShare(holds: (check: CheckSpec, ctx: RenderContext) => string[]): Required<Pick<AggregateCheckType, 'aggregates' | 'samples'>> {
  return {
    aggregates: (check, ctx, scope) => ({
      rows: countWhere(ctx, scope, `${ctx.column(check.args.column as string)} IS NOT NULL`),
      pass: countWhere(ctx, scope, ...holds(check, ctx)),
    }),
    samples: (check, ctx) => {
      const column = ctx.column(check.args.column as string);
      return { offending: `${column} IS NOT NULL AND NOT (${and(...holds(check, ctx))})`, value: column };
    },
  };
}

export function asColumns(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : [value as string];
}

// Decimal text, as engines send exact integers and decimals (and BigQuery every number).
const DECIMAL_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * A finite number, or decimal text of one; anything else is no number (null). Number() would
 * read '', ' ', [] and false as 0, and true or [5] as numbers: a malformed answer, never a count.
 */
export function toNumber(value: Value | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || !DECIMAL_TEXT.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * A measure read from an answer that lacks what its SQL always returns (a missing row or column,
 * a NULL COUNT): the check ends as `error`, never as a number the answer did not hold.
 */
export class IncompleteAnswerError extends Error {
  constructor(what: string) {
    super(`incomplete answer: ${what}`);
    this.name = 'IncompleteAnswerError';
  }
}

/** A value the check's SQL always returns (it may be NULL); throws when the column is absent. */
export function requiredValue(values: Record<string, Value>, name: string): Value {
  const value = values[name];
  if (value === undefined) throw new IncompleteAnswerError(`no ${name} column`);
  return value;
}

/** A COUNT the check's SQL always returns: never NULL, a whole number ≥ 0. */
export function requiredCount(value: Value | undefined, name: string): number {
  if (value === undefined) throw new IncompleteAnswerError(`no ${name} column`);
  if (value === null) throw new IncompleteAnswerError(`${name} is NULL`);
  const n = toNumber(value);
  if (n === null || !Number.isInteger(n) || n < 0) throw new IncompleteAnswerError(`${name} is ${JSON.stringify(value)}, not a count`);
  return n;
}

export function minMaxEquals(args: Record<string, unknown>): Bounds {
  const bounds: Bounds = {};
  if (typeof args.min === 'number') bounds.min = args.min;
  if (typeof args.max === 'number') bounds.max = args.max;
  if (typeof args.equals === 'number') bounds.equals = args.equals;
  return bounds;
}

/**
 * Threshold arguments `min`, `max` (inclusive) and `min_exclusive`, `max_exclusive` (strict: dbt's
 * at_least_one is `coverage: { min_exclusive: 0 }`), plus `equals` when `withEquals`: their
 * schema properties (`schema` for each), argKinds, warnKeys, the rule that an end is given one
 * way only, the anyOf requiring one of them, and their ranges.
 */
export function thresholdArgs(schema: JsonSchema, kind: ArgKind, withEquals: boolean) {
  const keys = ['min', 'max', ...(withEquals ? ['equals'] : []), 'min_exclusive', 'max_exclusive'];
  return {
    properties: Object.fromEntries(keys.map((k) => [k, schema])),
    argKinds: Object.fromEntries(keys.map((k) => [k, kind])) as Record<string, ArgKind>,
    warnKeys: keys,
    /** An end given both ways is refused (at the exclusive one). */
    oneWayPerEnd: [
      { if: { required: ['min'] }, then: { properties: { min_exclusive: false } } },
      { if: { required: ['max'] }, then: { properties: { max_exclusive: false } } },
    ] as JsonSchema[],
    anyOf: keys.map((k) => ({ required: [k] })),
    ranges: [
      { low: 'min', high: 'max' },
      { low: 'min_exclusive', high: 'max', excludes: () => ({ low: true, high: false, why: 'min_exclusive' }) },
      { low: 'min', high: 'max_exclusive', excludes: () => ({ low: false, high: true, why: 'max_exclusive' }) },
      { low: 'min_exclusive', high: 'max_exclusive', excludes: () => ({ low: true, high: true, why: 'min_exclusive' }) },
    ] as ArgRange[],
  };
}

/**
 * Bounds of thresholdArgs: `min`/`max` inclusive, `min_exclusive`/`max_exclusive` strict. An end
 * given both ways (a `warn:` override of the other form) keeps the stricter.
 */
export function thresholdBounds(args: Record<string, unknown>): Bounds {
  const bounds = minMaxEquals(args);
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const minEx = num(args.min_exclusive);
  if (minEx !== undefined && (bounds.min === undefined || minEx >= bounds.min)) {
    bounds.min = minEx;
    bounds.strictMin = true;
  }
  const maxEx = num(args.max_exclusive);
  if (maxEx !== undefined && (bounds.max === undefined || maxEx <= bounds.max)) {
    bounds.max = maxEx;
    bounds.strictMax = true;
  }
  return bounds;
}

/**
 * The metadata of a check type judged by thresholdArgs alone: its own `properties` (`required`)
 * and the thresholds (one at least, an end given one way), their kinds, warn keys, ranges and bounds.
 */
export function thresholdCheckArgs(thresholds: ReturnType<typeof thresholdArgs>, properties: Record<string, JsonSchema>, required: string[]) {
  return {
    argsSchema: {
      type: 'object',
      properties: { ...properties, ...thresholds.properties },
      required,
      anyOf: thresholds.anyOf,
      allOf: thresholds.oneWayPerEnd,
    } as JsonSchema,
    defaults: {},
    argKinds: thresholds.argKinds,
    warnKeys: thresholds.warnKeys,
    ranges: thresholds.ranges,
    bounds: thresholdBounds,
  };
}

export const mostlyBounds = (args: Record<string, unknown>): Bounds => ({ min: args.mostly as number });

/** A share of passing rows among evaluated rows (both COUNTs); value null when nothing was evaluated. */
export function shareMeasurement(name: string, passing: Value | undefined, evaluated: Value | undefined): Measurement {
  const rows = requiredCount(evaluated, 'rows');
  const pass = requiredCount(passing, 'pass');
  const value = rows > 0 ? pass / rows : null;
  return {
    metric: { name, value, unit: 'share' },
    value,
    rowsEvaluated: rows,
    detail: `${pass.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} rows`,
  };
}

/** A SQL literal for a YAML scalar (accepted values, range limits). */
export function literal(ctx: RenderContext, value: unknown): string {
  if (typeof value === 'number') return ctx.dialect.numberLiteral(value);
  if (typeof value === 'boolean') return ctx.dialect.booleanLiteral(value);
  return ctx.dialect.stringLiteral(String(value));
}
