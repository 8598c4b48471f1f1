// Per-statement work the server would otherwise redo for every request: the translation to DuckDB
// SQL and the table scans of an analyzed statement are pure functions of the statement text and
// its parameters (plus, for the scans, the analyzer's resolved statements). A dry run and its job,
// and a test that runs the same checks many times (answer-mutations runs one project 80 times),
// send the same statements again. Kept for the process only, bounded like analyzer.ts's memos.
// And reads of a warehouse's tables (whileUnchanged), kept until the next write.
import type { DuckDbWarehouse } from './duckdb.js';
import { tableScanReads, type TableScanRead } from './resolved-scans.js';
import { translate, type RestQueryParameter, type Translation, type TranslateOptions } from './translate.js';

const REMEMBERED = 5_000;
/** Translations (or the error translating threw), by statement and options. */
const translations = new Map<string, { translation: Translation } | { error: unknown }>();

/** translate(), once per statement and options; callers only read the translation. */
export function translateOnce(sql: string, options: TranslateOptions): Translation {
  const key = JSON.stringify([sql, options.parameterMode ?? null, options.queryParameters ?? null]);
  let known = translations.get(key);
  if (!known) {
    try {
      known = { translation: translate(sql, options) };
    } catch (error) {
      known = { error };
    }
    if (translations.size >= REMEMBERED) translations.clear();
    translations.set(key, known);
  }
  if ('error' in known) throw known.error;
  return known.translation;
}

/** Table scans by the resolved statements (the analyzer's cached verdict holds the same array for the same statement) and parameters. */
const scanReads = new WeakMap<unknown[], Map<string, TableScanRead[]>>();

/** tableScanReads(), once per resolved statements and parameters; callers only read the result. */
export function tableScanReadsOnce(statements: unknown[], parameters: RestQueryParameter[]): TableScanRead[] {
  let byParameters = scanReads.get(statements);
  if (!byParameters) {
    byParameters = new Map();
    scanReads.set(statements, byParameters);
  }
  const key = JSON.stringify(parameters);
  let reads = byParameters.get(key);
  if (!reads) {
    reads = tableScanReads(statements, parameters);
    byParameters.set(key, reads);
  }
  return reads;
}

/**
 * A memo of reads of a warehouse's tables (listings, columns, sizes), by key, kept while the
 * warehouse's version stays (DuckDbWarehouse.version: no write since). A read that fails is not
 * kept: the next caller reads again.
 */
export function whileUnchanged<T>(): (warehouse: DuckDbWarehouse, key: string, read: () => Promise<T>) => Promise<T> {
  const memos = new WeakMap<DuckDbWarehouse, { version: number; values: Map<string, Promise<T>> }>();
  return (warehouse, key, read) => {
    let known = memos.get(warehouse);
    if (!known || known.version !== warehouse.version) {
      known = { version: warehouse.version, values: new Map() };
      memos.set(warehouse, known);
    }
    const values = known.values;
    let value = values.get(key);
    if (!value) {
      const reading = read();
      values.set(key, reading);
      reading.catch(() => {
        if (values.get(key) === reading) values.delete(key);
      });
      value = reading;
    }
    return value;
  };
}
