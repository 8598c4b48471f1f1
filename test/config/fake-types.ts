// Fake check types for loader tests (the real registry is filled elsewhere). Only the parts the
// loader reads matter; compile/measure functions are stubs.
import type { AggregateCheckType, CheckType, SetCheckType } from '../../src/checks/types.js';

const stubMeasure = () => ({ metric: { name: 'x', value: null, unit: 'number' as const }, value: null, rowsEvaluated: null });

function aggregate(def: Omit<AggregateCheckType, 'kind' | 'aggregates' | 'measure' | 'bounds' | 'example' | 'summary'> & { summary?: string }): AggregateCheckType {
  return {
    kind: 'aggregate',
    summary: `fake ${def.type}`,
    example: `- ${def.type}: {}`,
    bounds: (args) => ({ min: args.min as number | undefined, max: args.max as number | undefined }),
    aggregates: () => ({}),
    measure: stubMeasure,
    ...def,
  };
}

function set(def: Omit<SetCheckType, 'kind' | 'shape' | 'parts' | 'measure' | 'bounds' | 'example' | 'summary'>): SetCheckType {
  return {
    kind: 'set',
    shape: def.type,
    summary: `fake ${def.type}`,
    example: `- ${def.type}: {}`,
    bounds: () => ({ max: 0 }),
    parts: () => ({ ctes: [], selects: ['SELECT 1'] }),
    measure: stubMeasure,
    ...def,
  };
}

export const coverage = aggregate({
  type: 'coverage',
  mainArg: 'column',
  argsSchema: {
    type: 'object',
    required: ['column'],
    properties: { column: { type: 'string', minLength: 1 }, min: {}, max: {} },
  },
  defaults: { min: '100%' },
  argKinds: { min: 'share', max: 'share' },
  warnKeys: ['min'],
});

export const unique = set({
  type: 'unique',
  mainArg: 'columns',
  argsSchema: {
    type: 'object',
    required: ['columns'],
    properties: { columns: { type: 'array', items: { type: 'string' }, minItems: 1 }, max_duplicates: {} },
  },
  defaults: { max_duplicates: 0 },
  argKinds: { max_duplicates: 'count' },
  warnKeys: [],
});

export const rowCount = aggregate({
  type: 'row_count',
  mainArg: 'min',
  argsSchema: { type: 'object', properties: { min: {}, max: {} } },
  defaults: { min: 1 },
  argKinds: { min: 'count', max: 'count' },
  warnKeys: ['min'],
});

export const freshness = aggregate({
  type: 'freshness',
  mainArg: 'column',
  argsSchema: { type: 'object', required: ['column', 'max_age'], properties: { column: { type: 'string' }, max_age: {} } },
  defaults: {},
  argKinds: { max_age: 'duration' },
  warnKeys: ['max_age'],
});

export const sql = set({
  type: 'sql',
  mainArg: 'query',
  argsSchema: { type: 'object', required: ['query'], properties: { query: { type: 'string' }, max_rows: {} } },
  defaults: {},
  argKinds: { max_rows: 'count' },
  warnKeys: [],
  sqlArgs: { query: 'query' },
});

export const metric = aggregate({
  type: 'metric',
  mainArg: 'expression',
  argsSchema: {
    type: 'object',
    required: ['expression'],
    properties: { expression: { type: 'string' }, min: {}, max: {}, unit: { enum: ['number', 'share'] } },
    anyOf: [{ required: ['min'] }, { required: ['max'] }],
  },
  defaults: {},
  argKinds: { min: 'number', max: 'number' },
  warnKeys: ['min', 'max'],
  sqlArgs: { expression: 'expression' },
});

export const fakeTypes: readonly CheckType[] = [coverage, unique, rowCount, freshness, sql, metric];
