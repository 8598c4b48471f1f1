// tables.get: the table resource of a served table, as BigQuery answers it — its schema in
// BigQuery types (the same mapping the query results use), timePartitioning (with expirationMs)
// and requirePartitionFilter from the TableMetaStore. Ingestion-time tables hide their
// _PARTITIONTIME column: BigQuery exposes it as a pseudo-column, not in the schema.
import { HttpError } from './bq-errors.js';
import { schemaField, type DuckDbWarehouse } from './duckdb.js';
import { whileUnchanged } from './memo.js';
import type { TableMetaStore } from './table-meta.js';
import { quoteIdent, stringLiteral } from './translate.js';

export const PARTITIONTIME = '_PARTITIONTIME';

export async function tableResource(warehouse: DuckDbWarehouse, meta: TableMetaStore, project: string, dataset: string, table: string): Promise<unknown> {
  const columns = await servedColumns(warehouse, dataset, table);
  if (!columns) throw new HttpError(404, 'notFound', `Not found: Table ${project}:${dataset}.${table}`);
  const partitioning = meta.get(`${dataset}.${table}`);
  const ingestionTime = partitioning !== undefined && partitioning.field === undefined;
  // A copy: a test's response edit may change the answer it is sent in.
  const fields = structuredClone(columns).filter((f) => !(ingestionTime && f.name.toUpperCase() === PARTITIONTIME));
  return {
    kind: 'bigquery#table',
    id: `${project}:${dataset}.${table}`,
    tableReference: { projectId: project, datasetId: dataset, tableId: table },
    type: 'TABLE',
    schema: { fields },
    ...(partitioning
      ? {
          timePartitioning: {
            type: partitioning.type,
            ...(partitioning.field ? { field: partitioning.field } : {}),
            // int64 as text, as BigQuery answers it.
            ...(partitioning.expirationMs !== undefined ? { expirationMs: String(partitioning.expirationMs) } : {}),
          },
          requirePartitionFilter: partitioning.requirePartitionFilter === true,
        }
      : {}),
  };
}

type SchemaField = ReturnType<typeof schemaField>;

/**
 * The columns of each served table (undefined: no such table), read again only after a statement
 * that may change tables ran (DuckDbWarehouse.version): every run asks tables.get for the tables
 * it checks, and the answer is two catalog queries.
 */
const columnsRead = whileUnchanged<SchemaField[] | undefined>();

function servedColumns(warehouse: DuckDbWarehouse, dataset: string, table: string): Promise<SchemaField[] | undefined> {
  const key = JSON.stringify([dataset.toLowerCase(), table.toLowerCase()]);
  return columnsRead(warehouse, key, () => readColumns(warehouse, dataset, table));
}

async function readColumns(warehouse: DuckDbWarehouse, dataset: string, table: string): Promise<SchemaField[] | undefined> {
  const connection = await warehouse.instance.connect();
  try {
    const found = await connection.run(
      `SELECT count(*) FROM information_schema.tables WHERE lower(table_schema) = lower(${stringLiteral(dataset)}) ` +
        `AND lower(table_name) = lower(${stringLiteral(table)})`,
    );
    if (Number((await found.getRows())[0]![0]) === 0) return undefined;
    const empty = await connection.run(`SELECT * FROM ${quoteIdent(dataset)}.${quoteIdent(table)} LIMIT 0`);
    const types = empty.columnTypes();
    return empty.deduplicatedColumnNames().map((name, i) => schemaField(name, types[i]!));
  } finally {
    connection.closeSync();
  }
}
