// Validates a report against docs/report.schema.json, the published JSON Schema of RunReport.
// The schema file is the single source: this module loads it rather than keeping a copy.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { RunReport } from '../run/report.js';

/** Where the schema lives: docs/report.schema.json at the package root. */
export const REPORT_SCHEMA_URL = new URL('../../docs/report.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

/** The schema as published (parsed JSON). */
export function loadReportSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(REPORT_SCHEMA_URL, 'utf8')) as Record<string, unknown>;
}

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  // The two formats the schema uses; ajv-formats is not a dependency, so they are declared here.
  ajv.addFormat('date', /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  compiled = ajv.compile(loadReportSchema());
  return compiled;
}

function describe(error: ErrorObject): string {
  const at = error.instancePath || '(report)';
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at}: unknown property '${String(error.params['additionalProperty'])}'`;
    case 'required':
      return `${at}: missing required property '${String(error.params['missingProperty'])}'`;
    case 'enum':
      return `${at}: ${error.message} (${(error.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
    case 'const':
      return `${at}: must be ${JSON.stringify(error.params['allowedValue'])}`;
    default:
      return `${at}: ${error.message ?? error.keyword}`;
  }
}

/**
 * Validates a report (parsed JSON) against docs/report.schema.json.
 * Returns one readable line per problem, e.g. `/checks/3/status: must be equal to one of the allowed
 * values ("pass", "warn", ...)`; an empty list means the report is valid.
 */
export function validateReport(report: unknown): string[] {
  const validate = validator();
  if (validate(report)) return [];
  const lines = (validate.errors ?? []).map(describe);
  return [...new Set(lines)];
}

/**
 * What the schema cannot say: the summary counts the checks by status, every check's query exists,
 * the run's status and exit code agree with the checks' statuses. Empty = consistent.
 */
export function checkReportConsistency(report: RunReport): string[] {
  const problems: string[] = [];
  const counted = { total: report.checks.length, pass: 0, warn: 0, fail: 0, error: 0, skipped: 0 };
  for (const c of report.checks) counted[c.status]++;
  for (const k of Object.keys(counted) as (keyof typeof counted)[]) {
    if (report.summary[k] !== counted[k]) problems.push(`/summary/${k}: is ${report.summary[k]} but the checks count ${counted[k]}`);
  }
  const queryIds = new Set(report.queries.map((q) => q.id));
  const checkIds = new Set<string>();
  report.checks.forEach((c, i) => {
    if (checkIds.has(c.id)) problems.push(`/checks/${i}/id: duplicate check id '${c.id}'`);
    checkIds.add(c.id);
    if (c.query_id !== null && !queryIds.has(c.query_id)) problems.push(`/checks/${i}/query_id: no query '${c.query_id}'`);
    if (c.failing_group_count < c.failing_groups.length) {
      problems.push(`/checks/${i}/failing_group_count: ${c.failing_group_count} is less than the ${c.failing_groups.length} groups listed`);
    }
    if (c.status === 'skipped' && !c.skipped_reason) problems.push(`/checks/${i}/skipped_reason: a skipped check says why`);
    // Samples explain a failure or a warning, and carry the key columns the check file declares.
    if ((c.samples || c.samples_note) && c.status !== 'fail' && c.status !== 'warn') problems.push(`/checks/${i}/samples: only a failed or warned check lists samples`);
    c.samples?.values.forEach((s, j) => {
      if ((s.key !== undefined) !== c.samples!.key_columns.length > 0) problems.push(`/checks/${i}/samples/values/${j}/key: a sample shows a key exactly when key_columns are declared`);
    });
  });
  report.queries.forEach((q, i) => {
    for (const id of q.check_ids) if (!checkIds.has(id)) problems.push(`/queries/${i}/check_ids: no check '${id}'`);
  });
  // Which of exit 1 / 2 wins when a run has both failures and errors is the runner's rule; only
  // "the gate opened although something failed" (or the reverse) is an inconsistency here.
  const s = report.summary;
  const closes = s.fail > 0 || s.error > 0 || (report.fail_on === 'warn' && s.warn > 0);
  if (report.exit_code === 0 && closes) problems.push(`/exit_code: is 0 but checks failed or could not be evaluated (fail_on ${report.fail_on})`);
  // A run-level error (an output not written, a failed drill-down) closes the gate on its own.
  if (report.exit_code === 0 && report.error !== undefined) problems.push(`/exit_code: is 0 but the run says: ${report.error}`);
  if ((report.exit_code === 1 || (report.exit_code === 2 && report.error === undefined)) && !closes) problems.push(`/exit_code: is ${report.exit_code} but no check closes the gate (fail_on ${report.fail_on})`);
  // A secret variable's value never appears in the run record.
  for (const name of report.invocation?.secret_vars ?? []) {
    const value = report.invocation?.vars[name];
    if (value !== undefined && value !== '***') problems.push(`/invocation/vars/${name}: a secret variable's value is shown; expected "***"`);
  }
  const clean = s.fail === 0 && s.error === 0 && s.warn === 0;
  if ((report.status === 'pass') !== clean) problems.push(`/status: is '${report.status}' but the checks say ${clean ? 'pass' : 'otherwise'}`);
  return problems;
}
