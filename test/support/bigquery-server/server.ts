// A local BigQuery REST server for tests: answers the calls @google-cloud/bigquery makes for
// query jobs (jobs.insert, jobs.query, jobs.getQueryResults, jobs.get, jobs.cancel), runs the
// SQL on DuckDB after translation, records every request and injects faults. Writers get
// datasets.get/insert, tables.insert, tables.patch and multipart load-job uploads (loads.ts);
// partitions past their table's expiration are gone before each query job (expiration.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkAnalyzerInstalled } from './analyzer.js';
import { HttpError } from './bq-errors.js';
import { DuckDbWarehouse, type ResultSet } from './duckdb.js';
import { dropExpiredPartitions } from './expiration.js';
import { defaultError, Faults, type RecordedRequest, type RequestKind } from './faults.js';
import { JobStore, type JobRecord } from './jobs.js';
import { WriteApi, type LoadJobRecord } from './loads.js';
import { TableMetaStore, type TablePartitioning } from './table-meta.js';
import { tableResource } from './tables.js';

export interface BigQueryTestServerOptions {
  /** Rows per getQueryResults page at most (maxResults may ask for fewer); default 1000. */
  pageSize?: number;
  /**
   * Longest time jobs.getQueryResults / jobs.query hold a request while the job runs before
   * answering jobComplete=false (BigQuery's timeoutMs, capped); default 1000 ms.
   */
  maxWaitMs?: number;
  /** Location of jobs inserted without one; default US. */
  defaultLocation?: string;
  /** The server's clock in ms since the epoch, for partition expiration (expiration.ts); default Date.now. */
  now?: () => number;
}

export interface BigQueryTestServer {
  /** http://127.0.0.1:PORT, for the client's apiEndpoint. */
  readonly url: string;
  readonly port: number;
  readonly warehouse: DuckDbWarehouse;
  readonly faults: Faults;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** timePartitioning of served tables: tables.get answers with it, dry-run bytes prune by it, require_partition_filter is enforced. */
  readonly tableMeta: TableMetaStore;
  /** Declares `dataset.table` partitioned (no `field`: by ingestion time, the table's _PARTITIONTIME column). */
  partitionTable(table: string, partitioning: TablePartitioning): void;
  /** Runs DuckDB SQL directly, e.g. to create schemas (datasets) and tables. */
  exec(sql: string): Promise<ResultSet>;
  requestsOf(kind: RequestKind): RecordedRequest[];
  /** Load jobs uploaded (jobs.upload), by job id. */
  loadJob(jobId: string): LoadJobRecord | undefined;
  /** Jobs created (dry runs are not stored). */
  jobs(): JobRecord[];
  job(jobId: string): JobRecord | undefined;
  /** Job ids jobs.cancel was called for. */
  cancelledJobIds(): string[];
  /** Forgets recorded requests and faults; jobs and tables stay. */
  reset(): void;
  close(): Promise<void>;
}

const PREFIX = '/bigquery/v2/projects/';
const UPLOAD_PREFIX = '/upload/bigquery/v2/projects/';

interface Route {
  kind: RequestKind;
  method: string;
  pattern: RegExp;
}

