import { bigquery } from './bigquery.js';
import type { Dialect } from './dialect.js';
import { duckdb } from './duckdb.js';

/** Every dialect dqgate renders; tests loop over this list. */
export const dialects: readonly Dialect[] = [duckdb, bigquery];

export function dialectFor(engine: 'duckdb' | 'bigquery'): Dialect {
  const dialect = dialects.find((d) => d.name === engine);
  if (!dialect) throw new Error(`no dialect for engine ${engine}`);
  return dialect;
}
