// A property over engine answers: whatever is done to a true BigQuery answer on its way to dq
// (fields dropped, rows dropped or duplicated, totalRows changed, a page token repeated, the
// body cut short, cells of the wrong type), a run whose true answer fails never reports a pass,
// never throws, and exits 1 or 2 — 1 only when the answer it read is still complete.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/run/report.js';
import type { BigQueryTestServer } from '../support/bigquery-server/index.js';
import { encodePageToken } from '../support/bigquery-server/jobs.js';
import { loadAllChecks, runAllOnServer, serverWithFailingOrderChecks, type LoadedChecks, type TempDir } from './support.js';

let server: BigQueryTestServer;
let dir: TempDir;
/** The project, loaded once: the property is about the answers of its 80 runs, not about loading it. */
let loaded: LoadedChecks;

// TWO_FAILING_ORDER_CHECKS, pages of 10 rows: row_count's answer is one page of 1 row; the sql
// check's is a summary row and 25 listed rows on pages of 10, 10 and 6.
const PAGES: Record<string, number[]> = { empty_table: [1], no_orders: [10, 10, 6] };

beforeAll(async () => {
  ({ server, dir } = await serverWithFailingOrderChecks());
  loaded = await loadAllChecks(dir.dir);
});

afterAll(async () => {
  await server.close();
  dir.cleanup();
});

/** Fields of a getQueryResults answer; the first four are what completeness rests on. */
const FIELDS = ['rows', 'schema', 'jobComplete', 'totalRows', 'pageToken', 'kind', 'etag', 'jobReference', 'totalBytesProcessed', 'cacheHit'];
/** Cells no REST answer holds in a number column, and text a count cannot be. */
const WRONG_CELLS: unknown[] = ['', [], {}, true, 0, 1.5, 'abc', '-1', '1.5', null, { v: '1' }];

/** One change to the `page`-th complete answer (jobComplete true) of every job. */
type Mutation =
  | { op: 'dropField'; page: number; field: string }
  | { op: 'dropRow'; page: number; row: number }
  | { op: 'duplicateRow'; page: number; row: number }
  | { op: 'totalRows'; page: number; delta: number }
  | { op: 'repeatToken'; page: number }
  | { op: 'truncate'; page: number; fraction: number }
  | { op: 'cell'; page: number; row: number; cell: number; value: unknown }
  | { op: 'jobComplete'; page: number; value: unknown };

const page = fc.integer({ min: 0, max: 3 });
const index = fc.nat({ max: 30 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('dropField' as const), page, field: fc.constantFrom(...FIELDS) }),
  fc.record({ op: fc.constant('dropRow' as const), page, row: index }),
  fc.record({ op: fc.constant('duplicateRow' as const), page, row: index }),
  fc.record({ op: fc.constant('totalRows' as const), page, delta: fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0) }),
  fc.record({ op: fc.constant('repeatToken' as const), page }),
  fc.record({ op: fc.constant('truncate' as const), page, fraction: fc.double({ min: 0, max: 0.99, noNaN: true }) }),
  fc.record({ op: fc.constant('cell' as const), page, row: index, cell: index, value: fc.constantFrom(...WRONG_CELLS) }),
  fc.record({ op: fc.constant('jobComplete' as const), page, value: fc.constantFrom<unknown>('true', 1, 0, null, 'yes') }),
);

function apply(m: Mutation, body: any, job: string): void {
  const rows: any[] = Array.isArray(body.rows) ? body.rows : [];
  switch (m.op) {
    case 'dropField':
      delete body[m.field];
      break;
    case 'dropRow':
      if (rows.length) rows.splice(m.row % rows.length, 1);
      break;
    case 'duplicateRow':
      if (rows.length) rows.splice(m.row % rows.length, 0, structuredClone(rows[m.row % rows.length]));
      break;
    case 'totalRows':
      body.totalRows = String(Number(body.totalRows) + m.delta);
      break;
    case 'repeatToken':
      body.pageToken = encodePageToken(job, 0);
      break;
    case 'cell': {
      const row = rows[m.row % Math.max(1, rows.length)];
      if (row) row.f[m.cell % row.f.length].v = structuredClone(m.value);
      break;
    }
    case 'jobComplete':
      body.jobComplete = m.value;
      break;
    case 'truncate':
      break; // the raw body, below
  }
}

/** Serves every job's answers through `mutations`. */
function install(mutations: Mutation[]): void {
  const pagesSeen = new Map<string, number>();
  let current: number | undefined; // the page index of the answer being sent (edit, then raw body)
  server.faults.editResponses({
    kind: 'jobs.getQueryResults',
    times: Infinity,
    edit: (body) => {
      current = undefined;
      if (body.jobComplete !== true) return;
      const job = body.jobReference.jobId as string;
      current = pagesSeen.get(job) ?? 0;
      pagesSeen.set(job, current + 1);
      for (const m of mutations) if (m.page === current) apply(m, body, job);
    },
  });
  server.faults.replaceBodies({
    kind: 'jobs.getQueryResults',
    times: Infinity,
    body: (json) => {
      const cut = mutations.find((m) => m.op === 'truncate' && m.page === current);
      return cut && cut.op === 'truncate' ? json.slice(0, Math.floor(json.length * cut.fraction)) : json;
    },
  });
}

/**
 * What one mutation leaves a check whose answer has pages of `pages` rows: `fail` when the
 * answer is still complete (the true verdict), `error` when it is not; both when a changed cell
 * may or may not be one the check reads (a listed row's key, say).
 */
function expected(m: Mutation, pages: number[]): CheckStatus[] {
  const last = pages.length - 1;
  if (m.page > last) return ['fail'];
  switch (m.op) {
    case 'dropField':
      if (['rows', 'schema', 'jobComplete', 'totalRows'].includes(m.field)) return ['error'];
      return m.field === 'pageToken' && m.page < last ? ['error'] : ['fail'];
    case 'repeatToken':
      return m.page < last ? ['error'] : ['fail'];
    case 'cell':
      // row_count's one cell is its count; a listed row's cell may be one no measure reads.
      return pages.length === 1 ? ['error'] : ['fail', 'error'];
    default:
      return ['error'];
  }
}

it('a mutated answer never turns the failing checks into a pass: exit 1 on a complete answer, 2 otherwise', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
      server.reset();
      install(mutations);
      const report = await runAllOnServer(server, loaded);
      const statuses = Object.fromEntries(report.checks.map((c) => [c.name, c.status]));
      for (const status of Object.values(statuses)) expect(['fail', 'error']).toContain(status);
      expect(report.exit_code).toBe(Object.values(statuses).includes('error') ? 2 : 1);
      // With one mutation the verdict is known exactly; several may also undo one another.
      if (mutations.length === 1) {
        for (const [name, status] of Object.entries(statuses)) expect(expected(mutations[0]!, PAGES[name]!)).toContain(status);
      }
    }),
    { numRuns: 80 },
  );
}, 120_000);
