// The test server's analyzer check: every statement it accepts (dry run or job) is first
// analyzed by the GoogleSQL analyzer (test/support/analyzer) against a catalog of the served
// tables with their BigQuery types, each dataset's INFORMATION_SCHEMA.COLUMNS / TABLES, and the
// query's declared parameter types. A rejection is answered as BigQuery answers an invalid query.
import { createHash } from 'node:crypto';
import {
  analyzer,
  type AnalyzeInput,
  analyzerInstalled,
  analyzerRequired,
  AnalyzerRejection,
  ANALYZER_MISSING,
  type SimpleCatalog,
} from '../analyzer/analyzer.js';
import { fieldType, parameterType, type TypeProto } from '../analyzer/types.js';
import type { ErrorProto } from './bq-errors.js';
import { schemaField, type DuckDbWarehouse } from './duckdb.js';
import { whileUnchanged } from './memo.js';
import { quoteIdent } from './translate.js';
import type { RestQueryParameter } from './translate.js';

/**
 * Called when a server starts: without the analyzer the server still runs (unchecked, with a
 * loud warning), unless DQ_REQUIRE_ANALYZER=1 asks for it.
 */
export function checkAnalyzerInstalled(): void {
  if (analyzerInstalled()) return;
  if (analyzerRequired()) throw new Error(`${ANALYZER_MISSING} (DQ_REQUIRE_ANALYZER=1)`);
  const shared = globalThis as { [WARNED]?: boolean };
  if (!shared[WARNED]) {
    shared[WARNED] = true;
    console.warn(`\n*** ${ANALYZER_MISSING}: the BigQuery test server runs statements WITHOUT checking them as BigQuery would ***\n`);
  }
}
const WARNED = Symbol.for('dqgate.analyzer.warned');

export interface StatementToCheck {
  sql: string;
  /** The project of the request: unqualified table names resolve in it. */
  projectId: string;
  /** The job's location, for a missing table's message. */
  location: string;
  parameterMode?: string;
  queryParameters?: RestQueryParameter[];
}

/** The analyzer's verdict: a rejection, or the resolved statements (none when unchecked). */
export type AnalyzerVerdict = { problem: ErrorProto } | { problem?: undefined; checked: boolean; statements: unknown[] };

/**
 * The analyzer's verdict on a statement: undefined when accepted, or when no analyzer is
 * installed and none is required (checkAnalyzerInstalled warned).
 */
export async function analyzerProblem(warehouse: DuckDbWarehouse, statement: StatementToCheck): Promise<ErrorProto | undefined> {
  return (await analyzeStatement(warehouse, statement)).problem;
}

/**
 * Analyzes a statement: its rejection, or its resolved statements (`checked` false, and none,
 * when no analyzer is installed and none is required).
 */
export async function analyzeStatement(warehouse: DuckDbWarehouse, statement: StatementToCheck): Promise<AnalyzerVerdict> {
  if (!analyzerInstalled() && !analyzerRequired()) return { checked: false, statements: [] };
  const positional = (statement.parameterMode ?? 'NAMED').toUpperCase() === 'POSITIONAL';
  const params = statement.queryParameters ?? [];
  let types: TypeProto[];
  try {
    types = params.map((p) => parameterType(p.parameterType));
  } catch (e) {
    return { problem: { reason: 'invalidQuery', location: 'query', message: (e as Error).message } };
  }
  const projects = await projectsNamed(statement.sql, statement.projectId);
  const tables = await servedTables(warehouse);
  const input = { sql: statement.sql, ...(positional ? { positional: types } : { named: params.map((p, i) => ({ name: p.name ?? '', type: types[i]! })) }) };
  // The analyzer is a pure function of the statement, its parameter types and the catalog; the
  // same statement against the same served tables (the fuzz and mutation tests send hundreds)
  // gets the verdict it got before. The location only words a missing table's message.
  const key = hash([tables.fingerprint, projects, input, statement.location]);
  const known = verdicts.get(key);
  if (known) return known;
  const verdict = await analyzeUncached(warehouse, tables, projects, input, statement);
  remember(verdicts, key, verdict);
  return verdict;
}

async function analyzeUncached(
  warehouse: DuckDbWarehouse,
  tables: ServedTables,
  projects: string[],
  input: Omit<AnalyzeInput, 'catalog'>,
  statement: StatementToCheck,
): Promise<AnalyzerVerdict> {
  try {
    const statements = await (await analyzer()).analyze({ ...input, catalog: await servedCatalog(warehouse, tables, projects) });
    return { checked: true, statements };
  } catch (e) {
    if (!(e instanceof AnalyzerRejection)) throw e;
    const missing = /^Table not found: ([^\s;]+)/.exec(e.message);
    if (missing) return { problem: tableNotFound(missing[1]!, statement) };
    return { problem: { reason: 'invalidQuery', location: 'query', message: e.message } };
  }
}

