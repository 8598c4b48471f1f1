// What a writer of the test server needs beside query jobs: datasets.get / datasets.insert,
// tables.insert (schema, timePartitioning, labels), tables.patch (partition expiration) and load jobs uploaded as the client sends
// them (POST /upload/bigquery/v2/projects/P/jobs?uploadType=multipart: the Job resource, then the
// data), with jobs.get for their completion. Loaded rows land in the DuckDB table, so the
// server's queries read them. Only what a load of newline-delimited JSON into an existing table
// needs: WRITE_APPEND, CREATE_NEVER; a row that does not fit fails the whole job, as BigQuery does.
import { randomUUID } from 'node:crypto';
import type { DuckDBValue } from '@duckdb/node-api';
import { HttpError, type ErrorProto } from './bq-errors.js';
import type { DuckDbWarehouse } from './duckdb.js';
import { defaultJobMessage, type Faults } from './faults.js';
import type { TableMetaStore } from './table-meta.js';
import { quoteIdent, stringLiteral } from './translate.js';

/** BigQuery's column types → the DuckDB types the server stores them as (see duckdb.ts bigQueryType). */
const DUCKDB_TYPES: Record<string, string> = {
  STRING: 'VARCHAR',
  INTEGER: 'BIGINT',
  INT64: 'BIGINT',
  FLOAT: 'DOUBLE',
  FLOAT64: 'DOUBLE',
  BOOLEAN: 'BOOLEAN',
  BOOL: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMPTZ',
  DATETIME: 'TIMESTAMP',
  NUMERIC: 'DECIMAL(38, 9)',
};

export interface LoadJobRecord {
  projectId: string;
  jobId: string;
  location: string;
  /** dataset.table */
  table: string;
  configuration: Record<string, unknown>;
  /** Rows the job appended (0 when it failed). */
  outputRows: number;
  errorResult?: ErrorProto;
}

/** The two parts of a multipart/related body: the JSON metadata and the data. */
export function parseMultipart(contentType: string | undefined, body: Buffer): { metadata: any; data: string } {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType ?? '')?.[1];
  if (!contentType?.startsWith('multipart/related') || !boundary) {
    throw new HttpError(400, 'invalid', 'Upload requests must be multipart/related with a boundary');
  }
  const parts = body
    .toString('utf8')
    .split(`--${boundary}`)
    .slice(1)
    .filter((p) => !p.startsWith('--'))
    .map((p) => {
      const split = p.indexOf('\r\n\r\n');
      if (split < 0) throw new HttpError(400, 'invalid', 'A multipart part has no headers');
      return p.slice(split + 4).replace(/\r\n$/, '');
    });
  if (parts.length !== 2) throw new HttpError(400, 'invalid', `Expected 2 multipart parts, got ${parts.length}`);
  try {
    return { metadata: JSON.parse(parts[0]!), data: parts[1]! };
  } catch {
    throw new HttpError(400, 'parseError', 'Parse Error: the upload metadata is not JSON');
  }
}

/** timePartitioning.expirationMs as sent (int64 as text or a number; null or absent: none). */
function partitionExpiration(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = Number(value);
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new HttpError(400, 'invalid', `Invalid timePartitioning.expirationMs ${JSON.stringify(value)}`);
  return ms;
}

export class WriteApi {
  private readonly loads = new Map<string, LoadJobRecord>();
  /** labels of tables created by tables.insert, by dataset.table (lower-case). */
  private readonly labels = new Map<string, Record<string, string>>();

  constructor(
    private readonly warehouse: DuckDbWarehouse,
    private readonly tableMeta: TableMetaStore,
    private readonly faults: Faults,
    private readonly defaultLocation: string,
  ) {}

  private async datasetExists(dataset: string): Promise<boolean> {
    const r = await this.warehouse.query(`SELECT count(*) AS n FROM information_schema.schemata WHERE lower(schema_name) = lower(${stringLiteral(dataset)})`);
    return Number(r.rows[0]![0]) > 0;
  }

