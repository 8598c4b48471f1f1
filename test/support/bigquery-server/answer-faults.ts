// Short and malformed answers, by name: each installs faults on a test server that break every
// answer of one kind for real jobs (dry runs keep their true answers). A client that measured
// these answers would see fewer rows, or none, than the query returned.
import type { Faults, FaultHandle, RecordedRequest } from './faults.js';
import { encodePageToken } from './jobs.js';

const isDryRun = (r: RecordedRequest) => (r.body as any)?.configuration?.dryRun === true;
const realInsert = (r: RecordedRequest) => !isDryRun(r);

/** Edits every complete getQueryResults answer (jobComplete true). */
function editResults(faults: Faults, edit: (body: any) => void): FaultHandle {
  return faults.editResponses({
    kind: 'jobs.getQueryResults',
    times: Infinity,
    edit: (body) => {
      if (body.jobComplete === true) edit(body);
    },
  });
}

export const ANSWER_FAULTS = {
  /** `rows` left out, totalRows kept. */
  'rows missing': (faults: Faults) =>
    editResults(faults, (body) => {
      delete body.rows;
    }),
  /** `rows: []`, totalRows kept. */
  'rows empty': (faults: Faults) =>
    editResults(faults, (body) => {
      body.rows = [];
    }),
  /** No `jobComplete` at all (neither true nor false). */
  'jobComplete missing': (faults: Faults) =>
    faults.editResponses({
      kind: 'jobs.getQueryResults',
      times: Infinity,
      edit: (body) => {
        delete body.jobComplete;
      },
    }),
  /** `schema` left out: the client then returns no rows. */
  'schema missing': (faults: Faults) =>
    editResults(faults, (body) => {
      delete body.schema;
    }),
  /** The last row of the last page dropped, totalRows kept. */
  'last row dropped': (faults: Faults) =>
    editResults(faults, (body) => {
      if (!body.pageToken && Array.isArray(body.rows)) body.rows.pop();
    }),
  /** Every number cell (INTEGER, FLOAT) sent as `""`, which the client's Number() reads as 0. */
  'number cells empty': (faults: Faults) =>
    editResults(faults, (body) => {
      const numeric = (body.schema?.fields ?? []).map((f: { type: string }) => f.type === 'INTEGER' || f.type === 'FLOAT');
      for (const row of body.rows ?? []) row.f.forEach((cell: { v: unknown }, i: number) => numeric[i] && cell.v !== null && (cell.v = ''));
    }),
  /** The results body cut in half, status 200. */
  'truncated results body': (faults: Faults) =>
    faults.replaceBodies({ kind: 'jobs.getQueryResults', times: Infinity, body: (json) => json.slice(0, Math.floor(json.length / 2)) }),
  /** jobs.insert answered with text that is not JSON, status 200. */
  'invalid JSON on insert': (faults: Faults) =>
    faults.replaceBodies({ kind: 'jobs.insert', match: realInsert, times: Infinity, body: '<html>502 Bad Gateway</html>' }),
  /** The results body empty, status 200. */
  'empty results body': (faults: Faults) => faults.replaceBodies({ kind: 'jobs.getQueryResults', times: Infinity, body: '' }),
  /** Every page without rows, with the same page token (the first page's) for "the rest". */
  'page token repeating forever': (faults: Faults) =>
    editResults(faults, (body) => {
      delete body.rows;
      body.pageToken = encodePageToken(body.jobReference.jobId, 0);
    }),
  /** Every page without rows, with a new page token each time. */
  'new empty page forever': (faults: Faults) => {
    let salt = 0;
    return editResults(faults, (body) => {
      delete body.rows;
      body.pageToken = encodePageToken(body.jobReference.jobId, 0, ++salt);
    });
  },
} satisfies Record<string, (faults: Faults) => FaultHandle>;

export type AnswerFault = keyof typeof ANSWER_FAULTS;
