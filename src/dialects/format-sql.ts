// Pretty-printed SQL, for reading only: `dq compile`, the SQL in HTML and JUnit reports, goldens.
// Runs never format what they send (the engines read compact SQL as well, and formatting a
// large plan costs more than compiling it).
import { format } from 'sql-formatter';
import type { Dialect } from './dialect.js';
import { dialects } from './registry.js';

export function formatSql(sql: string, language: Dialect['formatterLanguage']): string {
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
