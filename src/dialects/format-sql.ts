// Laid-out SQL, for reading only: `dq compile`, the SQL in HTML and JUnit reports, goldens.
// Runs never format what they send (the engines read compact SQL as well, and laying out a
// large plan costs more than compiling it).
import type { Dialect } from './dialect.js';
import { layoutSql } from './layout-sql.js';
import { dialects } from './registry.js';

export function formatSql(sql: string, dialect: Pick<Dialect, 'quoting'>): string {
  return layoutSql(sql, dialect.quoting);
}

/** The SQL of a report's query, laid out in its engine's dialect (as sent when the engine is unknown). */
export function formatReportSql(sql: string, engine: string): string {
  const dialect = dialects.find((d) => d.name === engine);
  return dialect ? formatSql(sql, dialect) : sql;
}
