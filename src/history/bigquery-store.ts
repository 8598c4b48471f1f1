// The results store in a BigQuery dataset, for teams (`history: { target, dataset }`).
//
//   open:   tables.get of each table (free); when recording, a missing dataset is created
//           (datasets.get / datasets.insert) and missing tables too (tables.insert, partitioned
//           by run_date, labelled with the schema version). A table without dq's label is not
//           dq's: refused, never written to. When recording, each table's partition expiration
//           is keep_days' (partitionExpirationMs): set when created, else changed by tables.patch
//           where it differs; BigQuery itself then deletes the expired days, never dq by DML.
//   append: one load job per table of newline-delimited JSON (WRITE_APPEND, CREATE_NEVER), awaited
//           until BigQuery reports exactly the rows sent as appended: never DML, never streaming
//           inserts. The runs row is loaded last, so a run whose partitions
//           or checks could not be loaded is never listed: readers only see whole runs.
//   read:   queries through the BigQuery engine, so every answer is complete or an error
//           (bigquery-answers.ts); a run's checks and partitions are read from its run_date
//           partition only. The histories of change:/anomaly: checks (metricHistory) are two
//           queries for all of them: the listing, then their rows from the listed runs' days only.
//
// It writes only to the configured history dataset; it never touches the checked tables.
import { BigQuery } from '@google-cloud/bigquery';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TargetConfig } from '../config/types.js';
import { guardAnswers } from '../engines/bigquery-answers.js';
import { createBigQueryEngine } from '../engines/bigquery.js';
import type { Engine, QueryParameter, Row } from '../engines/engine.js';
import { bigQueryEngineOptions } from '../engines/open.js';
import type { HistoryScope } from './check-history.js';
import { comparableRunsSql } from './scope-sql.js';
import { checkMetric, checkRecords, runSummary, text } from './store-rows.js';
import { BIGQUERY_SCHEMA_VERSION, HISTORY_TABLES, partitionExpirationMs, RUN_DATE, SCHEMA_LABEL, type HistoryTable } from './bigquery-schema.js';
import type { RunRecord } from './records.js';
import { NoHistoryStore, type HistoryStore, type ListedMetric, type RunSummary } from './store.js';

export const DATASET_NAME = /^\w{1,1024}$/;

/** What dq reads of a table resource (tables.get, tables.insert and tables.patch answers). */
interface TableMetadata {
  labels?: Record<string, string>;
  timePartitioning?: { expirationMs?: string | null };
}

/** A table's partition expiration in ms (int64 as text in the API), null when it has none. */
function expirationOf(metadata: TableMetadata | undefined): number | null {
  const ms = metadata?.timePartitioning?.expirationMs;
  return ms === undefined || ms === null ? null : Number(ms);
}

const isNotFound = (error: unknown) => (error as { code?: unknown })?.code === 404;
const isDuplicate = (error: unknown) => (error as { code?: unknown })?.code === 409;

/** A finite number, else null (JSON has no NaN or Infinity; the DuckDB store stores null too). */
const finite = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);

/** The UTC date of an ISO instant, the partition its run's rows go to. */
function runDate(startedAt: string): string {
  const date = new Date(startedAt);
  if (Number.isNaN(date.getTime())) throw new Error(`the run's started_at ${JSON.stringify(startedAt)} is not an instant`);
  return date.toISOString().slice(0, 10);
}

/** How long a load job may run when the target sets no job_timeout. */
export const DEFAULT_LOAD_TIMEOUT_MS = 300_000;

/** Recording order: microseconds since the epoch, strictly increasing within this process. */
let lastSeq = 0;
function nextSeq(): number {
  lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
  return lastSeq;
}

export interface BigQueryStoreLocation {
  target: TargetConfig;
  dataset: string;
}

export class BigQueryHistoryStore implements HistoryStore {
  private constructor(
    private readonly client: BigQuery,
    private readonly engine: Engine,
    private readonly project: string,
    private readonly dataset: string,
    /** How long a load job may take (the target's job_timeout, else DEFAULT_LOAD_TIMEOUT_MS). */
    private readonly loadTimeoutMs: number,
  ) {}

