// Samples of failed and warned row-level checks (plan/samples.ts): which checks get them, the
// queries run within the dry runs and the budget, and their rows read into the check reports.
// Samples explain a status and never change one: a samples query the engine fails or refuses,
// or the budget leaves out, becomes the check's `samples_note`, never its status. A fault of dq's
// own code here ends the run in exit 2, as anywhere else.
import { requiredCount } from '../checks/shared.js';
import type { CheckSpec } from '../config/types.js';
import type { Engine, Row, Value } from '../engines/engine.js';
import { parseJsonExact } from '../engines/normalize.js';
import type { CompileOptions, PlannedQuery } from '../plan/compile.js';
import { compileSamples, DEFAULT_SAMPLES, sampleValueShape, type SampleRequest } from '../plan/samples.js';
import { describeError, foldWhitespace } from './errors.js';
import { executeQueries, type ExecuteOptions, type QueryOutcome } from './execute.js';
import type { CheckReport, Sample } from './report.js';

/** Which of the planned queries may run, and why each other may not (query id → note). */
export type Admit = (queries: PlannedQuery[]) => Promise<{ runnable: PlannedQuery[]; refused: Map<string, { note: string; retry: boolean }> }>;

/**
 * The failed or warned checks that list samples, with their count: the check's `samples:`, else
 * its file's, else the config's, else 5; none with 0 or when the run turns samples off.
 */
export function sampleRequests(
  checks: CheckSpec[],
  reports: Map<string, CheckReport>,
  options: CompileOptions,
  configSamples: number | undefined,
): SampleRequest[] {
  return checks.flatMap((check) => {
    const status = reports.get(check.id)?.status;
    const limit = check.samples ?? configSamples ?? DEFAULT_SAMPLES;
    if ((status !== 'fail' && status !== 'warn') || limit === 0) return [];
    // The type renders its sample rows from what rendered its check query: a throw here is a
    // fault of dq's own, which ends the run in exit 2 like at any other stage.
    return sampleValueShape(check, options) === undefined ? [] : [{ check, limit }];
  });
}

/** Runs the samples queries and fills each request's report; returns the outcomes for the report. */
export async function collectSamples(
  requests: SampleRequest[],
  reports: Map<string, CheckReport>,
  engine: Engine,
  options: CompileOptions,
  executeOptions: ExecuteOptions,
  admit: Admit,
): Promise<QueryOutcome[]> {
  if (requests.length === 0) return [];
  const first = options.firstQueryNumber ?? 1;
  const tried = await attempt(compileSamples(requests, { ...options, firstQueryNumber: first }), engine, executeOptions, admit);
  // A table's statement that failed (one check's samples broken) is tried again check by check.
  const byId = new Map(requests.map((r) => [r.check.id, r]));
  const retry = tried.failed.filter((f) => f.query.checks.length > 1 && f.retry && !executeOptions.signal?.aborted);
  const again = retry.length
    ? await attempt(
        compileSamples(retry.flatMap((f) => f.query.checks.map((c) => byId.get(c.id)!)), { ...options, firstQueryNumber: first + tried.planned }, true),
        engine,
        executeOptions,
        admit,
      )
    : { outcomes: [], failed: [], planned: 0 };
  const retried = new Set(retry.map((f) => f.query.id));
  for (const f of [...tried.failed.filter((f) => !retried.has(f.query.id)), ...again.failed]) {
    for (const { id } of f.query.checks) reports.get(id)!.samples_note = f.note;
  }
  for (const outcome of [...tried.outcomes, ...again.outcomes]) {
    if (outcome.error) continue;
    for (const { id, key } of outcome.query.checks) {
      const request = byId.get(id)!;
      const report = reports.get(id)!;
      try {
        const shape = sampleValueShape(request.check, options)!;
        const values = readSamples(outcome.rows.filter((r) => r.check_key === key), shape, request);
        report.samples = { key_columns: request.check.rowKey ?? [], values };
      } catch (error) {
        report.samples_note = `samples could not be read: ${foldWhitespace(describeError(error as Error))}`;
      }
    }
  }
  return [...tried.outcomes, ...again.outcomes];
}

interface Attempt {
  outcomes: QueryOutcome[];
  failed: { query: PlannedQuery; note: string; retry: boolean }[];
  planned: number;
}

async function attempt(queries: PlannedQuery[], engine: Engine, executeOptions: ExecuteOptions, admit: Admit): Promise<Attempt> {
  const { runnable, refused } = await admit(queries);
  const outcomes = await executeQueries(runnable, engine, executeOptions);
  const failed: Attempt['failed'] = [];
  for (const q of queries) {
    const why = refused.get(q.id);
    if (why) failed.push({ query: q, ...why });
  }
  for (const o of outcomes) {
    if (o.error) failed.push({ query: o.query, note: `samples query failed: ${foldWhitespace(describeError(o.error))}`, retry: true });
  }
  return { outcomes, failed, planned: queries.length };
}

/** A check's sample rows, checked: JSON objects where the query makes them, counts, at most `limit`. */
function readSamples(rows: Row[], shape: 'none' | 'scalar' | 'object', request: SampleRequest): Sample[] {
  if (rows.length > request.limit) throw new Error(`${rows.length} rows, more than the ${request.limit} asked for`);
  return rows.map((row) => {
    const sample: Sample = { rows: requiredCount(row.n, 'n') };
    if (sample.rows === 0) throw new Error('a sample of 0 rows');
    if (shape !== 'none') {
      const value = jsonObject(row.sample_value, 'sample_value');
      if (shape === 'scalar' && !('value' in value)) throw new Error('sample_value without its value');
      sample.value = shape === 'scalar' ? value.value! : value;
    } else if (row.sample_value !== null) {
      throw new Error('a sample value where the check lists rows');
    }
    if (request.check.rowKey?.length) sample.key = jsonObject(row.sample_key, 'sample_key');
    else if (row.sample_key !== null) throw new Error('a sample key where the check file declares none');
    return sample;
  });
}

function jsonObject(text: Value | undefined, name: string): Record<string, Value> {
  if (typeof text !== 'string') throw new Error(`${name} is ${JSON.stringify(text)}, not JSON text`);
  const parsed = parseJsonExact(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${name} is not a JSON object`);
  return parsed as Record<string, Value>;
}
