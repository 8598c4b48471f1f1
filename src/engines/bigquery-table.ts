// The BigQuery table resource (tables.get) read into TableInfo: the top-level columns and their
// types, and timePartitioning. An answer without a schema is an error, never "no columns".
import { QueryError, type TableInfo } from './engine.js';

const PARTITION_TYPES = new Set(['DAY', 'HOUR', 'MONTH', 'YEAR']);

/** Legacy names the API may still report, in GoogleSQL names. */
const STANDARD_NAMES: Record<string, string> = {
  INTEGER: 'INT64',
  FLOAT: 'FLOAT64',
  BOOLEAN: 'BOOL',
  RECORD: 'STRUCT',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function incomplete(table: string, what: string): QueryError {
  return new QueryError(`incomplete answer: the metadata of ${table} ${what}`, { reason: 'incompleteAnswer', transient: false });
}

export function tableInfoFromResource(table: string, resource: unknown): TableInfo {
  const fields = isObject(resource) && isObject(resource.schema) ? resource.schema.fields : undefined;
  if (!isObject(resource) || !Array.isArray(fields)) throw incomplete(table, 'has no schema');
  const columns = fields.map((field: unknown) => {
    if (!isObject(field) || typeof field.name !== 'string' || typeof field.type !== 'string') throw incomplete(table, 'has a column without a name or type');
    const type = field.type.toUpperCase();
    // A REPEATED column is an ARRAY of its type.
    const base = STANDARD_NAMES[type] ?? type;
    return { name: field.name, type: field.mode === 'REPEATED' ? `ARRAY<${base}>` : base };
  });
  const tp = resource.timePartitioning;
  if (tp === undefined) return { columns };
  if (!isObject(tp) || typeof tp.type !== 'string' || !PARTITION_TYPES.has(tp.type)) throw incomplete(table, 'has a timePartitioning dq cannot read');
  if (tp.field !== undefined && typeof tp.field !== 'string') throw incomplete(table, 'has a partition field that is not a name');
  // requirePartitionFilter sits on the table (current API) or, formerly, on timePartitioning.
  const require = resource.requirePartitionFilter ?? tp.requirePartitionFilter;
  return {
    columns,
    partitioning: {
      ...(typeof tp.field === 'string' ? { column: tp.field } : {}),
      type: tp.type as 'DAY' | 'HOUR' | 'MONTH' | 'YEAR',
      requirePartitionFilter: require === true || require === 'true',
    },
  };
}