  /**
   * Opens the store; with `create` (recording), creates the dataset and tables that are missing
   * and gives every table the partition expiration of `keepDays` (none without it). Reading
   * (`create: false`) changes nothing.
   */
  static async open(
    where: BigQueryStoreLocation,
    options: { create: boolean; keepDays?: number },
    env: NodeJS.ProcessEnv = process.env,
  ): Promise<BigQueryHistoryStore> {
    if (!DATASET_NAME.test(where.dataset)) throw new Error(`history dataset ${JSON.stringify(where.dataset)} is not a dataset name`);
    const engineOptions = await bigQueryEngineOptions(where.target, {}, env);
    // Every JSON answer (datasets, tables, jobs.get) is checked before the client reads it.
    const client = guardAnswers(
      engineOptions.client ??
        new BigQuery({ projectId: engineOptions.project, keyFilename: engineOptions.keyFilename, location: engineOptions.location, retryOptions: { autoRetry: false } }),
    );
    const engine = createBigQueryEngine({ ...engineOptions, client });
    const store = new BigQueryHistoryStore(client, engine, engineOptions.project, where.dataset, engineOptions.jobTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS);
    try {
      await store.prepare(options.create ? { keepDays: options.keepDays } : undefined, engineOptions.location);
      return store;
    } catch (error) {
      store.close();
      throw error;
    }
  }

  private get name(): string {
    return `${this.project}.${this.dataset}`;
  }

  /** `recording`: create what is missing and set the retention; without it, only check the tables. */
  private async prepare(recording: { keepDays?: number } | undefined, location: string | undefined): Promise<void> {
    const dataset = this.client.dataset(this.dataset);
    if (recording) {
      try {
        await dataset.getMetadata();
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await this.client.createDataset(this.dataset, location ? { location } : {}).catch((e: unknown) => {
          if (!isDuplicate(e)) throw e;
        });
      }
    }
    for (const table of HISTORY_TABLES) await this.prepareTable(table, recording);
  }

  private async prepareTable(spec: HistoryTable, recording: { keepDays?: number } | undefined): Promise<void> {
    const table = this.client.dataset(this.dataset).table(spec.name);
    const expirationMs = partitionExpirationMs(spec.name, recording?.keepDays);
    let metadata: TableMetadata;
    try {
      [metadata] = await table.getMetadata();
    } catch (error) {
      if (!isNotFound(error)) throw error;
      if (!recording) throw new NoHistoryStore(`no history store in ${this.name}: no run has been recorded there yet`);
      try {
        const [created] = await this.client.dataset(this.dataset).createTable(spec.name, {
          schema: { fields: spec.fields },
          timePartitioning: { type: 'DAY', field: RUN_DATE, ...(expirationMs !== null ? { expirationMs: String(expirationMs) } : {}) },
          clustering: { fields: spec.clustering },
          labels: { [SCHEMA_LABEL]: String(BIGQUERY_SCHEMA_VERSION) },
        });
        metadata = created.metadata;
      } catch (e) {
        if (!isDuplicate(e)) throw e;
        [metadata] = await table.getMetadata(); // created by a run at the same moment
      }
    }
    const label = metadata.labels?.[SCHEMA_LABEL];
    if (label === undefined) {
      throw new Error(`${this.name}.${spec.name} has no ${SCHEMA_LABEL} label: it is not a table dq created, and dq does not write to it`);
    }
    if (label !== String(BIGQUERY_SCHEMA_VERSION)) {
      throw new Error(`${this.name}.${spec.name} has history schema version ${label}; this dq reads version ${BIGQUERY_SCHEMA_VERSION}`);
    }
    if (recording && expirationOf(metadata) !== expirationMs) await this.setExpiration(spec.name, expirationMs);
  }

  /**
   * Changes a table's partition expiration (tables.patch; null removes it), the one change dq
   * makes to an existing table; BigQuery refuses a change of the partitioning itself. The answer
   * must show the new expiration.
   */
  private async setExpiration(tableName: HistoryTable['name'], expirationMs: number | null): Promise<void> {
    const table = this.client.dataset(this.dataset).table(tableName);
    // null clears the field in a patch; the client's types know only text.
    const timePartitioning = { type: 'DAY', field: RUN_DATE, expirationMs: expirationMs === null ? null : String(expirationMs) };
    const [patched] = (await table.setMetadata({ timePartitioning } as unknown as Parameters<typeof table.setMetadata>[0])) as [TableMetadata];
    if (expirationOf(patched) !== expirationMs) {
      throw new Error(`${this.name}.${tableName}: BigQuery answered the change of its partition expiration with ${JSON.stringify(patched?.timePartitioning ?? null)}`);
    }
  }