  private async tableColumns(dataset: string, table: string): Promise<Map<string, string>> {
    const r = await this.warehouse.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE lower(table_schema) = lower(${stringLiteral(dataset)}) AND lower(table_name) = lower(${stringLiteral(table)}) ORDER BY ordinal_position`,
    );
    return new Map(r.rows.map((row) => [String(row[0]), String(row[1])]));
  }

  async getDataset(project: string, dataset: string): Promise<unknown> {
    if (!(await this.datasetExists(dataset))) throw new HttpError(404, 'notFound', `Not found: Dataset ${project}:${dataset}`);
    return this.datasetResource(project, dataset);
  }

  private datasetResource(project: string, dataset: string): unknown {
    return { kind: 'bigquery#dataset', id: `${project}:${dataset}`, datasetReference: { projectId: project, datasetId: dataset }, location: this.defaultLocation };
  }

  async insertDataset(project: string, body: any): Promise<unknown> {
    const dataset = body?.datasetReference?.datasetId;
    if (typeof dataset !== 'string' || !/^\w{1,1024}$/.test(dataset)) throw new HttpError(400, 'invalid', 'Invalid dataset ID');
    if (await this.datasetExists(dataset)) throw new HttpError(409, 'duplicate', `Already Exists: Dataset ${project}:${dataset}`);
    await this.warehouse.exec(`CREATE SCHEMA ${quoteIdent(dataset)}`);
    return this.datasetResource(project, dataset);
  }

  async insertTable(project: string, dataset: string, body: any): Promise<unknown> {
    const table = body?.tableReference?.tableId;
    if (typeof table !== 'string' || !/^\w{1,1024}$/.test(table)) throw new HttpError(400, 'invalid', 'Invalid table ID');
    if (!(await this.datasetExists(dataset))) throw new HttpError(404, 'notFound', `Not found: Dataset ${project}:${dataset}`);
    if ((await this.tableColumns(dataset, table)).size > 0) throw new HttpError(409, 'duplicate', `Already Exists: Table ${project}:${dataset}.${table}`);
    const fields: any[] = body?.schema?.fields ?? [];
    if (fields.length === 0) throw new HttpError(400, 'invalid', 'The table needs a schema');
    const columns = fields.map((f) => {
      const type = DUCKDB_TYPES[String(f.type).toUpperCase()];
      if (!type || typeof f.name !== 'string') throw new HttpError(400, 'invalid', `Unsupported field ${JSON.stringify(f)}`);
      return `${quoteIdent(f.name)} ${type}${f.mode === 'REQUIRED' ? ' NOT NULL' : ''}`;
    });
    const partitioning = body.timePartitioning;
    if (partitioning && !(partitioning.type === 'DAY' && fields.some((f) => f.name === partitioning.field && f.type === 'DATE'))) {
      throw new HttpError(400, 'invalid', 'The test server partitions by a DATE column, by DAY');
    }
    await this.warehouse.exec(`CREATE TABLE ${quoteIdent(dataset)}.${quoteIdent(table)} (${columns.join(', ')})`);
    if (partitioning) {
      const expirationMs = partitionExpiration(partitioning.expirationMs);
      this.tableMeta.set(`${dataset}.${table}`, {
        type: 'DAY',
        field: partitioning.field,
        requirePartitionFilter: body.requirePartitionFilter === true,
        ...(expirationMs !== undefined ? { expirationMs } : {}),
      });
    }
    this.labels.set(`${dataset}.${table}`.toLowerCase(), { ...(body.labels ?? {}) });
    return {
      kind: 'bigquery#table',
      id: `${project}:${dataset}.${table}`,
      tableReference: { projectId: project, datasetId: dataset, tableId: table },
      schema: { fields },
      ...(partitioning ? { timePartitioning: partitioning } : {}),
      ...(body.clustering ? { clustering: body.clustering } : {}),
      labels: body.labels ?? {},
    };
  }

  /**
   * tables.patch of a partitioned table's timePartitioning.expirationMs (null removes it), the one
   * change dq makes to a table: the partitioning itself (type, field) cannot change, as on BigQuery.
   */
  patchTable(project: string, dataset: string, table: string, body: any): void {
    const key = `${dataset}.${table}`;
    const current = this.tableMeta.get(key);
    const other = Object.keys(body ?? {}).filter((k) => k !== 'timePartitioning');
    if (other.length > 0) throw new HttpError(400, 'invalid', `The test server patches timePartitioning only, not ${other.join(', ')}`);
    const wanted = body?.timePartitioning;
    if (!current || wanted?.type !== current.type || wanted?.field !== current.field) {
      throw new HttpError(400, 'invalid', `Cannot change partitioning/clustering spec for ${project}:${key}`);
    }
    const { expirationMs: _, ...kept } = current;
    const expirationMs = partitionExpiration(wanted.expirationMs);
    this.tableMeta.set(key, expirationMs !== undefined ? { ...kept, expirationMs } : kept);
  }

  /** labels a table was created with (tables.get answers with them). */
  labelsOf(dataset: string, table: string): Record<string, string> | undefined {
    return this.labels.get(`${dataset}.${table}`.toLowerCase());
  }

  /** The upload: runs the load at once (as one transaction) and answers with the Job resource. */
  async upload(project: string, contentType: string | undefined, body: Buffer): Promise<unknown> {
    const { metadata, data } = parseMultipart(contentType, body);
    const load = metadata?.configuration?.load;
    const destination = load?.destinationTable;
    if (!load || !destination?.datasetId || !destination?.tableId) throw new HttpError(400, 'invalid', 'Required parameter is missing: configuration.load.destinationTable');
    const jobId: string = metadata.jobReference?.jobId ?? `job_${randomUUID().replace(/-/g, '_')}`;
    if (this.loads.has(jobId)) throw new HttpError(409, 'duplicate', `Already Exists: Job ${project}:${jobId}`);
    const table = `${destination.datasetId}.${destination.tableId}`;
    const job: LoadJobRecord = {
      projectId: project,
      jobId,
      location: metadata.jobReference?.location ?? this.defaultLocation,
      table,
      configuration: { ...metadata.configuration, jobType: 'LOAD' },
      outputRows: 0,
    };
    this.loads.set(jobId, job);
    const fault = this.faults.takeJobFault(`LOAD ${table}`);
    if (fault) job.errorResult = { reason: fault.reason, message: fault.message ?? defaultJobMessage(fault.reason) };
    else job.errorResult = await this.append(destination.datasetId, destination.tableId, load, data).then(
      (rows) => ((job.outputRows = rows), undefined),
      (error: ErrorProto) => error,
    );
    return this.resource(job);
  }

  private async append(dataset: string, table: string, load: any, data: string): Promise<number> {
    const invalid = (message: string): ErrorProto => ({ reason: 'invalid', message });
    if (load.sourceFormat !== 'NEWLINE_DELIMITED_JSON') throw invalid(`The test server loads NEWLINE_DELIMITED_JSON only, not ${load.sourceFormat}`);
    if ((load.writeDisposition ?? 'WRITE_APPEND') !== 'WRITE_APPEND') throw invalid('The test server only appends (writeDisposition WRITE_APPEND)');
    const columns = await this.tableColumns(dataset, table);
    if (columns.size === 0) throw { reason: 'notFound', message: `Not found: Table ${dataset}.${table}` } satisfies ErrorProto;
    const lines = data.split('\n').filter((l) => l.trim() !== '');
    const connection = await this.warehouse.instance.connect();
    this.warehouse.changed();
    try {
      await connection.run('BEGIN TRANSACTION');
      try {
        for (const [i, line] of lines.entries()) {
          let row: Record<string, unknown>;
          try {
            row = JSON.parse(line);
          } catch {
            throw invalid(`Error while reading data, error message: line ${i + 1} is not JSON`);
          }
          const names = Object.keys(row);
          const unknown = names.find((n) => !columns.has(n));
          if (unknown !== undefined) throw invalid(`Error while reading data, error message: JSON table encountered too many errors; no such field: ${unknown}`);
          const values = names.map((n) => row[n] as DuckDBValue);
          const casts = names.map((n, j) => `CAST($${j + 1} AS ${columns.get(n)})`);
          await connection
            .run(`INSERT INTO ${quoteIdent(dataset)}.${quoteIdent(table)} (${names.map(quoteIdent).join(', ')}) VALUES (${casts.join(', ')})`, values)
            .catch((error: unknown) => {
              throw invalid(`Error while reading data, error message: line ${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
            });
        }
        await connection.run('COMMIT');
      } catch (error) {
        await connection.run('ROLLBACK');
        throw error;
      }
    } finally {
      connection.closeSync();
      this.warehouse.changed();
    }
    return lines.length;
  }

  /** A load job, for jobs.get; undefined when `jobId` is not one. */
  loadJob(jobId: string): LoadJobRecord | undefined {
    return this.loads.get(jobId);
  }

  resource(job: LoadJobRecord): unknown {
    return {
      kind: 'bigquery#job',
      id: `${job.projectId}:${job.location}.${job.jobId}`,
      jobReference: { projectId: job.projectId, jobId: job.jobId, location: job.location },
      configuration: job.configuration,
      status: { state: 'DONE', ...(job.errorResult ? { errorResult: job.errorResult, errors: [job.errorResult] } : {}) },
      statistics: { creationTime: String(Date.now()), load: { outputRows: String(job.outputRows), inputFiles: '1' } },
    };
  }
}
