// Substitutes `{{ var.NAME }}` and `{{ as_of }}` in user SQL with escaped literals, never raw
// text, so a variable's value cannot change the statement's shape. Inside a quoted string
// (`'{{ var.season_start }}'`, as users naturally write) the value is escaped for that string
// instead. Unknown names were already rejected when the project loaded; meeting one here is a bug.
import type { VarValue } from '../config/types.js';
import type { Dialect } from '../dialects/dialect.js';

const TEMPLATE = /\{\{\s*([^}]*?)\s*\}\}/y;

export interface TemplateValues {
  vars: Record<string, VarValue>;
  asOf: string;
}

function resolve(ref: string, values: TemplateValues): VarValue | { date: string } {
  if (ref === 'as_of') return { date: values.asOf };
  const name = /^var\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(ref)?.[1];
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
  let out = '';
  let inString = false;
  for (let i = 0; i < raw.length; ) {
    TEMPLATE.lastIndex = i;
    const match = TEMPLATE.exec(raw);
    if (match) {
      const value = resolve(match[1], values);
      out += inString ? insideString(value, dialect) : asLiteral(value, dialect);
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
