// The SQL a check file writes — filters, expressions, a `sql` check's query — checked at load
// for both its templates and its seal (dialects/fragment.ts), so a fragment that could leave its
// place in a shared query is a configuration error before anything is sent.
import type { Dialect } from '../dialects/dialect.js';
import { fragmentProblems, type SqlRole } from '../dialects/fragment.js';
import { dialects as allDialects } from '../dialects/registry.js';
import type { IssueList } from './issues.js';
import { scanTemplate, templateProblems, type TemplateProblem, type TemplateScope } from './templates.js';
import type { Path, YamlSource } from './yaml-source.js';

const ENGINE_NAMES: Record<Dialect['name'], string> = { duckdb: 'DuckDB', bigquery: 'BigQuery' };

/**
 * Why `text` is not one sealed `role` in every dialect of `scope` (both when the project's
 * targets are unknown). Each template stands in as one opaque value of its own length, as it
 * becomes one literal or query parameter when compiled.
 */
export function sealProblems(text: string, role: SqlRole, scope: TemplateScope): TemplateProblem[] {
  let masked = text;
  for (const ref of scanTemplate(text).refs) {
    masked = masked.slice(0, ref.index) + '0'.repeat(ref.length) + masked.slice(ref.index + ref.length);
  }
  const dialects = scope.dialects?.length ? scope.dialects : allDialects;
  // The first place a fragment leaves its seal says it all; what follows it is usually the payload.
  const found = dialects.map((d) => ({ name: d.name, problems: fragmentProblems(masked, role, d).slice(0, 1) }));
  const problems: TemplateProblem[] = [];
  for (const { name, problems: own } of found) {
    for (const p of own) {
      // Said once when every dialect finds it; otherwise naming the engine that reads it so.
      const everywhere = found.every((f) => f.problems.some((q) => q.index === p.index && q.message === p.message));
      const message = everywhere || dialects.length === 1 ? p.message : `on ${ENGINE_NAMES[name]}, ${p.message}`;
      if (!problems.some((q) => q.index === p.index && q.message === message)) problems.push({ index: p.index, message });
    }
  }
  return problems.sort((a, b) => a.index - b.index);
}

/** Reports the template and seal problems of the SQL text at `yamlPath`; true when there are none. */
export function checkSqlText(
  text: string,
  role: SqlRole,
  label: string,
  yamlPath: Path,
  source: YamlSource,
  scope: TemplateScope,
  issues: IssueList,
): boolean {
  const problems = [...templateProblems(text, scope.varNames, scope.dialects), ...sealProblems(text, role, scope)];
  for (const problem of problems) issues.add(source.posInString(yamlPath, problem.index), `${label}: ${problem.message}`);
  return problems.length === 0;
}
