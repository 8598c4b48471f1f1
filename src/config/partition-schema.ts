// Schemas of the partition keys (issue: partition-aware validation): a file's `partition:`,
// and `group_by`, `window`, `expected_partitions`, `depends_on` on files and checks.
import type { JsonSchema } from '../checks/types.js';

const column: JsonSchema = { type: 'string', minLength: 1 };

export const partitionSchema: JsonSchema = {
  description: "The table's date partition column; enables window, expected_partitions, --from/--to and failing partitions.",
  ...column,
};

export const groupBySchema: JsonSchema = {
  description:
    'Aggregate checks: the thresholds hold for every group; failing groups are listed. Columns (a name or a list), or named segments: ' +
    '{ period: "CASE WHEN game_date >= \'2025-01-01\' THEN \'2025+\' ELSE \'before\' END" } (an SQL expression, sealed like where) or ' +
    '{ month: { column: game_date, grain: month } } (a DATE, TIMESTAMP or DATETIME column cut to day, week (ISO, from Monday), month, quarter or year; column defaults to the partition).',
  anyOf: [
    column,
    { type: 'array', items: column, minItems: 1 },
    {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      additionalProperties: {
        anyOf: [
          column,
          {
            type: 'object',
            required: ['grain'],
            additionalProperties: false,
            properties: { column, grain: { enum: ['day', 'week', 'month', 'quarter', 'year'] } },
          },
        ],
      },
    },
  ],
};

export const WINDOW_DAYS_PATTERN = '^([1-9][0-9]*)\\s*days?$';

export const windowSchema: JsonSchema = {
  description: 'Only recent partitions relative to --as-of: `3 days` (calendar days up to and including as-of) or { last: 3 } (the 3 newest partitions).',
  anyOf: [
    { type: 'string', pattern: WINDOW_DAYS_PATTERN },
    { type: 'object', required: ['last'], additionalProperties: false, properties: { last: { type: 'integer', minimum: 1 } } },
  ],
};

export const expectedPartitionsSchema: JsonSchema = {
  description: 'Where the partitions that must exist come from; a grouped check fails for each one without rows.',
  anyOf: [
    { type: 'object', required: ['calendar'], additionalProperties: false, properties: { calendar: { enum: ['daily'] } } },
    {
      type: 'object',
      required: ['table', 'column'],
      additionalProperties: false,
      properties: { table: column, column, where: { type: 'string', minLength: 1 } },
    },
  ],
};

export const dependsOnSchema: JsonSchema = {
  description: 'Check ids or selectors that must pass first; this check is skipped when one of them does not.',
  anyOf: [column, { type: 'array', items: column, minItems: 1 }],
};

export const PARTITION_CHECK_KEYS = ['group_by', 'window', 'expected_partitions', 'depends_on'] as const;

export function partitionCheckProperties(): Record<string, JsonSchema> {
  return {
    group_by: groupBySchema,
    window: windowSchema,
    expected_partitions: expectedPartitionsSchema,
    depends_on: dependsOnSchema,
  };
}

export function partitionFileProperties(): Record<string, JsonSchema> {
  return { partition: partitionSchema, expected_partitions: expectedPartitionsSchema, depends_on: dependsOnSchema };
}
