// tables.get answers read into TableInfo: GoogleSQL type names, partitioning, and an error —
// never "no columns" — for an answer without a schema.
import { describe, expect, it } from 'vitest';
import { QueryError } from '../../src/engines/engine.js';
import { tableInfoFromResource } from '../../src/engines/bigquery-table.js';

describe('tableInfoFromResource', () => {
  it('reads columns in GoogleSQL names (legacy INTEGER/FLOAT/BOOLEAN), REPEATED as ARRAY, and timePartitioning', () => {
    const info = tableInfoFromResource('ds.t', {
      schema: {
        fields: [
          { name: 'id', type: 'INTEGER' },
          { name: 'x', type: 'FLOAT', mode: 'NULLABLE' },
          { name: 'ok', type: 'BOOLEAN' },
          { name: 'tags', type: 'STRING', mode: 'REPEATED' },
          { name: 'ts', type: 'TIMESTAMP' },
        ],
      },
      timePartitioning: { type: 'DAY', field: 'ts' },
      requirePartitionFilter: true,
    });
    expect(info).toEqual({
      columns: [
        { name: 'id', type: 'INT64' },
        { name: 'x', type: 'FLOAT64' },
        { name: 'ok', type: 'BOOL' },
        { name: 'tags', type: 'ARRAY<STRING>' },
        { name: 'ts', type: 'TIMESTAMP' },
      ],
      partitioning: { column: 'ts', type: 'DAY', requirePartitionFilter: true },
    });
  });

  it('ingestion time: no field; the older timePartitioning.requirePartitionFilter is read too; unpartitioned: none', () => {
    expect(tableInfoFromResource('ds.t', { schema: { fields: [] }, timePartitioning: { type: 'DAY', requirePartitionFilter: true } }).partitioning).toEqual({
      type: 'DAY',
      requirePartitionFilter: true,
    });
    expect(tableInfoFromResource('ds.t', { schema: { fields: [] } }).partitioning).toBeUndefined();
  });

  it('an answer without a schema, a column without a type or an unknown partitioning is an incomplete answer', () => {
    for (const resource of [{}, { schema: {} }, { schema: { fields: [{ name: 'a' }] } }, { schema: { fields: [] }, timePartitioning: { type: 'WEEK' } }, null]) {
      expect(() => tableInfoFromResource('ds.t', resource)).toThrow(QueryError);
      expect(() => tableInfoFromResource('ds.t', resource)).toThrow(/incomplete answer: the metadata of ds\.t/);
    }
  });
});
