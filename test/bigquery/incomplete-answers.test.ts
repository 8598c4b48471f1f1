// Complete answers or an error: a BigQuery answer that is short, malformed or endless ends the
// checks of its query as `error` (exit 2), whatever the checks would have read from it. The
// checks here fail on the true answer (exit 1); on a broken answer they must never pass.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run/report.js';
import { ANSWER_FAULTS, type AnswerFault } from '../support/bigquery-server/answer-faults.js';
import type { BigQueryTestServer } from '../support/bigquery-server/index.js';
import { bigQueryProdConfig, runAllOnServer, serverWithFailingOrderChecks, tempDir, writeProjectFiles, type TempDir } from './support.js';

let server: BigQueryTestServer;
let dir: TempDir;

// TWO_FAILING_ORDER_CHECKS on 25 orders: both checks fail on the true answer. The sql check's 25
// offending rows span three pages of 10 (its query returns a summary row and 25 listed rows: 26 rows).
beforeAll(async () => {
  ({ server, dir } = await serverWithFailingOrderChecks());
});

afterAll(async () => {
  await server.close();
  dir.cleanup();
});

beforeEach(() => {
  server.reset();
});

/** Runs the two checks; a run that does not settle within 20 s (a crash inside the client leaves it pending) fails. */
async function runChecks(cwd = dir.dir): Promise<RunReport> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the run did not end within 20 s')), 20_000);
  });
  try {
    return await Promise.race([runAllOnServer(server, cwd), stuck]);
  } finally {
    clearTimeout(timer);
  }
}

it('the true answer fails both checks: exit 1', async () => {
  const report = await runChecks();
  expect(report.checks.map((c) => [c.name, c.status, c.metric.value])).toEqual([
    ['empty_table', 'fail', 25],
    ['no_orders', 'fail', 25],
  ]);
  expect(report.exit_code).toBe(1);
});

describe.each(Object.keys(ANSWER_FAULTS) as AnswerFault[])('%s', (fault) => {
  it('ends both checks as errors that say the answer was incomplete: exit 2', async () => {
    ANSWER_FAULTS[fault](server.faults);
    const report = await runChecks();
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['empty_table', 'error'],
      ['no_orders', 'error'],
    ]);
    for (const check of report.checks) expect(check.message).toMatch(/^incomplete answer from BigQuery: /);
    expect(report.exit_code).toBe(2);
    // Bounded: a page loop is stopped by the engine, not by a timeout (none is configured).
    expect(server.requestsOf('jobs.getQueryResults').length).toBeLessThan(30);
  });
});

it('an incomplete answer is not re-run check by check: it says nothing about one check of the batch', async () => {
  // Two aggregate checks share one query; a failed batch is re-run check by check only for
  // errors that may come from one check (src/run/errors.ts).
  const batched = tempDir();
  try {
    writeProjectFiles(batched.dir, {
      'checks.config.yaml': bigQueryProdConfig(),
      'checks/orders.yaml': 'table: shop.orders\nchecks:\n  - { name: empty_table, row_count: { max: 0 } }\n  - { name: ids, not_null: id }\n',
    });
    ANSWER_FAULTS['rows missing'](server.faults);
    const report = await runChecks(batched.dir);
    expect(report.checks.map((c) => c.status)).toEqual(['error', 'error']);
    const jobs = server.requestsOf('jobs.insert').filter((r) => (r.body as any)?.configuration?.dryRun !== true);
    expect(jobs).toHaveLength(1);
  } finally {
    batched.cleanup();
  }
});
