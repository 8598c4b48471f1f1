// The GoogleSQL (ZetaSQL) analyzer the BigQuery test server checks every statement with: the
// npm package @fivetrandevelopers/zetasql, installed apart from the project (it is ~350 MB) by
// `npm ci --prefix test/support/analyzer`. One analyzer server per test process, started on
// first use on a free port and stopped when the process exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigQueryLanguageOptions } from './language.js';
import type { TypeProto } from './types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const PACKAGE = '@fivetrandevelopers/zetasql';

export const ANALYZER_MISSING = 'analyzer not installed: run npm ci --prefix test/support/analyzer';

/** Set by .ci/run: a missing analyzer fails the tests that need it instead of skipping them. */
export function analyzerRequired(): boolean {
  return process.env.DQ_REQUIRE_ANALYZER === '1';
}

/** The analyzer server executable (Linux x86-64 only), or undefined when the package is not installed. */
function serverBinary(): string | undefined {
  let main: string;
  try {
    main = createRequire(path.join(here, 'package.json')).resolve(PACKAGE);
  } catch {
    return undefined;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const binary = path.join(path.dirname(main), 'zetasql', 'remote_server.so');
  return existsSync(binary) ? binary : undefined;
}

export function analyzerInstalled(): boolean {
  return serverBinary() !== undefined;
}

/** A catalog as SimpleCatalogProto (camelCase fields, as the gRPC client takes them). */
export interface SimpleCatalog {
  name: string;
  table?: { name: string; fullName?: string; column: { name: string; type: TypeProto }[] }[];
  catalog?: SimpleCatalog[];
}

export interface AnalyzeInput {
  sql: string;
  catalog: SimpleCatalog;
  /** Named parameters (@name) with their types. */
  named?: { name: string; type: TypeProto }[];
  /** Positional parameters (?), in order; when given, the statement is analyzed in positional mode. */
  positional?: TypeProto[];
}

/** The analyzer rejected the statement; the message is worded as BigQuery words it (`at [line:column]`). */
export class AnalyzerRejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalyzerRejection';
  }
}

interface GrpcError {
  code?: number;
  details?: string;
}

/** gRPC INVALID_ARGUMENT: the analyzer's answer for a statement it rejects. */
const INVALID_ARGUMENT = 3;
const STARTUP_LIMIT_MS = 30_000;

/** The package's client (CommonJS, loaded from the analyzer's own node_modules). */
interface ZetaSqlClient {
  analyze(request: unknown): Promise<{ resumeBytePosition?: number; resolvedStatement?: unknown } | undefined>;
  registerCatalog(request: unknown): Promise<{ registeredId: unknown } | undefined>;
  formatSql(request: unknown): Promise<unknown>;
  extractTableNamesFromStatement(request: unknown): Promise<{ tableName: { tableNameSegment: string[] }[] } | undefined>;
}

export class Analyzer {
  /** Registered catalogs by their content: a catalog is registered once and reused. */
  private readonly registered = new Map<string, Promise<unknown>>();

  constructor(private readonly client: ZetaSqlClient) {}

  private catalogId(catalog: SimpleCatalog): Promise<unknown> {
    const key = JSON.stringify(catalog);
    let id = this.registered.get(key);
    if (!id) {
      id = this.client
        .registerCatalog({ simpleCatalog: { ...catalog, builtinFunctionOptions: { languageOptions: bigQueryLanguageOptions() } } })
        .then(
          (r) => r?.registeredId,
          (e: GrpcError) => {
            throw new Error(`The analyzer refused the catalog of the served tables: ${e.details ?? String(e)}`);
          },
        );
      this.registered.set(key, id);
      // A failed registration is not kept: the next statement registers the catalog again.
      id.catch(() => this.registered.delete(key));
    }
    return id;
  }

  /**
   * The table names a statement (or script) reads or writes, as written (segments of a path).
   * A statement that does not parse names none: analyze() reports its syntax error.
   */
  async tableNames(sql: string): Promise<string[][]> {
    try {
      const response = await this.client.extractTableNamesFromStatement({ sqlStatement: sql, options: bigQueryLanguageOptions(), allowScript: true });
      return (response?.tableName ?? []).map((t) => t.tableNameSegment);
    } catch (e) {
      if ((e as GrpcError).code === INVALID_ARGUMENT) return [];
      throw new Error(`The analyzer failed: ${(e as GrpcError).details ?? String(e)}`);
    }
  }

