// The embedded results store: a DuckDB file of its own (never the check engine's locked-down
// instance, which opens warehouses read-only). Schema versioned in schema_version; MIGRATIONS
// bring an older file forward, one step per version, inside one transaction.
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { duckdbApi } from '../engines/duckdb-api.js';
import type { Row } from '../engines/engine.js';
import type { CheckRecord, PartitionRecord, RunRecord } from './records.js';
import type { HistoryScope } from './check-history.js';
import { NoHistoryStore, type HistoryStore, type ListedMetric, type RunSummary } from './store.js';
import { comparableRunsSql } from './scope-sql.js';
import { checkRecords, listedMetric, runSummary } from './store-rows.js';

/** MIGRATIONS[i] takes a store from version i to i + 1. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE runs (
     seq BIGINT NOT NULL PRIMARY KEY, run_id VARCHAR NOT NULL UNIQUE, started_at VARCHAR NOT NULL,
     finished_at VARCHAR NOT NULL, suite VARCHAR, select_json VARCHAR NOT NULL, exclude_json VARCHAR NOT NULL,
     target VARCHAR NOT NULL, engine VARCHAR NOT NULL, as_of VARCHAR NOT NULL, from_date VARCHAR, to_date VARCHAR,
     exit_code INTEGER NOT NULL, status VARCHAR NOT NULL, selection VARCHAR NOT NULL);
   CREATE TABLE check_results (
     run_id VARCHAR NOT NULL, check_id VARCHAR NOT NULL, table_name VARCHAR NOT NULL, type VARCHAR NOT NULL,
     status VARCHAR NOT NULL, metric_name VARCHAR NOT NULL, metric_value DOUBLE, metric_text VARCHAR,
     metric_unit VARCHAR NOT NULL, rows_evaluated DOUBLE, failing_group_count BIGINT NOT NULL,
     partition_unit VARCHAR, partitions_complete BOOLEAN NOT NULL);
   CREATE TABLE partition_results (
     run_id VARCHAR NOT NULL, check_id VARCHAR NOT NULL, partition_key VARCHAR NOT NULL, value DOUBLE,
     rows_evaluated DOUBLE, status VARCHAR NOT NULL, reason VARCHAR);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the store to SCHEMA_VERSION; a store newer than this dq is refused, never rewritten. */
export async function migrate(connection: DuckDBConnection): Promise<void> {
  await connection.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const rows = (await connection.runAndReadAll('SELECT max(version) AS v FROM schema_version')).getRowObjectsJS();
  const current = Number(rows[0]?.v ?? 0);
  if (current > SCHEMA_VERSION) {
    throw new Error(`the history store has schema version ${current}, newer than this dq reads (${SCHEMA_VERSION})`);
  }
  if (current === SCHEMA_VERSION) return;
  await connection.run('BEGIN TRANSACTION');
  try {
    for (let version = current; version < SCHEMA_VERSION; version++) await connection.run(MIGRATIONS[version]!);
    await connection.run('DELETE FROM schema_version');
    await connection.run(`INSERT INTO schema_version VALUES (${SCHEMA_VERSION})`);
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

/**
 * The rows of an answer as the shared decoders (store-rows.ts) read them: BIGINT cells, which
 * the client gives as bigint, become numbers (one beyond 2^53 is then refused as not whole).
 */
async function readRows(connection: DuckDBConnection, sql: string, values: DuckDBValue[]): Promise<Row[]> {
  const rows = (await connection.runAndReadAll(sql, values)).getRowObjectsJS();
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])) as Row);
}

export class DuckDbHistoryStore implements HistoryStore {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens (with `create`, creating the file and its folder) and migrates the store at `file`. */
  static async open(file: string, options: { create: boolean }): Promise<DuckDbHistoryStore> {
    if (!options.create && !existsSync(file)) throw new NoHistoryStore(`no history store at ${file}: no run has been recorded yet`);
    mkdirSync(path.dirname(file), { recursive: true });
    const instance = await duckdbApi.DuckDBInstance.create(file, { threads: '1' });
    try {
      const connection = await instance.connect();
      try {
        await migrate(connection);
        return new DuckDbHistoryStore(instance, connection);
      } catch (error) {
        connection.closeSync();
        throw error;
      }
    } catch (error) {
      instance.closeSync();
      throw error;
    }
  }

