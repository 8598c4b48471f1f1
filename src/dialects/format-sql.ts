// Pretty-printed SQL, for reading only: `dq compile`, the SQL in HTML and JUnit reports, goldens.
// Runs never format what they send (the engines read compact SQL as well, and formatting a
// large plan costs more than compiling it).
//
// sql-formatter (88 modules) is loaded on the first call, not on import: the HTML and JUnit
// reporters import this module, and a run that writes neither must not pay for it. Its CommonJS
// build, so the load stays synchronous like the reporters that call it.
import { createRequire } from 'node:module';
import type { format as Format } from 'sql-formatter';
import type { Dialect } from './dialect.js';
import { dialects } from './registry.js';

let loaded: typeof Format | undefined;
const formatter = (): typeof Format => (loaded ??= (createRequire(import.meta.url)('sql-formatter') as { format: typeof Format }).format);

export function formatSql(sql: string, language: Dialect['formatterLanguage']): string {
  // Outside the try: a formatter that cannot be loaded is dq's failure, not SQL shown as written.
  const format = formatter();
  try {
    return format(sql, { language, keywordCase: 'upper' });
  } catch {
    // User SQL the formatter cannot parse is shown as written.
    return sql;
  }
}

/** The SQL of a report's query, formatted in its engine's dialect (as sent when the engine is unknown). */
export function formatReportSql(sql: string, engine: string): string {
  const dialect = dialects.find((d) => d.name === engine);
  return dialect ? formatSql(sql, dialect.formatterLanguage) : sql;
}
