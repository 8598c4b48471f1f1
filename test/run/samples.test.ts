// Samples on DuckDB: failed and warned row-level checks list their most frequent offending values
// with their row counts and one row's key, within their filters, range and window; samples: 0,
// --no-samples (samples: false) and a passing check list none; a broken samples query is a note
// and never changes a status. Expected samples are recomputed from the rows (samples-data.ts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateReport, checkReportConsistency } from '../../src/reports/report-schema.js';
import type { RunReport } from '../../src/run/report.js';
import { makeProject } from '../e2e/fixture.js';
import { byId, runProject } from '../e2e/run-project.js';
import { createDuckDbWarehouse } from '../bigquery/support.js';
import { EVENT_CHECKS, EVENTS, EVENTS_SQL, expectedEventSamples, expectedSetTypeSamples, expectedValues, SET_TYPE_CHECKS } from './samples-data.js';

const CONFIG = (extra = '') => `version: 1
target: local
targets:
  local: { engine: duckdb, path: w.duckdb }
timezone: UTC
${extra}`;

async function project(files: Record<string, string>, configExtra = ''): Promise<string> {
  const cwd = await makeProject({ 'checks.config.yaml': CONFIG(configExtra), ...files }, { warehouse: false });
  await createDuckDbWarehouse(path.join(cwd, 'w.duckdb'), EVENTS_SQL);
  return cwd;
}

const samplesOf = (report: RunReport, name: string) => byId(report, `events.${name}`).samples?.values;

describe('samples on DuckDB', () => {
  let cwd: string;
  let report: RunReport;
  beforeAll(async () => {
    cwd = await project({ 'checks/events.yaml': EVENT_CHECKS });
    report = await runProject(cwd);
  });

  it('lists the most frequent offending values of each failed row-level check, with counts and a key', () => {
    const expected = expectedEventSamples(EVENTS);
    for (const [name, samples] of Object.entries(expected)) {
      expect([name, byId(report, `events.${name}`).status]).toEqual([name, 'fail']);
      expect([name, samplesOf(report, name)]).toEqual([name, samples]);
    }
    expect(byId(report, 'events.status_values').samples!.key_columns).toEqual(['id']);
    expect(byId(report, 'events.status_late').samples!.key_columns).toEqual(['day', 'id']);
  });

  it('reads them with one extra query for the table, and none for samples: 0 or a passing check', () => {
    const queries = report.queries.filter((q) => q.purpose === 'samples');
    expect(queries).toHaveLength(1);
    expect(queries[0]!.check_ids).not.toContain('events.status_quiet');
    expect(byId(report, 'events.status_quiet').status).toBe('fail');
    expect(byId(report, 'events.status_quiet').samples).toBeUndefined();
    expect(byId(report, 'events.status_any').status).toBe('pass');
    expect(byId(report, 'events.status_any').samples).toBeUndefined();
    expect(validateReport(report)).toEqual([]);
    expect(checkReportConsistency(report)).toEqual([]);
  });

  it('keeps to --from/--to', async () => {
    const ranged = await runProject(cwd, { range: { from: '2026-01-02', to: '2026-01-03' } });
    const rows = EVENTS.filter((e) => e.day >= '2026-01-02' && e.day <= '2026-01-03');
    const expected = expectedEventSamples(rows);
    for (const name of ['status_values', 'code_pattern', 'ref_found', 'amount_present']) {
      expect([name, samplesOf(ranged, name) ?? []]).toEqual([name, expected[name]]);
    }
  });

  it('keeps to a window', async () => {
    writeFileSync(
      path.join(cwd, 'checks', 'recent.yaml'),
      `table: t.events
partition: day
key: [id]
checks:
  - name: status_recent
    accepted_values: { column: status, values: [new, paid, shipped] }
    window: 2 days
`,
    );
    const windowed = await runProject(cwd, { select: ['recent.*'], asOf: '2026-01-06' });
    const rows = EVENTS.filter((e) => e.day >= '2026-01-05' && e.day <= '2026-01-06' && !['new', 'paid', 'shipped'].includes(e.status));
    expect(byId(windowed, 'recent.status_recent').samples?.values).toEqual(expectedValues(rows, (e) => e.status, 5));
  });

  it('lists them for a warned check too', async () => {
    writeFileSync(
      path.join(cwd, 'checks', 'warned.yaml'),
      `table: t.events
key: [id]
checks:
  - name: status_mostly
    accepted_values: { column: status, values: [new, paid, shipped], mostly: 50% }
    warn: { mostly: 99% }
`,
    );
    const warned = await runProject(cwd, { select: ['warned.*'] });
    const check = byId(warned, 'warned.status_mostly');
    expect(check.status).toBe('warn');
    expect(check.samples?.values).toEqual(expectedEventSamples(EVENTS).status_values);
  });

  it('lists none with samples: false (--no-samples), and the config sets the default count', async () => {
    const off = await runProject(cwd, { samples: false });
    expect(off.queries.filter((q) => q.purpose === 'samples')).toEqual([]);
    expect(off.checks.filter((c) => c.samples !== undefined || c.samples_note !== undefined)).toEqual([]);
    const one = await runProject(await project({ 'checks/events.yaml': EVENT_CHECKS }, 'samples: 1\n'));
    expect(samplesOf(one, 'status_values')).toEqual(expectedEventSamples(EVENTS).status_values!.slice(0, 1));
    // A check's own samples: wins over the config's.
    expect(samplesOf(one, 'score_range')).toHaveLength(2);
  });

  it('a samples query that fails is a note: the check keeps its status, the others their samples, the exit code stays', async () => {
    const broken = await runProject(
      await project({
        'checks/events.yaml': `table: t.events
key: [id]
checks:
  - name: status_values
    accepted_values: { column: status, values: [new, paid, shipped] }
    key: [no_such_column]
  - name: code_pattern
    regex: { column: code, pattern: '^C[0-9]+$' }
`,
      }),
    );
    const check = byId(broken, 'events.status_values');
    expect(check.status).toBe('fail');
    expect(check.samples).toBeUndefined();
    expect(check.samples_note).toMatch(/^samples query (failed|refused by its dry run): [^\n]*no_such_column/);
    expect(samplesOf(broken, 'code_pattern')).toEqual(expectedEventSamples(EVENTS).code_pattern);
    expect(broken.exit_code).toBe(1);
    expect(broken.error).toBeUndefined();
  });
});

