// Secret variables (`vars: { api_key: { value: ..., secret: true } }`) never reach an output:
// their values are replaced by *** wherever run output quotes text that can hold them — the SQL
// (where DuckDB inlines values as escaped literals), engine errors, check messages, the command
// line, and text values a query returned (a check file is untrusted: `select '{{ var.api_key }}'`
// must not carry the secret into a report). Statuses, numbers and failing partitions are left
// alone: redaction must not change a verdict or the dates a backfill re-runs.
import type { ProjectConfig, VarValue } from '../config/types.js';
import { dialects } from '../dialects/registry.js';
import type { Value } from '../engines/engine.js';
import type { FailingGroup, RunReport } from './report.js';

export const REDACTED = '***';

/** The values of the secret variables, as text (empty values have nothing to hide). */
export function secretValues(vars: Readonly<Record<string, VarValue>>, secretVars: readonly string[] = []): string[] {
  return secretVars.filter((name) => Object.hasOwn(vars, name)).map((name) => String(vars[name])).filter((v) => v !== '');
}

/** Each secret as written raw and as escaped inside every dialect's string literals; longest first. */
function forms(secrets: readonly string[]): string[] {
  const all = new Set<string>();
  for (const secret of secrets) {
    all.add(secret);
    for (const dialect of dialects) for (const form of dialect.quoting) if (form.escapeValue) all.add(form.escapeValue(secret));
  }
  return [...all].sort((a, b) => b.length - a.length);
}

function replaceForms(text: string, written: readonly string[]): string {
  let out = text;
  for (const form of written) out = out.split(form).join(REDACTED);
  return out;
}

/** `text` with every written form of every secret replaced by ***. */
export function redactText(text: string, secrets: readonly string[]): string {
  return replaceForms(text, forms(secrets));
}

/**
 * A redactor for `secrets`, or the identity when there are none. The written forms are worked
 * out once here, not for every text of a report.
 */
/** The redactor of a project's secret variables, with the values the config (and --var) gave them. */
export function configRedactor(config: Pick<ProjectConfig, 'vars' | 'secretVars'>): (text: string) => string {
  return redactor(secretValues(config.vars, config.secretVars));
}

export function redactor(secrets: readonly string[]): (text: string) => string {
  if (secrets.length === 0) return (text) => text;
  const written = forms(secrets);
  return (text) => replaceForms(text, written);
}

/** Every string inside a warehouse value redacted. */
export function redactValue(value: Value, r: (text: string) => string): Value {
  if (typeof value === 'string') return r(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, r));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, r)]));
  return value;
}

function redactGroup(group: FailingGroup, r: (text: string) => string): FailingGroup {
  return {
    ...group,
    key: redactValue(group.key, r) as FailingGroup['key'],
    ...(group.details ? { details: redactValue(group.details, r) as FailingGroup['details'] } : {}),
    ...(group.reason !== undefined ? { reason: r(group.reason) } : {}),
  };
}

/** The report with secrets redacted in every free-text field and returned text value (see above). */
export function redactReport(report: RunReport, secrets: readonly string[]): RunReport {
  if (secrets.length === 0) return report;
  const r = redactor(secrets);
  return {
    ...report,
    queries: report.queries.map((q) => ({ ...q, sql: r(q.sql), ...(q.error !== undefined ? { error: r(q.error) } : {}) })),
    checks: report.checks.map((c) => ({
      ...c,
      message: r(c.message),
      metric: typeof c.metric.value === 'string' ? { ...c.metric, value: r(c.metric.value) } : c.metric,
      failing_groups: c.failing_groups.map((g) => redactGroup(g, r)),
      ...(c.drill_down ? { drill_down: { ...c.drill_down, groups: c.drill_down.groups.map((g) => redactGroup(g, r)) } } : {}),
      ...(c.skipped_reason !== undefined ? { skipped_reason: r(c.skipped_reason) } : {}),
      ...(c.samples ? { samples: { ...c.samples, values: c.samples.values.map((s) => redactValue(s as unknown as Value, r) as unknown as typeof s) } } : {}),
      ...(c.samples_note !== undefined ? { samples_note: r(c.samples_note) } : {}),
      ...(c.description !== undefined ? { description: r(c.description) } : {}),
    })),
    ...(report.error !== undefined ? { error: r(report.error) } : {}),
    ...(report.invocation ? { invocation: { ...report.invocation, argv: report.invocation.argv?.map(r) ?? null } } : {}),
  };
}