  async append(run: RunRecord): Promise<void> {
    const date = runDate(run.started_at);
    const checks = run.checks.map((c) => ({
      run_id: run.run_id, check_id: c.check_id, table_name: c.table, type: c.type, status: c.status, metric_name: c.metric_name,
      metric_value: finite(c.metric_value), metric_text: c.metric_text, metric_unit: c.metric_unit, rows_evaluated: finite(c.rows_evaluated),
      failing_group_count: c.failing_group_count, partition_unit: c.partition_unit, partitions_complete: c.partitions_complete, run_date: date,
    }));
    const partitions = run.checks.flatMap((c) =>
      c.partitions.map((p) => ({
        run_id: run.run_id, check_id: c.check_id, partition_key: p.key, value: finite(p.value), rows_evaluated: finite(p.rows),
        status: p.status, reason: p.reason, run_date: date,
      })),
    );
    const runRow = {
      seq: nextSeq(), run_id: run.run_id, started_at: run.started_at, finished_at: run.finished_at, suite: run.suite,
      select_json: JSON.stringify(run.select), exclude_json: JSON.stringify(run.exclude), target: run.target, engine: run.engine,
      as_of: run.as_of, from_date: run.from, to_date: run.to, exit_code: run.exit_code, status: run.status, selection: run.selection,
      run_date: date,
    };
    // The runs row last: it is what makes the run visible to readers.
    await this.load('partition_results', partitions);
    await this.load('check_results', checks);
    await this.load('runs', [runRow]);
  }

