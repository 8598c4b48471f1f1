import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkReportConsistency, loadReportSchema, validateReport } from '../../src/reports/report-schema.js';
import { REPORT_SCHEMA_VERSION, type RunReport } from '../../src/run/report.js';
import { fixtureJson, incidentReport, passingReport } from '../fixtures/reports/build.js';
import { clone, loadFixture } from './helpers.js';

/** A report with every optional field present, typed as RunReport so the compiler pins its keys to the type. */
function maximalReport(): RunReport {
  const r = clone(loadFixture('incident'));
  const full: RunReport = {
    ...r,
    error: 'drill-down failed: x',
    history_warning: 'the run was not recorded in the history store: x',
    excluded_upstream: [{ id: 'a.b', needed_by: ['c.d'] }],
    invocation: {
      dq_version: '0.1.0',
      argv: ['run', 'pre_phase4', '--var', 'api_key=***'],
      suite: 'pre_phase4',
      select: ['tag:x'],
      exclude: [],
      vars: { season_start: '2021-10-01', min_minutes: 10, strict: true, api_key: '***' },
      secret_vars: ['api_key'],
      as_of: '2026-01-04',
      from: '2026-01-01',
      to: null,
      target: { name: 'prod', engine: 'bigquery', project: 'p', location: 'US', path: 'w.duckdb' },
      git_commit: 'a'.repeat(40),
      timings_ms: { load: null, plan: 1, dry_run: 2, execute: 3, drill_down: 4, samples: 6, report: 5 },
    },
    queries: [{ ...r.queries[0]!, error: 'x', bytes_estimated: 1, bytes_billed: 2, purpose: 'check' }],
    checks: [
      {
        ...r.checks[0]!,
        description: 'd',
        thresholds: { fail: { min: 0, max: 1, equals: 0.5, strictMin: true, strictMax: false }, warn: { min: 0.1 } },
        failing_groups: [{ key: { game_date: '2026-01-03' }, value: 0.125, rows: 2, reason: 'r', details: { expected: 16 } }],
        failing_group_count: 1,
        group_metric: { name: 'completeness', unit: 'share', bounds: { equals: 1 }, detail_units: { completeness: 'share' } },
        skipped_reason: 's',
        group_by: ['game_date'],
        drill_down: { by: 'game_date', groups: [{ key: { game_date: '2026-01-03' }, value: 0.125 }] },
        samples: { key_columns: ['id'], values: [{ value: 'refundd', rows: 3, key: { id: 17 } }] },
        samples_note: 'n',
        history: {
          error: 'e',
          change: { status: 'fail', vs: 'previous', runs: ['r1'], baseline: 120, value: 90, delta: -30, relative_change: -0.25, max_drop: 0.2, max_rise: 0.5, message: 'm' },
          anomaly: { status: 'warn', runs: ['r1'], median: null, mad: null, z_score: null, sensitivity: 3, message: 'm' },
        },
        upstream_failed: ['a.b'],
        upstream_not_run: ['c.d'],
        query_id: r.queries[0]!.id,
      },
    ],
  };
  return full;
}

type Schema = { properties?: Record<string, Schema>; required?: string[]; definitions?: Record<string, Schema>; $ref?: string };