const ROUTES: Route[] = [
  { kind: 'jobs.insert', method: 'POST', pattern: /^([^/]+)\/jobs$/ },
  { kind: 'jobs.query', method: 'POST', pattern: /^([^/]+)\/queries$/ },
  { kind: 'jobs.getQueryResults', method: 'GET', pattern: /^([^/]+)\/queries\/([^/]+)$/ },
  { kind: 'jobs.get', method: 'GET', pattern: /^([^/]+)\/jobs\/([^/]+)$/ },
  { kind: 'jobs.cancel', method: 'POST', pattern: /^([^/]+)\/jobs\/([^/]+)\/cancel$/ },
  { kind: 'tables.get', method: 'GET', pattern: /^([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/ },
  { kind: 'tables.insert', method: 'POST', pattern: /^([^/]+)\/datasets\/([^/]+)\/tables$/ },
  { kind: 'tables.patch', method: 'PATCH', pattern: /^([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/ },
  { kind: 'datasets.get', method: 'GET', pattern: /^([^/]+)\/datasets\/([^/]+)$/ },
  { kind: 'datasets.insert', method: 'POST', pattern: /^([^/]+)\/datasets$/ },
];

function matchRoute(method: string, path: string): { kind: RequestKind; project?: string; jobId?: string; table?: string; dataset?: string } {
  if (path.startsWith(UPLOAD_PREFIX)) {
    const m = /^([^/]+)\/jobs$/.exec(path.slice(UPLOAD_PREFIX.length));
    return m && method === 'POST' ? { kind: 'jobs.upload', project: decodeURIComponent(m[1]!) } : { kind: 'unknown' };
  }
  if (!path.startsWith(PREFIX)) return { kind: 'unknown' };
  const rest = path.slice(PREFIX.length);
  for (const route of ROUTES) {
    const m = route.pattern.exec(rest);
    if (m && route.method === method) {
      if (route.kind === 'tables.get' || route.kind === 'tables.patch') {
        return { kind: route.kind, project: decodeURIComponent(m[1]!), table: `${decodeURIComponent(m[2]!)}.${decodeURIComponent(m[3]!)}` };
      }
      if (route.kind === 'tables.insert' || route.kind === 'datasets.get') {
        return { kind: route.kind, project: decodeURIComponent(m[1]!), dataset: decodeURIComponent(m[2]!) };
      }
      return { kind: route.kind, project: decodeURIComponent(m[1]!), jobId: m[2] ? decodeURIComponent(m[2]) : undefined };
    }
  }
  return { kind: 'unknown' };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Status 200 with `text` as it is (a raw-body fault). */
function sendRaw(res: ServerResponse, text: string): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startBigQueryServer(options: BigQueryTestServerOptions = {}): Promise<BigQueryTestServer> {
  const pageSize = options.pageSize ?? 1000;
  const maxWaitMs = options.maxWaitMs ?? 1000;
  const defaultLocation = options.defaultLocation ?? 'US';
  const now = options.now ?? Date.now;
  checkAnalyzerInstalled();
  const warehouse = await DuckDbWarehouse.create();
  const faults = new Faults();
  const tableMeta = new TableMetaStore();
  const requests: RecordedRequest[] = [];
  let url = '';
  const store = new JobStore(warehouse, faults, { defaultLocation, pageSize, baseUrl: () => url, tableMeta });
  const writes = new WriteApi(warehouse, tableMeta, faults, defaultLocation);
  let seq = 0;

  const waitMs = (query: Record<string, string>, fallback = 10_000) =>
    Math.min(query.timeoutMs !== undefined ? Number(query.timeoutMs) : fallback, maxWaitMs);

  /** A table's resource as tables.get answers it, with the labels it was created with. */
  async function tableAnswer(project: string, datasetTable: string): Promise<unknown> {
    const [dataset, table] = datasetTable.split('.') as [string, string];
    const resource = (await tableResource(warehouse, tableMeta, project, dataset, table)) as Record<string, unknown>;
    const labels = writes.labelsOf(dataset, table);
    return labels ? { ...resource, labels } : resource;
  }

  async function handle(route: ReturnType<typeof matchRoute>, query: Record<string, string>, body: any, req: IncomingMessage, received: Buffer): Promise<unknown> {
    const project = route.project!;
    switch (route.kind) {
      case 'jobs.insert':
        await dropExpiredPartitions(warehouse, tableMeta, now());
        return store.insert(project, body ?? {});
      case 'jobs.query': {
        await dropExpiredPartitions(warehouse, tableMeta, now());
        // jobs.query = insert + wait up to timeoutMs + first page.
        const b = body ?? {};
        const inserted = (await store.insert(project, {
          jobReference: { projectId: project, location: b.location },
          configuration: {
            query: {
              query: b.query,
              useLegacySql: b.useLegacySql,
              parameterMode: b.parameterMode,
              queryParameters: b.queryParameters,
              maximumBytesBilled: b.maximumBytesBilled,
            },
            ...(b.labels ? { labels: b.labels } : {}),
            ...(b.dryRun ? { dryRun: true } : {}),
            ...(b.jobTimeoutMs ? { jobTimeoutMs: b.jobTimeoutMs } : {}),
          },
        })) as { jobReference: { jobId: string; location: string }; statistics: { totalBytesProcessed?: string } };
        if (b.dryRun) {
          return {
            kind: 'bigquery#queryResponse',
            jobReference: { projectId: project, location: inserted.jobReference.location },
            totalBytesProcessed: inserted.statistics.totalBytesProcessed,
            jobComplete: true,
            cacheHit: false,
          };
        }
        const job = store.get(project, inserted.jobReference.jobId);
        await store.wait(job, waitMs({ timeoutMs: b.timeoutMs }));
        return store.results(
          job,
          { maxResults: b.maxResults, int64Timestamp: b.formatOptions?.useInt64Timestamp === true },
          'bigquery#queryResponse',
        );
      }
      case 'jobs.getQueryResults': {
        const job = store.get(project, route.jobId!, query.location);
        await store.wait(job, waitMs(query));
        return store.results(job, {
          maxResults: query.maxResults !== undefined ? Number(query.maxResults) : undefined,
          pageToken: query.pageToken,
          startIndex: query.startIndex !== undefined ? Number(query.startIndex) : undefined,
          int64Timestamp: query['formatOptions.useInt64Timestamp'] === 'true',
        });
      }
      case 'jobs.get': {
        const load = writes.loadJob(route.jobId!);
        return load ? writes.resource(load) : store.resource(store.get(project, route.jobId!, query.location));
      }
      case 'jobs.upload':
        return writes.upload(project, req.headers['content-type'], received);
      case 'datasets.get':
        return writes.getDataset(project, route.dataset!);
      case 'datasets.insert':
        return writes.insertDataset(project, body);
      case 'tables.insert':
        return writes.insertTable(project, route.dataset!, body);
      case 'jobs.cancel':
        return store.cancel(store.get(project, route.jobId!, query.location));
      case 'tables.get':
        return tableAnswer(project, route.table!);
      case 'tables.patch': {
        const [dataset, table] = route.table!.split('.') as [string, string];
        await tableResource(warehouse, tableMeta, project, dataset, table); // 404 when there is no such table
        writes.patchTable(project, dataset, table, body);
        return tableAnswer(project, route.table!);
      }
      default:
        throw new HttpError(404, 'notFound', 'Not found: the test server does not implement this method');
    }
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(parsed.searchParams.entries());
    const method = (req.method ?? 'GET').toUpperCase();
    const received = await readBody(req);
    const route = matchRoute(method, parsed.pathname);
    // An upload's body is multipart (metadata and data), not JSON.
    const text = route.kind === 'jobs.upload' ? '' : received.toString('utf8');
    let body: any;
    let bodyError = false;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        bodyError = true;
      }
    }
    const record: RecordedRequest = {
      seq: ++seq,
      method,
      path: parsed.pathname,
      query,
      body,
      kind: route.kind,
      jobId: route.jobId ?? body?.jobReference?.jobId,
    };
    requests.push(record);

    const fail = (error: HttpError, injected: boolean) => {
      record.status = error.status;
      record.reason = error.reason;
      record.injected = injected;
      send(res, error.status, error.body());
    };
    const injected = (phase: 'before' | 'after') => {
      const fault = faults.takeHttp(record, phase);
      if (!fault) return undefined;
      const d = defaultError(fault.status);
      return new HttpError(fault.status, fault.reason ?? d.reason, fault.message ?? d.message);
    };

    const before = injected('before');
    if (before) return fail(before, true);
    if (bodyError) return fail(new HttpError(400, 'parseError', 'Parse Error: the request body is not JSON'), false);
    try {
      const result = await handle(route, query, body, req, received);
      const after = injected('after');
      if (after) return fail(after, true);
      const edit = faults.takeResponseEdit(record);
      if (edit) {
        edit.edit(result);
        record.injected = true;
      }
      record.status = 200;
      const raw = faults.takeRawBody(record);
      if (raw) {
        record.injected = true;
        return sendRaw(res, typeof raw.body === 'string' ? raw.body : raw.body(JSON.stringify(result)));
      }
      send(res, 200, result);
    } catch (e) {
      if (e instanceof HttpError) return fail(e, false);
      fail(new HttpError(500, 'internalError', `Test server error: ${e instanceof Error ? e.message : String(e)}`), false);
    }
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((e) => send(res, 500, new HttpError(500, 'internalError', String(e)).body()));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    warehouse,
    faults,
    requests,
    tableMeta,
    partitionTable: (table, partitioning) => tableMeta.set(table, partitioning),
    exec: (sql) => warehouse.exec(sql),
    requestsOf: (kind) => requests.filter((r) => r.kind === kind),
    loadJob: (jobId) => writes.loadJob(jobId),
    jobs: () => store.all(),
    job: (jobId) => store.find(jobId),
    cancelledJobIds: () => requests.filter((r) => r.kind === 'jobs.cancel').map((r) => r.jobId!),
    reset: () => {
      requests.length = 0;
      faults.clear();
    },
    close: async () => {
      store.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      warehouse.close();
    },
  };
}