/** Verdicts, catalogs and table names already computed (bounded: a test process sends a few thousand statements). */
const verdicts = new Map<string, AnalyzerVerdict>();
const catalogs = new Map<string, SimpleCatalog>();
const tableNames = new Map<string, string[][]>();
const REMEMBERED = 5_000;

function remember<T>(memo: Map<string, T>, key: string, value: T): void {
  if (memo.size >= REMEMBERED) memo.clear();
  memo.set(key, value);
}

const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** BigQuery's answer for a table that does not exist: notFound, named project:dataset.table. */
function tableNotFound(written: string, statement: StatementToCheck): ErrorProto {
  const parts = written.replace(/`/g, '').split('.');
  const project = parts.length >= 3 ? parts[0]! : statement.projectId;
  return {
    reason: 'notFound',
    message: `Not found: Table ${project}:${parts.slice(-2).join('.')} was not found in location ${statement.location}`,
  };
}

/**
 * The projects a statement may name: the request's, and the first part of every three-part table
 * name in it. (The server has one project's tables; any project name reaches them.)
 */
async function projectsNamed(sql: string, projectId: string): Promise<string[]> {
  const projects = new Set([projectId]);
  let names = tableNames.get(sql);
  if (!names) {
    names = await (await analyzer()).tableNames(sql);
    remember(tableNames, sql, names);
  }
  for (const segments of names) {
    const parts = segments.flatMap((s) => s.split('.'));
    // [project.]dataset.table or [project.]dataset.INFORMATION_SCHEMA.VIEW
    const view = parts.length >= 3 && parts[parts.length - 2]!.toUpperCase() === 'INFORMATION_SCHEMA';
    if (parts.length - (view ? 3 : 2) >= 1) projects.add(parts[0]!);
  }
  return [...projects];
}

interface Node {
  name: string;
  /** fullName: `dataset.table` of a served table (its resolved scans name it so). */
  tables: Map<string, { name: string; fullName?: string; column: CatalogColumn[] }>;
  catalogs: Map<string, Node>;
}

const newNode = (name: string): Node => ({ name, tables: new Map(), catalogs: new Map() });

/**
 * Adds a table under every way BigQuery lets a path be written: `p.d.t`, `p`.`d`.`t`,
 * `p.d`.`t`, `p`.`d.t` (a backtick name may hold dots, the analyzer reads it as one name).
 */
type CatalogColumn = { name: string; type: TypeProto; isPseudoColumn?: boolean };

function addPaths(root: Node, parts: string[], column: CatalogColumn[], fullName?: string): void {
  const groupings = (rest: string[]): string[][] =>
    rest.length <= 1
      ? [rest]
      : [...groupings(rest.slice(1)).map((g) => [rest[0]!, ...g]), ...groupings(rest.slice(1)).map((g) => [`${rest[0]}.${g[0]}`, ...g.slice(1)])];
  for (const names of groupings(parts)) {
    let node = root;
    for (const name of names.slice(0, -1)) {
      const key = name.toLowerCase();
      if (!node.catalogs.has(key)) node.catalogs.set(key, newNode(name));
      node = node.catalogs.get(key)!;
    }
    const table = names[names.length - 1]!;
    if (!node.tables.has(table.toLowerCase())) node.tables.set(table.toLowerCase(), { name: table, ...(fullName ? { fullName } : {}), column });
  }
}

function toProto(node: Node): SimpleCatalog {
  return { name: node.name, table: [...node.tables.values()], catalog: [...node.catalogs.values()].map(toProto) };
}

const STRING: TypeProto = { typeKind: 'TYPE_STRING' };
const INT64: TypeProto = { typeKind: 'TYPE_INT64' };
const TIMESTAMP: TypeProto = { typeKind: 'TYPE_TIMESTAMP' };

/** BigQuery's INFORMATION_SCHEMA.COLUMNS columns. */
const COLUMNS_VIEW = [
  ['table_catalog', STRING],
  ['table_schema', STRING],
  ['table_name', STRING],
  ['column_name', STRING],
  ['ordinal_position', INT64],
  ['is_nullable', STRING],
  ['data_type', STRING],
  ['is_generated', STRING],
  ['generation_expression', STRING],
  ['is_stored', STRING],
  ['is_hidden', STRING],
  ['is_updatable', STRING],
  ['is_system_defined', STRING],
  ['is_partitioning_column', STRING],
  ['clustering_ordinal_position', INT64],
  ['collation_name', STRING],
  ['column_default', STRING],
  ['rounding_mode', STRING],
] as const;

/** BigQuery's INFORMATION_SCHEMA.TABLES columns. */
const TABLES_VIEW = [
  ['table_catalog', STRING],
  ['table_schema', STRING],
  ['table_name', STRING],
  ['table_type', STRING],
  ['is_insertable_into', STRING],
  ['is_typed', STRING],
  ['creation_time', TIMESTAMP],
  ['base_table_catalog', STRING],
  ['base_table_schema', STRING],
  ['base_table_name', STRING],
  ['snapshot_time_ms', TIMESTAMP],
  ['ddl', STRING],
  ['default_collation_name', STRING],
  ['upsert_stream_apply_watermark', TIMESTAMP],
] as const;

const view = (columns: readonly (readonly [string, TypeProto])[]) => columns.map(([name, type]) => ({ name, type }));

/** The served tables (DuckDB schema = dataset), and a fingerprint of their columns and types. */
interface ServedTables {
  tables: [schema: string, table: string][];
  fingerprint: string;
}

/** The last listing of each warehouse's served tables. */
const listings = whileUnchanged<ServedTables>();

/**
 * The served tables, listed again only when a statement that may change them ran since the last
 * listing (DuckDbWarehouse.version): most statements follow other queries, and the listing
 * is a catalog query of its own.
 */
function servedTables(warehouse: DuckDbWarehouse): Promise<ServedTables> {
  return listings(warehouse, 'all', () => listServedTables(warehouse));
}

/**
 * One query for every served column with its full DuckDB type (`DECIMAL(38,9)`,
 * `STRUCT(a INTEGER)`...): the catalog is a function of this listing, so equal fingerprints mean
 * an equal catalog.
 */
async function listServedTables(warehouse: DuckDbWarehouse): Promise<ServedTables> {
  // A connection of its own, as jobs have: statements arrive concurrently.
  const connection = await warehouse.instance.connect();
  let rows: string[][];
  try {
    const listed = await connection.run(
      `SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns ` +
        `WHERE table_catalog = current_database() AND table_schema NOT IN ('main', 'information_schema', 'pg_catalog') ` +
        `ORDER BY table_schema, table_name, ordinal_position`,
    );
    rows = (await listed.getRows()).map((r) => r.map(String));
  } finally {
    connection.closeSync();
  }
  const tables = new Map<string, [string, string]>();
  for (const [schema, table] of rows) tables.set(`${schema}.${table}`, [schema!, table!]);
  return { tables: [...tables.values()], fingerprint: hash(rows) };
}

/** The catalog of the served tables, under each of `projects`. */
async function servedCatalog(warehouse: DuckDbWarehouse, served: ServedTables, projects: string[]): Promise<SimpleCatalog> {
  const key = hash([served.fingerprint, projects]);
  let catalog = catalogs.get(key);
  if (!catalog) {
    catalog = await buildCatalog(warehouse, served, projects);
    remember(catalogs, key, catalog);
  }
  return catalog;
}

async function buildCatalog(warehouse: DuckDbWarehouse, served: ServedTables, projects: string[]): Promise<SimpleCatalog> {
  const root = newNode('');
  const datasets = new Set<string>();
  // A connection of its own, as jobs have: statements arrive concurrently.
  const connection = await warehouse.instance.connect();
  try {
    for (const [schema, table] of served.tables) {
      datasets.add(schema);
      const empty = await connection.run(`SELECT * FROM ${quoteIdent(schema)}.${quoteIdent(table)} LIMIT 0`);
      const types = empty.columnTypes();
      const column: CatalogColumn[] = empty.deduplicatedColumnNames().map((name, i) => ({ name, type: fieldType(schemaField(name, types[i]!)) }));
      // An ingestion-time table (its DuckDB table holds a real _PARTITIONTIME column): BigQuery's
      // pseudo-columns _PARTITIONTIME (TIMESTAMP) and _PARTITIONDATE (DATE), not in SELECT *.
      const partitionTime = column.find((c) => c.name.toUpperCase() === '_PARTITIONTIME');
      if (partitionTime) {
        partitionTime.isPseudoColumn = true;
        column.push({ name: '_PARTITIONDATE', type: fieldType({ name: '_PARTITIONDATE', type: 'DATE' }), isPseudoColumn: true });
      }
      addPaths(root, [schema, table], column, `${schema}.${table}`);
      for (const project of projects) addPaths(root, [project, schema, table], column, `${schema}.${table}`);
    }
  } finally {
    connection.closeSync();
  }
  for (const dataset of datasets) {
    for (const prefix of [[], ...projects.map((p) => [p])]) {
      addPaths(root, [...prefix, dataset, 'INFORMATION_SCHEMA', 'COLUMNS'], view(COLUMNS_VIEW));
      addPaths(root, [...prefix, dataset, 'INFORMATION_SCHEMA', 'TABLES'], view(TABLES_VIEW));
    }
  }
  return toProto(root);
}
