// Substitutes `{{ var.NAME }}` and `{{ as_of }}` in user SQL, never as raw text, so a variable's
// value cannot change the statement's shape:
//   - on dialects with query parameters (BigQuery), given a ParameterSet, each reference becomes
//     a typed named parameter (@var_season_start); a quoted literal that is exactly one reference
//     (`'{{ var.season_start }}'`, as users naturally write) is replaced by the parameter as a
//     whole, since a parameter cannot sit inside a string literal;
//   - otherwise (DuckDB, or no ParameterSet) each reference becomes an escaped literal, and inside
//     a quoted string the value is escaped for that string.
// Unknown names were already rejected when the project loaded; meeting one here is a bug.
import type { VarValue } from '../config/types.js';
import type { Dialect } from '../dialects/dialect.js';
import { parameterFor, templateParameterName, type ParameterSet } from './params.js';

const TEMPLATE = /\{\{\s*([^}]*?)\s*\}\}/y;
/** A string literal holding exactly one template reference. */
const QUOTED_TEMPLATE = /'\{\{\s*([^}]*?)\s*\}\}'/y;

export interface TemplateValues {
  vars: Record<string, VarValue>;
  asOf: string;
  /** Where parameters are collected; only used when the dialect has query parameters. */
  params?: ParameterSet;
}

function resolve(ref: string, values: TemplateValues): VarValue | { date: string } {
  if (ref === 'as_of') return { date: values.asOf };
  const name = /^var\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)$/.exec(ref)?.[1];
  if (name === undefined || !(name in values.vars)) throw new Error(`unknown template reference {{ ${ref} }}`);
  return values.vars[name];
}

function asLiteral(value: VarValue | { date: string }, dialect: Dialect): string {
  if (typeof value === 'object') return dialect.dateLiteral(value.date);
  if (typeof value === 'number') return dialect.numberLiteral(value);
  if (typeof value === 'boolean') return dialect.booleanLiteral(value);
  return dialect.stringLiteral(value);
}

/** The value's text escaped for use inside an already open string literal. */
function insideString(value: VarValue | { date: string }, dialect: Dialect): string {
  const text = typeof value === 'object' ? value.date : String(value);
  return dialect.stringLiteral(text).slice(1, -1);
}

export function renderTemplate(raw: string, dialect: Dialect, values: TemplateValues): string {
  const params = dialect.capabilities.queryParameters ? values.params : undefined;
  const asParameter = (ref: string) => params!.use(parameterFor(templateParameterName(ref), resolve(ref, values)));
  let out = '';
  let inString = false;
  for (let i = 0; i < raw.length; ) {
    if (params && !inString && raw[i] === "'") {
      QUOTED_TEMPLATE.lastIndex = i;
      const quoted = QUOTED_TEMPLATE.exec(raw);
      if (quoted) {
        out += asParameter(quoted[1]!);
        i += quoted[0].length;
        continue;
      }
    }
    TEMPLATE.lastIndex = i;
    const match = TEMPLATE.exec(raw);
    if (match) {
      const ref = match[1]!;
      if (params && !inString) out += asParameter(ref);
      else out += inString ? insideString(resolve(ref, values), dialect) : asLiteral(resolve(ref, values), dialect);
      i += match[0].length;
      continue;
    }
    const char = raw[i];
    if (inString && char === '\\') {
      // A backslash escape (BigQuery) keeps the next character inside the string.
      out += raw.slice(i, i + 2);
      i += 2;
      continue;
    }
    // '' inside a string toggles twice, which leaves it open: no special case needed.
    if (char === "'") inString = !inString;
    out += char;
    i += 1;
  }
  return out;
}