describe('samples of not_accepted_values, sequential, ranges and equality on DuckDB', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await project({ 'checks/events.yaml': SET_TYPE_CHECKS });
  });

  it('lists the values of the rows that break each check, most frequent first, with a key', async () => {
    const report = await runProject(cwd);
    for (const [name, samples] of Object.entries(expectedSetTypeSamples(EVENTS))) {
      expect(samples.length).toBeGreaterThan(0);
      expect([name, byId(report, `events.${name}`).status, samplesOf(report, name)]).toEqual([name, 'fail', samples]);
    }
    expect(report.queries.filter((q) => q.purpose === 'samples')).toHaveLength(1);
    expect(validateReport(report)).toEqual([]);
    expect(checkReportConsistency(report)).toEqual([]);
  });

  it('keeps to --from/--to: a sequence or the ranges of the range only', async () => {
    const ranged = await runProject(cwd, { range: { from: '2026-01-02', to: '2026-01-04' }, select: ['events.status_refused', 'events.amount_steps', 'events.ref_repeats', 'events.ref_steps', 'events.id_amount_ranges'] });
    const expected = expectedSetTypeSamples(EVENTS.filter((e) => e.day >= '2026-01-02' && e.day <= '2026-01-04'));
    for (const name of ['status_refused', 'amount_steps', 'ref_repeats', 'ref_steps', 'id_amount_ranges']) {
      expect([name, samplesOf(ranged, name) ?? []]).toEqual([name, expected[name]]);
    }
  });
});