  /**
   * Analyzes every statement of `sql` (a script statement by statement). Resolves with the
   * resolved statements (AnyResolvedStatementProto, table scans listing only the columns the
   * statement uses) when the analyzer accepts it; rejects with AnalyzerRejection when it does
   * not, and with a plain Error when the analyzer itself fails.
   */
  async analyze(input: AnalyzeInput): Promise<unknown[]> {
    const registeredCatalogId = await this.catalogId(input.catalog);
    const options = {
      languageOptions: bigQueryLanguageOptions(),
      // Table scans list the referenced columns only: what the dry run bills.
      pruneUnusedColumns: true,
      errorMessageMode: 'ERROR_MESSAGE_ONE_LINE',
      // BigQuery's default time zone for civil-time conversions.
      defaultTimezone: 'UTC',
      ...(input.positional
        ? { parameterMode: 'PARAMETER_POSITIONAL', positionalQueryParameters: input.positional }
        : { parameterMode: 'PARAMETER_NAMED', queryParameters: input.named ?? [] }),
    };
    const bytes = Buffer.from(input.sql, 'utf8');
    let position = 0;
    const statements: unknown[] = [];
    // A script is analyzed statement by statement; the analyzer answers where the next one starts.
    while (position === 0 || /[^\s;]/.test(bytes.subarray(position).toString('utf8'))) {
      let response: { resumeBytePosition?: number; resolvedStatement?: unknown } | undefined;
      try {
        response = await this.client.analyze({
          options,
          registeredCatalogId,
          parseResumeLocation: { input: input.sql, bytePosition: position },
        });
      } catch (e) {
        const error = e as GrpcError;
        if (error.code === INVALID_ARGUMENT && error.details) throw new AnalyzerRejection(bigQueryWording(error.details));
        throw new Error(`The analyzer failed: ${error.details ?? String(e)}`);
      }
      if (response?.resolvedStatement !== undefined) statements.push(response.resolvedStatement);
      const next = response?.resumeBytePosition ?? -1;
      if (next <= position) break;
      position = next;
    }
    return statements;
  }
}

/** `... [at 1:8]` → `... at [1:8]`, BigQuery's wording of a location. */
function bigQueryWording(message: string): string {
  return message.replace(/ \[at (\d+:\d+)\]$/, ' at [$1]');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function start(binary: string): Promise<Analyzer> {
  const port = await freePort();
  // A shell keeps the server on a leash: when this process ends, however it ends, the pipe to the
  // shell closes, `read` returns and the shell stops the server.
  const child: ChildProcess = spawn('sh', ['-c', '"$0" localhost "$1" >/dev/null 2>&1 & read _; kill $!', binary, String(port)], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  process.once('exit', () => child.stdin?.destroy());

  const zetasql = createRequire(path.join(here, 'package.json'))(PACKAGE) as {
    ZetaSQLClient: { init(port: number): void; getInstance(): ZetaSqlClient };
  };
  zetasql.ZetaSQLClient.init(port);
  const client = zetasql.ZetaSQLClient.getInstance();
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  for (;;) {
    try {
      await client.formatSql({ sql: 'SELECT 1' });
      return new Analyzer(client);
    } catch (e) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.stdin?.destroy();
        throw new Error(`The analyzer server did not start on port ${port} within ${STARTUP_LIMIT_MS / 1000} s: ${(e as GrpcError).details ?? String(e)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

// One analyzer per process, kept on globalThis so test files that share a worker share it too.
const SHARED = Symbol.for('dqgate.analyzer');
type Shared = { [SHARED]?: Promise<Analyzer> };

/** The process's analyzer, started on first use. Throws ANALYZER_MISSING when it is not installed. */
export function analyzer(): Promise<Analyzer> {
  const shared = globalThis as Shared;
  if (!shared[SHARED]) {
    const binary = serverBinary();
    if (!binary) return Promise.reject(new Error(ANALYZER_MISSING));
    shared[SHARED] = start(binary);
    // A failed start is not cached: the next caller tries again (and reports its own failure).
    shared[SHARED].catch(() => delete shared[SHARED]);
  }
  return shared[SHARED];
}