describe('docs/report.schema.json', () => {
  const schema = loadReportSchema() as Schema;
  const defs = schema.definitions!;
  const deref = (s: Schema): Schema => (s.$ref ? defs[s.$ref.replace('#/definitions/', '')]! : s);

  it('accepts both fixtures, which are also internally consistent', () => {
    for (const name of ['incident', 'passing'] as const) {
      const report = loadFixture(name);
      expect(validateReport(report)).toEqual([]);
      expect(checkReportConsistency(report)).toEqual([]);
    }
  });

  it('fixture JSON files are what the builder makes (regenerate: npx tsx test/fixtures/reports/build.ts)', () => {
    const read = (n: string) => readFileSync(new URL(`../fixtures/reports/${n}.json`, import.meta.url), 'utf8');
    expect(read('incident')).toBe(fixtureJson(incidentReport()));
    expect(read('passing')).toBe(fixtureJson(passingReport()));
  });

  it('accepts a report with every optional field', () => {
    expect(validateReport(maximalReport())).toEqual([]);
  });

  it('declares exactly the properties of the RunReport type, with the non-optional ones required', () => {
    const full = maximalReport();
    const pairs: [Schema, Record<string, unknown>, string[]][] = [
      [schema, full as unknown as Record<string, unknown>, ['error', 'history_warning', 'invocation', 'excluded_upstream']],
      [defs['invocation']!, full.invocation as unknown as Record<string, unknown>, []],
      [defs['invocation']!.properties!['target']!, full.invocation!.target, ['project', 'location', 'path']],
      // samples is always written, but optional in the schema: reports from before samples existed lack it.
      [defs['invocation']!.properties!['timings_ms']!, full.invocation!.timings_ms as unknown as Record<string, unknown>, ['samples']],
      [deref(schema.properties!['tool']!), full.tool, []],
      [deref(schema.properties!['target']!), full.target, []],
      [deref(schema.properties!['summary']!), full.summary as unknown as Record<string, unknown>, []],
      [defs['query']!, full.queries[0] as unknown as Record<string, unknown>, ['error', 'bytes_estimated', 'bytes_billed', 'purpose']],
      [defs['check']!, full.checks[0] as unknown as Record<string, unknown>, ['description', 'skipped_reason', 'group_metric', 'group_by', 'drill_down', 'samples', 'samples_note', 'history', 'upstream_failed', 'upstream_not_run']],
      [defs['check']!.properties!['history']!, full.checks[0]!.history as unknown as Record<string, unknown>, ['change', 'anomaly', 'error']],
      [defs['check']!.properties!['history']!.properties!['change']!, full.checks[0]!.history!.change as unknown as Record<string, unknown>, ['max_drop', 'max_rise']],
      [defs['check']!.properties!['history']!.properties!['anomaly']!, full.checks[0]!.history!.anomaly as unknown as Record<string, unknown>, []],
      [defs['failingGroup']!, full.checks[0]!.failing_groups[0] as unknown as Record<string, unknown>, ['rows', 'reason', 'details']],
      [defs['bounds']!, full.checks[0]!.thresholds.fail as Record<string, unknown>, ['min', 'max', 'equals', 'strictMin', 'strictMax']],
      [defs['check']!.properties!['metric']!, full.checks[0]!.metric, []],
      [defs['check']!.properties!['group_metric']!, full.checks[0]!.group_metric as unknown as Record<string, unknown>, ['bounds', 'detail_units']],
      [defs['check']!.properties!['drill_down']!, full.checks[0]!.drill_down as unknown as Record<string, unknown>, []],
      [defs['check']!.properties!['samples']!, full.checks[0]!.samples as unknown as Record<string, unknown>, []],
      [
        (defs['check']!.properties!['samples']!.properties!['values'] as { items: Schema }).items,
        full.checks[0]!.samples!.values[0] as unknown as Record<string, unknown>,
        ['value', 'key'],
      ],
      [defs['check']!.properties!['thresholds']!, full.checks[0]!.thresholds, ['warn']],
    ];
    for (const [s, obj, optional] of pairs) {
      const keys = Object.keys(obj).sort();
      expect(Object.keys(s.properties!).sort()).toEqual(keys);
      expect([...(s.required ?? [])].sort()).toEqual(keys.filter((k) => !optional.includes(k)));
    }
  });

  it('accepts a report written before samples existed: invocation.timings_ms without samples', () => {
    const older = maximalReport() as unknown as { invocation: { timings_ms: Record<string, unknown> } };
    delete older.invocation.timings_ms.samples;
    expect(validateReport(older)).toEqual([]);
    // The other phases stay required.
    delete older.invocation.timings_ms.drill_down;
    expect(validateReport(older)).toEqual(["/invocation/timings_ms: missing required property 'drill_down'"]);
  });

  it('pins schema_version to REPORT_SCHEMA_VERSION', () => {
    expect((schema.properties!['schema_version'] as { const: number }).const).toBe(REPORT_SCHEMA_VERSION);
  });

  it('rejects broken reports with readable messages', () => {
    const r = clone(loadFixture('incident')) as unknown as Record<string, any>;
    r['status'] = 'exploded';
    delete r['summary'];
    r['checks'][2].status = 'failed';
    r['checks'][3].failing_groups[0].value = '12.5%';
    r['checks'][4].extra = true;
    r['exit_code'] = 7;
    r['started_at'] = 'yesterday';
    const errors = validateReport(r);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/status: must be equal to one of the allowed values \("pass", "warn", "fail", "error"\)$/),
        "(report): missing required property 'summary'",
        expect.stringMatching(/^\/checks\/2\/status: must be equal to one of the allowed values/),
        '/checks/3/failing_groups/0/value: must be number,null',
        "/checks/4: unknown property 'extra'",
        expect.stringMatching(/^\/exit_code: /),
        '/started_at: must match format "date-time"',
      ]),
    );
    expect(validateReport(null)).toEqual(['(report): must be object']);
    expect(validateReport({})).toContain("(report): missing required property 'run_id'");
  });

  it('consistency: finds a summary that does not count the checks and an exit code that hides failures', () => {
    const r = clone(loadFixture('incident'));
    r.summary.fail = 2;
    r.exit_code = 0;
    r.checks[3]!.query_id = 'q99';
    const problems = checkReportConsistency(r);
    expect(problems).toContain('/summary/fail: is 2 but the checks count 3');
    expect(problems).toContain("/checks/3/query_id: no query 'q99'");
    expect(problems.some((p) => p.startsWith('/exit_code: is 0'))).toBe(true);
  });

  it('consistency: exit 2 over passing checks needs a run-level error (an output not written), and exit 0 never has one', () => {
    const r = clone(loadFixture('passing'));
    expect(checkReportConsistency({ ...r, exit_code: 2 })).toEqual(['/exit_code: is 2 but no check closes the gate (fail_on error)']);
    expect(checkReportConsistency({ ...r, exit_code: 2, error: 'could not write the report files: EACCES' })).toEqual([]);
    expect(checkReportConsistency({ ...r, exit_code: 0, error: 'drill-down failed: x' })).toEqual(['/exit_code: is 0 but the run says: drill-down failed: x']);
  });
});