  /** One load job appending `rows`; resolves once BigQuery says it appended exactly them. */
  private async load(tableName: HistoryTable['name'], rows: Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    const what = `the load job into ${this.name}.${tableName}`;
    // createLoadJob uploads a file (multipart) and, unlike createWriteStream, turns an answer
    // without a job reference into a rejection rather than a TypeError thrown in an event handler.
    const folder = await mkdtemp(path.join(tmpdir(), 'dq-history-'));
    let timer: NodeJS.Timeout | undefined;
    try {
      const file = path.join(folder, `${tableName}.json`);
      await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const [job] = await this.client.dataset(this.dataset).table(tableName).createLoadJob(file, {
        sourceFormat: 'NEWLINE_DELIMITED_JSON',
        writeDisposition: 'WRITE_APPEND',
        createDisposition: 'CREATE_NEVER',
      });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not done after ${this.loadTimeoutMs / 1000} s`)), this.loadTimeoutMs);
      });
      // promise(): jobs.get until DONE; rejects with the job's errorResult.
      const [metadata] = (await Promise.race([job.promise(), timeout])) as [{ statistics?: { load?: { outputRows?: unknown } } }];
      const output = metadata?.statistics?.load?.outputRows ?? job.metadata?.statistics?.load?.outputRows;
      if (String(output) !== String(rows.length)) {
        throw new Error(`BigQuery reports ${output === undefined ? 'no' : JSON.stringify(output)} rows appended, not the ${rows.length} sent`);
      }
    } catch (error) {
      throw new Error(`${what} failed: ${(error as Error)?.message ?? String(error)}`);
    } finally {
      clearTimeout(timer);
      await rm(folder, { recursive: true, force: true });
    }
  }

  private async query(id: string, sql: string, params: QueryParameter[]): Promise<Row[]> {
    return (await this.engine.execute({ id, sql, params })).rows;
  }

  private table(name: HistoryTable['name']): string {
    return `\`${this.project}.${this.dataset}.${name}\``;
  }

  async runs(options: { selection?: string; checkId?: string; limit?: number } = {}): Promise<RunSummary[]> {
    const where: string[] = [];
    const params: QueryParameter[] = [];
    if (options.selection !== undefined) {
      params.push({ name: 'selection', type: 'STRING', value: options.selection });
      where.push('selection = @selection');
    }
    if (options.checkId !== undefined) {
      params.push({ name: 'check_id', type: 'STRING', value: options.checkId });
      where.push(`run_id IN (SELECT run_id FROM ${this.table('check_results')} WHERE check_id = @check_id)`);
    }
    const filter = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
    const limit = options.limit === undefined ? '' : ` LIMIT ${Math.floor(options.limit)}`;
    const rows = await this.query('history_runs', `SELECT ${RUN_COLUMNS} FROM ${this.table('runs')}${filter} ORDER BY seq DESC${limit}`, params);
    return rows.map(runSummary);
  }

  async read(runId: string, options: { partitions?: boolean } = {}): Promise<RunRecord | undefined> {
    const byId: QueryParameter = { name: 'run_id', type: 'STRING', value: runId };
    const found = await this.query('history_run', `SELECT ${RUN_COLUMNS}, ${RUN_DATE} FROM ${this.table('runs')} WHERE run_id = @run_id`, [byId]);
    if (found.length === 0) return undefined;
    if (found.length > 1) throw new Error(`the history store holds ${found.length} runs with id ${runId}`);
    const row = found[0]!;
    // The run's checks and partitions are in its run_date partition: one day read, not the table.
    const inPartition = [byId, { name: 'run_date', type: 'DATE', value: text(row, RUN_DATE) } satisfies QueryParameter];
    // `partitions: false` (change: / anomaly:, which read only the checks' metrics): no query of partition_results.
    const partitionRows =
      options.partitions === false
        ? []
        : await this.query(
            'history_partitions',
            `SELECT check_id, partition_key, value, rows_evaluated, status, reason FROM ${this.table('partition_results')} ` +
              `WHERE ${RUN_DATE} = @run_date AND run_id = @run_id ORDER BY check_id, partition_key`,
            inPartition,
          );
    const checkRows = await this.query(
      'history_checks',
      `SELECT check_id, table_name, type, status, metric_name, metric_value, metric_text, metric_unit, rows_evaluated, ` +
        `failing_group_count, partition_unit, partitions_complete FROM ${this.table('check_results')} ` +
        `WHERE ${RUN_DATE} = @run_date AND run_id = @run_id ORDER BY check_id`,
      inPartition,
    );
    return { ...runSummary(row), checks: checkRecords(checkRows, partitionRows) };
  }

  /**
   * Two queries, however many checks: the comparable runs holding each check, newest first per
   * check (the runs table and check_results' check_id and run_id, as runs({ checkId }) reads
   * them), then the checks' rows of those runs from the runs' run_date partitions only.
   */
  async metricHistory(checks: readonly { id: string; depth: number }[], scope: HistoryScope): Promise<ListedMetric[]> {
    if (checks.length === 0) return [];
    const params: QueryParameter[] = [];
    const param = (name: string, type: QueryParameter['type'], value: string | number) => {
      params.push({ name, type, value });
      return `@${name}`;
    };
    const ids = checks.map((c, i) => param(`c${i}`, 'STRING', c.id)).join(', ');
    const checkParams = [...params];
    const inScope = comparableRunsSql(scope, (column, value) => param(column, 'STRING', value));
    const depth = param('depth', 'INT64', Math.max(...checks.map((c) => c.depth)));
    const listed = await this.query(
      'history_listed',
      `SELECT check_id, run_id, started_at, ${RUN_DATE} FROM (` +
        `SELECT p.check_id, r.run_id, r.started_at, r.${RUN_DATE}, ROW_NUMBER() OVER (PARTITION BY p.check_id ORDER BY r.seq DESC) AS n ` +
        `FROM ${this.table('runs')} r JOIN (SELECT DISTINCT check_id, run_id FROM ${this.table('check_results')} WHERE check_id IN (${ids})) p ` +
        `ON p.run_id = r.run_id WHERE ${inScope}) WHERE n <= ${depth} ORDER BY check_id, n`,
      params,
    );
    if (listed.length === 0) return [];
    const runIds = [...new Set(listed.map((l) => text(l, 'run_id')))];
    const dates = [...new Set(listed.map((l) => text(l, RUN_DATE)))];
    const metricParams: QueryParameter[] = [
      ...checkParams,
      ...runIds.map((id, i) => ({ name: `r${i}`, type: 'STRING' as const, value: id })),
      ...dates.map((d, i) => ({ name: `d${i}`, type: 'DATE' as const, value: d })),
    ];
    const rows = await this.query(
      'history_metrics',
      `SELECT check_id, run_id, ${RUN_DATE}, status, metric_value FROM ${this.table('check_results')} ` +
        `WHERE ${RUN_DATE} IN (${dates.map((_, i) => `@d${i}`).join(', ')}) AND run_id IN (${runIds.map((_, i) => `@r${i}`).join(', ')}) ` +
        `AND check_id IN (${ids})`,
      metricParams,
    );
    // The check's rows of a run, in the run's own run_date partition (as read() finds them).
    const found = new Map<string, Row[]>();
    for (const row of rows) {
      const key = JSON.stringify([text(row, 'check_id'), text(row, 'run_id'), text(row, RUN_DATE)]);
      found.set(key, [...(found.get(key) ?? []), row]);
    }
    return listed.map((l) => {
      const [checkId, runId] = [text(l, 'check_id'), text(l, 'run_id')];
      const own = found.get(JSON.stringify([checkId, runId, text(l, RUN_DATE)])) ?? [];
      if (own.length > 1) throw new Error(`the history store holds ${own.length} rows of ${checkId} in run ${runId}`);
      return { check_id: checkId, run_id: runId, started_at: text(l, 'started_at'), metric: own.length === 1 ? checkMetric(own[0]!) : null };
    });
  }

  close(): void {
    void this.engine.close();
  }
}

const RUN_COLUMNS =
  'seq, run_id, started_at, finished_at, suite, select_json, exclude_json, target, engine, as_of, from_date, to_date, exit_code, status, selection';
