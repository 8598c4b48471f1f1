// What a piece of SQL is, found without preparing it. Preparing already has side effects for some
// statements (binding `EXPORT DATABASE '<dir>'` creates the folder), so the DuckDB engine only
// ever prepares SQL this module has classified as one SELECT.
//
// DuckDB's own parser decides: json_serialize_sql(?) parses its argument and serializes SELECT
// statements only ("Only SELECT statements can be serialized"); it binds, reads and changes
// nothing. Its statement tree also names every table function the SELECT calls: only functions
// that read data are allowed, because some table functions change the engine itself from inside
// a SELECT (enable_logging(storage => 'stdout') prints into the console, storage => 'file' aborts
// the process, enable_profiling breaks later queries) and query('...') runs SQL it is given.
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdb } from '../dialects/duckdb.js';
import { sqlSpans } from '../dialects/lexer.js';
import { ALLOWED_STATEMENT_TYPE, QueryError } from './engine.js';

/**
 * Table functions a check may call: they compute rows or read the catalog of the open warehouse.
 * Anything else (file readers, engine switches, query(), json_execute_serialized_sql(), functions
 * of a newer DuckDB) is refused; file readers would fail anyway with external access disabled.
 */
export const ALLOWED_TABLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'range',
  'generate_series',
  'unnest',
  'repeat',
  'repeat_row',
  'json_each',
  'json_tree',
  'duckdb_columns',
  'duckdb_constraints',
  'duckdb_databases',
  'duckdb_indexes',
  'duckdb_schemas',
  'duckdb_sequences',
  'duckdb_tables',
  'duckdb_types',
  'duckdb_views',
  'pragma_table_info',
  'pragma_show',
]);

/** A parsed statement tree as json_serialize_sql returns it. */
interface Serialized {
  error: boolean;
  error_type?: string;
  error_message?: string;
  statements?: unknown[];
}

/**
 * The statement type of `sql`: SELECT (one SELECT or WITH … SELECT, calling only allowed table
 * functions), SCRIPT (several statements), EMPTY, or the leading keyword of another statement
 * (DELETE, COPY, EXPORT, ATTACH, ...). Throws a QueryError for SQL that does not parse, and a
 * refusal for a SELECT calling a table function that is not allowed.
 */
export async function classifyStatement(connection: DuckDBConnection, sql: string): Promise<string> {
  if (sql.trim() === '') throw new QueryError('empty query', { reason: 'invalidQuery' });
  // Qualified: a macro of the same name in the warehouse would otherwise answer instead.
  const reader = await connection.runAndReadAll('SELECT system.main.json_serialize_sql(CAST($1 AS VARCHAR)) AS tree', [sql]);
  const text = reader.getRowObjects()[0]?.tree;
  if (typeof text !== 'string') throw new QueryError('DuckDB did not classify the statement', { reason: 'invalidQuery' });
  const tree = JSON.parse(text) as Serialized;
  if (tree.error) {
    // Raised for any statement that is not a SELECT, before anything else is looked at.
    if (tree.error_type === 'not implemented') return statementLabel(sql);
    throw new QueryError(tree.error_message ?? 'the statement does not parse', { reason: 'invalidQuery' });
  }
  const statements = tree.statements ?? [];
  if (statements.length === 0) return 'EMPTY';
  if (statements.length > 1) return 'SCRIPT';
  const refused = tableFunctions(statements[0]).find((name) => !ALLOWED_TABLE_FUNCTIONS.has(name));
  if (refused !== undefined) {
    throw new QueryError(`refused: table function ${refused}; a check may only call ${[...ALLOWED_TABLE_FUNCTIONS].join(', ')}`, {
      reason: 'refused',
      transient: false,
    });
  }
  return ALLOWED_STATEMENT_TYPE;
}

/** The names of every table function in a serialized statement, at any depth. */
function tableFunctions(statement: unknown): string[] {
  const names: string[] = [];
  const stack: unknown[] = [statement];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    if (record.type === 'TABLE_FUNCTION') {
      const fn = record.function as { function_name?: unknown } | undefined;
      // A table function without a readable name is refused under a name that says so.
      names.push(typeof fn?.function_name === 'string' ? fn.function_name.toLowerCase() : '(unnamed)');
    }
    for (const child of Object.values(record)) stack.push(child);
  }
  return names;
}

/**
 * How a refusal names a statement DuckDB would not serialize: SCRIPT for several statements, else
 * its first keyword (after a WITH list, the statement's own). Only the message uses it; DuckDB's
 * parser has already decided to refuse.
 */
function statementLabel(sql: string): string {
  // Blank out strings, quoted names and comments, so that only code is split and read.
  const parts: string[] = [];
  let at = 0;
  for (const span of sqlSpans(sql, duckdb.quoting)) {
    parts.push(sql.slice(at, span.start), ' ');
    at = span.end;
  }
  parts.push(sql.slice(at));
  const code = parts.join('');
  const statements = code.split(';').filter((part) => part.trim() !== '');
  if (statements.length > 1) return 'SCRIPT';
  const words = [...(statements[0] ?? '').matchAll(/[A-Za-z_]+|[(),]/g)].map((m) => m[0].toUpperCase());
  const label = words[0] === 'WITH' ? (mainKeywordAfterWith(words) ?? 'WITH') : (words.find((w) => /^[A-Z_]/.test(w)) ?? 'UNKNOWN');
  // What reads as a query but was refused holds a statement DuckDB runs by itself: a PIVOT … ON
  // without IN (it runs a query of its own to find the columns). Never call it a SELECT.
  if (label === 'SELECT' || label === 'FROM') return words.includes('PIVOT') ? 'PIVOT' : 'UNKNOWN';
  return label;
}

/**
 * The statement a WITH list leads to (WITH a AS (...) DELETE ... → DELETE): the first word at
 * parenthesis depth 0 after a closing parenthesis, other than the AS [NOT] MATERIALIZED of a CTE
 * (a comma after the parenthesis starts the next CTE).
 */
function mainKeywordAfterWith(words: string[]): string | undefined {
  let depth = 0;
  let afterClose = false;
  for (const word of words) {
    if (word === '(') depth++;
    else if (word === ')') {
      depth--;
      afterClose = depth === 0;
    } else if (word === ',') {
      if (depth === 0) afterClose = false;
    } else if (depth === 0 && afterClose && !['AS', 'NOT', 'MATERIALIZED'].includes(word)) return word;
  }
  return undefined;
}
