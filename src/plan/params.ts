// Query parameters: on dialects with `capabilities.queryParameters` (BigQuery), template values
// ({{ var.X }}, {{ as_of }}) and the run's dates (--from/--to, windows) are sent beside the SQL
// as typed named parameters (@var_season_start) instead of being written into it as literals.
// Names are derived from where a value comes from, so one compile gives every name one value;
// each query carries the parameters its SQL refers to.
import type { TemplateRef } from '../config/templates.js';
import type { VarValue } from '../config/types.js';
import { bigquery } from '../dialects/bigquery.js';
import { sqlSpans } from '../dialects/lexer.js';
import type { QueryParameter } from '../engines/engine.js';
import { isIsoDate } from '../iso-date.js';


/**
 * A value's parameter type: a `YYYY-MM-DD` string is a DATE, a whole number an INT64, another
 * number a FLOAT64, a boolean a BOOL, any other string a STRING.
 */
export function parameterFor(name: string, value: VarValue | { date: string }): QueryParameter {
  if (typeof value === 'object') return { name, type: 'DATE', value: value.date };
  if (typeof value === 'boolean') return { name, type: 'BOOL', value };
  if (typeof value === 'number') return { name, type: Number.isSafeInteger(value) ? 'INT64' : 'FLOAT64', value };
  return { name, type: isIsoDate(value) ? 'DATE' : 'STRING', value };
}

/** The parameter name of a template reference: `{{ var.season_start }}` → var_season_start, `{{ as_of }}` → as_of. */
export function templateParameterName(ref: Pick<TemplateRef, 'kind' | 'name'>): string {
  return ref.kind === 'as_of' ? 'as_of' : `var_${ref.name}`;
}

/**
 * The STRING parameter of a string literal that is exactly one template (`'{{ as_of }}'` →
 * text_as_of): the `text_` prefix keeps it apart from the reference's typed parameter (@as_of is
 * a DATE) and from every var's (var_*).
 */
export function textParameterName(ref: Pick<TemplateRef, 'kind' | 'name'>): string {
  return `text_${templateParameterName(ref)}`;
}

/** The parameters of one compile, by name. */
export class ParameterSet {
  private readonly byName = new Map<string, QueryParameter>();

  /** Registers a parameter and returns its reference (`@name`). */
  use(parameter: QueryParameter): string {
    const known = this.byName.get(parameter.name);
    if (known && (known.type !== parameter.type || known.value !== parameter.value)) {
      throw new Error(`query parameter @${parameter.name} has two values: ${String(known.value)} and ${String(parameter.value)}`);
    }
    if (!known) this.byName.set(parameter.name, parameter);
    return `@${parameter.name}`;
  }

  /** The registered parameters `sql` refers to, once each, in order of first use. */
  referencedIn(sql: string): QueryParameter[] {
    // Nothing registered (every DuckDB compile): no need to read the whole statement for @names.
    if (this.byName.size === 0) return [];
    const out: QueryParameter[] = [];
    for (const name of parameterNames(sql)) {
      const p = this.byName.get(name);
      if (p && !out.includes(p)) out.push(p);
    }
    return out;
  }
}

/**
 * The `@name` references in BigQuery SQL, outside string literals, quoted names and comments
 * (`@@system_variables` are not parameters).
 */
export function parameterNames(sql: string): string[] {
  const names: string[] = [];
  const inCode = (from: number, to: number) => {
    for (const m of sql.slice(from, to).matchAll(/@@[A-Za-z0-9_.]*|@([A-Za-z_][A-Za-z0-9_]*)/g)) if (m[1]) names.push(m[1]);
  };
  let at = 0;
  for (const span of sqlSpans(sql, bigquery.quoting)) {
    inCode(at, span.start);
    at = span.end;
  }
  inCode(at, sql.length);
  return names;
}
