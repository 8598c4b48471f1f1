// The BigQuery store's tables: the schema of docs/history.md (the DuckDB store's, version 1)
// plus run_date, the DATE of the run's start in UTC, by which every table is partitioned so that
// reading a run touches one day's partition, never the whole growing table.
import type { TableField } from '@google-cloud/bigquery';

/**
 * The version of docs/history.md's schema these tables hold, recorded as the table label
 * SCHEMA_LABEL (read by tables.get, which bills nothing). A store labelled with a newer version
 * is refused, never rewritten.
 */
export const BIGQUERY_SCHEMA_VERSION = 1;
export const SCHEMA_LABEL = 'dq_history_schema';
/** The partitioning column of every table. */
export const RUN_DATE = 'run_date';

const req = (name: string, type: string): TableField => ({ name, type, mode: 'REQUIRED' });
const opt = (name: string, type: string): TableField => ({ name, type, mode: 'NULLABLE' });

export interface HistoryTable {
  name: 'runs' | 'check_results' | 'partition_results';
  fields: TableField[];
  /** Clustering columns: reads filter by them within a day's partition. */
  clustering: string[];
}

export const HISTORY_TABLES: readonly HistoryTable[] = [
  {
    name: 'runs',
    fields: [
      req('seq', 'INT64'), req('run_id', 'STRING'), req('started_at', 'STRING'), req('finished_at', 'STRING'), opt('suite', 'STRING'),
      req('select_json', 'STRING'), req('exclude_json', 'STRING'), req('target', 'STRING'), req('engine', 'STRING'), req('as_of', 'STRING'),
      opt('from_date', 'STRING'), opt('to_date', 'STRING'), req('exit_code', 'INT64'), req('status', 'STRING'), req('selection', 'STRING'),
      req(RUN_DATE, 'DATE'),
    ],
    clustering: ['selection', 'run_id'],
  },
  {
    name: 'check_results',
    fields: [
      req('run_id', 'STRING'), req('check_id', 'STRING'), req('table_name', 'STRING'), req('type', 'STRING'), req('status', 'STRING'),
      req('metric_name', 'STRING'), opt('metric_value', 'FLOAT64'), opt('metric_text', 'STRING'), req('metric_unit', 'STRING'),
      opt('rows_evaluated', 'FLOAT64'), req('failing_group_count', 'INT64'), opt('partition_unit', 'STRING'),
      req('partitions_complete', 'BOOL'), req(RUN_DATE, 'DATE'),
    ],
    clustering: ['check_id', 'run_id'],
  },
  {
    name: 'partition_results',
    fields: [
      req('run_id', 'STRING'), req('check_id', 'STRING'), req('partition_key', 'STRING'), opt('value', 'FLOAT64'),
      opt('rows_evaluated', 'FLOAT64'), req('status', 'STRING'), opt('reason', 'STRING'), req(RUN_DATE, 'DATE'),
    ],
    clustering: ['run_id', 'check_id'],
  },
];

const DAY_MS = 86_400_000;

/**
 * `history: { keep_days }` as the tables' partition expiration (null: none, every run is kept).
 * BigQuery deletes a day's partition once the start of that day (UTC) plus the expiration has
 * passed, so one day more than keep_days keeps every run at least keep_days days. The `runs`
 * table, whose row makes a run visible, expires a day before the run's checks and partitions:
 * readers never list a run whose rows are already gone (its leftover rows are never read).
 */
export function partitionExpirationMs(table: HistoryTable['name'], keepDays: number | undefined): number | null {
  if (keepDays === undefined) return null;
  return (keepDays + (table === 'runs' ? 1 : 2)) * DAY_MS;
}