  /**
   * Appends the run; with `pruneBefore` (an ISO timestamp), in the same transaction, removes the
   * runs that started before it and their checks and partitions (`history: { keep_days }`).
   */
  async append(run: RunRecord, options: { pruneBefore?: string } = {}): Promise<void> {
    const c = this.connection;
    await c.run('BEGIN TRANSACTION');
    try {
      const runValues: DuckDBValue[] = [
        run.run_id, run.started_at, run.finished_at, run.suite, JSON.stringify(run.select), JSON.stringify(run.exclude),
        run.target, run.engine, run.as_of, run.from, run.to, run.exit_code, run.status, run.selection,
      ];
      await c.run(
        `INSERT INTO runs SELECT coalesce((SELECT max(seq) FROM runs), 0) + 1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14`,
        runValues,
      );
      const checks = await c.createAppender('check_results');
      for (const check of run.checks) appendCheck(checks, run.run_id, check);
      checks.closeSync();
      const partitions = await c.createAppender('partition_results');
      for (const check of run.checks) for (const p of check.partitions) appendPartition(partitions, run.run_id, check.check_id, p);
      partitions.closeSync();
      if (options.pruneBefore !== undefined) {
        // started_at is toISOString() text (UTC, fixed width): text order is time order.
        const old = 'SELECT run_id FROM runs WHERE started_at < $1';
        await c.run(`DELETE FROM partition_results WHERE run_id IN (${old})`, [options.pruneBefore]);
        await c.run(`DELETE FROM check_results WHERE run_id IN (${old})`, [options.pruneBefore]);
        await c.run('DELETE FROM runs WHERE started_at < $1', [options.pruneBefore]);
      }
      await c.run('COMMIT');
    } catch (error) {
      await c.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async runs(options: { selection?: string; checkId?: string; limit?: number } = {}): Promise<RunSummary[]> {
    const where: string[] = [];
    const values: string[] = [];
    if (options.selection !== undefined) {
      values.push(options.selection);
      where.push(`selection = $${values.length}`);
    }
    if (options.checkId !== undefined) {
      values.push(options.checkId);
      where.push(`run_id IN (SELECT run_id FROM check_results WHERE check_id = $${values.length})`);
    }
    const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
    const limit = options.limit === undefined ? '' : ` LIMIT ${Math.floor(options.limit)}`;
    return (await readRows(this.connection, `SELECT * FROM runs ${filter} ORDER BY seq DESC${limit}`, values)).map(runSummary);
  }

  async read(runId: string, options: { partitions?: boolean } = {}): Promise<RunRecord | undefined> {
    const c = this.connection;
    const [row] = await readRows(c, 'SELECT * FROM runs WHERE run_id = $1', [runId]);
    if (!row) return undefined;
    const partitionRows =
      options.partitions === false ? [] : await readRows(c, 'SELECT * FROM partition_results WHERE run_id = $1 ORDER BY check_id, partition_key', [runId]);
    const checkRows = await readRows(c, 'SELECT * FROM check_results WHERE run_id = $1 ORDER BY check_id', [runId]);
    return { ...runSummary(row), checks: checkRecords(checkRows, partitionRows) };
  }

  /** One query: the comparable runs holding each check, numbered newest first per check, with the check's row. */
  async metricHistory(checks: readonly { id: string; depth: number }[], scope: HistoryScope): Promise<ListedMetric[]> {
    if (checks.length === 0) return [];
    const values: DuckDBValue[] = [];
    const param = (v: DuckDBValue) => {
      values.push(v);
      return `$${values.length}`;
    };
    const ids = checks.map((c) => param(c.id)).join(', ');
    const inScope = comparableRunsSql(scope, (_, value) => param(value));
    const depth = param(Math.max(...checks.map((c) => c.depth)));
    const sql =
      `WITH listed AS (SELECT p.check_id, r.run_id, r.started_at, row_number() OVER (PARTITION BY p.check_id ORDER BY r.seq DESC) AS n ` +
      `FROM runs r JOIN (SELECT DISTINCT check_id, run_id FROM check_results WHERE check_id IN (${ids})) p ON p.run_id = r.run_id WHERE ${inScope}) ` +
      `SELECT l.check_id, l.run_id, l.started_at, m.status, m.metric_value, m.run_id IS NOT NULL AS recorded ` +
      `FROM listed l LEFT JOIN check_results m ON m.run_id = l.run_id AND m.check_id = l.check_id ` +
      `WHERE l.n <= ${depth} ORDER BY l.check_id, l.n`;
    return (await readRows(this.connection, sql, values)).map(listedMetric);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;

function appendText(a: Appender, v: string | null): void {
  if (v === null) a.appendNull();
  else a.appendVarchar(v);
}

function appendNumber(a: Appender, v: number | null): void {
  if (v === null || !Number.isFinite(v)) a.appendNull();
  else a.appendDouble(v);
}

function appendCheck(a: Appender, runId: string, c: CheckRecord): void {
  a.appendVarchar(runId);
  a.appendVarchar(c.check_id);
  a.appendVarchar(c.table);
  a.appendVarchar(c.type);
  a.appendVarchar(c.status);
  a.appendVarchar(c.metric_name);
  appendNumber(a, c.metric_value);
  appendText(a, c.metric_text);
  a.appendVarchar(c.metric_unit);
  appendNumber(a, c.rows_evaluated);
  a.appendBigInt(BigInt(c.failing_group_count));
  appendText(a, c.partition_unit);
  a.appendBoolean(c.partitions_complete);
  a.endRow();
}

function appendPartition(a: Appender, runId: string, checkId: string, p: PartitionRecord): void {
  a.appendVarchar(runId);
  a.appendVarchar(checkId);
  a.appendVarchar(p.key);
  appendNumber(a, p.value);
  appendNumber(a, p.rows);
  a.appendVarchar(p.status);
  appendText(a, p.reason);
  a.endRow();
}
