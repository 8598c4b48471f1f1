// Substitutes `{{ var.NAME }}` and `{{ as_of }}` in user SQL, never as raw text, so a variable's
// value cannot change the statement's shape. The references and what surrounds each one in the
// dialect's SQL come from placeTemplates (config/templates.ts, the one template parser):
//   - in code, on dialects with query parameters (BigQuery) given a ParameterSet, a reference
//     becomes a typed named parameter (@var_season_start); otherwise an escaped literal;
//   - inside a string literal the value's text is escaped for that literal; a literal that is
//     exactly one reference (`'{{ var.season_start }}'`, as users naturally write) is replaced by
//     a STRING parameter as a whole where there are parameters (@text_var_season_start), since
//     one cannot sit inside a string: it stays what the user wrote, a string, which BigQuery
//     coerces to DATE, DATETIME or TIMESTAMP where the other side is one (and compares as text
//     with a STRING column), exactly as it would the literal;
//   - inside a comment it is left as written;
//   - anywhere else (a quoted name, a raw or dollar-quoted string) compiling refuses: the loader
//     has reported it for the project's targets, so meeting one here is for another dialect.
// Unknown names were already rejected when the project loaded; meeting one here is a bug.
import { placeTemplates, type TemplateRef } from '../config/templates.js';
import type { VarValue } from '../config/types.js';
import type { Dialect } from '../dialects/dialect.js';
import { parameterFor, templateParameterName, textParameterName, type ParameterSet } from './params.js';

export interface TemplateValues {
  vars: Record<string, VarValue>;
  asOf: string;
  /** Where parameters are collected; only used when the dialect has query parameters. */
  params?: ParameterSet;
}

function resolve(ref: TemplateRef, values: TemplateValues): VarValue | { date: string } {
  if (ref.kind === 'as_of') return { date: values.asOf };
  if (!Object.hasOwn(values.vars, ref.name)) throw new Error(`unknown template reference {{ var.${ref.name} }}`);
  return values.vars[ref.name]!;
}

function asLiteral(value: VarValue | { date: string }, dialect: Dialect): string {
  if (typeof value === 'object') return dialect.dateLiteral(value.date);
  // A negative number in parentheses: after a minus sign, -5 would start a -- comment.
  if (typeof value === 'number') return value < 0 ? `(${dialect.numberLiteral(value)})` : dialect.numberLiteral(value);
  if (typeof value === 'boolean') return dialect.booleanLiteral(value);
  return dialect.stringLiteral(value);
}

/** The value as text, for the inside of a string literal. */
function asText(value: VarValue | { date: string }): string {
  return typeof value === 'object' ? value.date : String(value);
}

export function renderTemplate(raw: string, dialect: Dialect, values: TemplateValues): string {
  const { sites, problems } = placeTemplates(raw, dialect);
  if (problems.length > 0) throw new Error(`cannot compile ${JSON.stringify(raw)} for ${dialect.name}: ${problems[0]!.message}`);
  const params = dialect.capabilities.queryParameters ? values.params : undefined;
  const asParameter = (ref: TemplateRef) => params!.use(parameterFor(templateParameterName(ref), resolve(ref, values)));
  let out = '';
  let at = 0;
  for (const site of sites) {
    const { ref } = site;
    if (site.place === 'comment') continue;
    if (site.place === 'string' && site.whole && params) {
      const text = params.use({ name: textParameterName(ref), type: 'STRING', value: asText(resolve(ref, values)) });
      out += raw.slice(at, site.span.start) + text;
      at = site.span.end;
      continue;
    }
    let text: string;
    if (site.place === 'code') text = params ? asParameter(ref) : asLiteral(resolve(ref, values), dialect);
    else text = site.span.form.escapeValue!(asText(resolve(ref, values)));
    out += raw.slice(at, ref.index) + text;
    at = ref.index + ref.length;
  }
  return out + raw.slice(at);
}
