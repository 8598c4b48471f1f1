// Samples on BigQuery: the same events as the DuckDB test, through the real client against the
// test server, whose GoogleSQL analyzer checks every statement (the samples query included).
// Samples stay within the target's budget, and a samples query that fails is a note that changes
// neither a status nor the exit code. Expected samples are recomputed from the rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run/report.js';
import { validateReport } from '../../src/reports/report-schema.js';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';
import { startBigQueryServer, type BigQueryTestServer } from '../support/bigquery-server/index.js';
import { EVENT_CHECKS, EVENTS, EVENTS_SQL, expectedEventSamples, expectedSetTypeSamples, SET_TYPE_CHECKS } from '../run/samples-data.js';
import { bigQueryProdConfig, runAllOnServer, tempDir, writeProjectFiles, type TempDir } from './support.js';

let server: BigQueryTestServer;
const temps: TempDir[] = [];

function projectDir(targetLines = '', checks = EVENT_CHECKS): string {
  const t = tempDir();
  temps.push(t);
  writeProjectFiles(t.dir, { 'checks.config.yaml': bigQueryProdConfig(targetLines), 'checks/events.yaml': checks });
  return t.dir;
}

const byName = (report: RunReport, name: string) => report.checks.find((c) => c.id === `events.${name}`)!;

describe.skipIf(skipWithoutAnalyzer('the BigQuery samples tests'))('samples on BigQuery', () => {
  beforeAll(async () => {
    server = await startBigQueryServer({ pageSize: 1000, maxWaitMs: 200 });
    await server.exec(EVENTS_SQL);
  });
  afterAll(async () => {
    await server.close();
    for (const t of temps) t.cleanup();
  });

  it('lists the offending values the rows hold, through one analyzed query for the table', async () => {
    const report = await runAllOnServer(server, projectDir());
    for (const [name, samples] of Object.entries(expectedEventSamples(EVENTS))) {
      expect([name, byName(report, name).status, byName(report, name).samples?.values]).toEqual([name, 'fail', samples]);
    }
    const queries = report.queries.filter((q) => q.purpose === 'samples');
    expect(queries).toHaveLength(1);
    expect(queries[0]!.status).toBe('ok');
    expect(validateReport(report)).toEqual([]);
  });

  it('lists the rows that break not_accepted_values, sequential, ranges and equality, through one analyzed query', async () => {
    const report = await runAllOnServer(server, projectDir('', SET_TYPE_CHECKS));
    for (const [name, samples] of Object.entries(expectedSetTypeSamples(EVENTS))) {
      expect(samples.length).toBeGreaterThan(0);
      expect([name, byName(report, name).status, byName(report, name).samples?.values, byName(report, name).samples_note]).toEqual([name, 'fail', samples, undefined]);
    }
    const queries = report.queries.filter((q) => q.purpose === 'samples');
    expect(queries.map((q) => q.status)).toEqual(['ok']);
    expect(validateReport(report)).toEqual([]);
  });

  it("leaves samples out when they would take the run over the target's budget: a note, the verdict unchanged", async () => {
    const free = await runAllOnServer(server, projectDir());
    const checkBytes = free.queries.filter((q) => q.purpose === 'check').reduce((sum, q) => sum + q.bytes_estimated!, 0);
    const sampleBytes = free.queries.filter((q) => q.purpose === 'samples').reduce((sum, q) => sum + q.bytes_estimated!, 0);
    expect(sampleBytes).toBeGreaterThan(0);
    const tight = await runAllOnServer(server, projectDir(`    budget: ${checkBytes + sampleBytes - 1}\n`));
    expect(tight.queries.filter((q) => q.purpose === 'samples')).toEqual([]);
    const status = byName(tight, 'status_values');
    expect(status.status).toBe('fail');
    expect(status.samples).toBeUndefined();
    expect(status.samples_note).toBe("samples left out: they would take the run over the target's budget");
    expect(tight.exit_code).toBe(free.exit_code);
    expect(tight.checks.map((c) => c.status)).toEqual(free.checks.map((c) => c.status));
    const enough = await runAllOnServer(server, projectDir(`    budget: ${checkBytes + sampleBytes}\n`));
    expect(byName(enough, 'status_values').samples?.values).toEqual(expectedEventSamples(EVENTS).status_values);
  });

  it('a samples query the warehouse fails is a note on each of its checks; statuses and exit code stay', async () => {
    const fault = server.faults.failJobs({ reason: 'invalidQuery', message: 'samples broke', match: (sql) => sql.includes('sample_value'), times: 100 });
    try {
      const report = await runAllOnServer(server, projectDir());
      const expected = expectedEventSamples(EVENTS);
      for (const name of Object.keys(expected)) {
        const check = byName(report, name);
        expect([name, check.status, check.samples]).toEqual([name, 'fail', undefined]);
        expect(check.samples_note).toMatch(/^samples query failed: .*samples broke/);
      }
      expect(report.exit_code).toBe(1);
      expect(report.error).toBeUndefined();
    } finally {
      fault.remove();
    }
  });
});
