// node-sql-parser's BigQuery grammar is a second, approximate check of the BigQuery SQL dq
// emits (the GoogleSQL analyzer is the first). It lacks one documented GoogleSQL construct dq
// uses: the clauses of an aggregate call, `ARRAY_AGG(x IGNORE NULLS ORDER BY ... LIMIT n)`
// (dialect.topRows). This removes exactly those clauses before it parses; the analyzer tests
// read the statement as sent.
import sqlParser from 'node-sql-parser';

const AGGREGATE_CLAUSES = /\s+IGNORE\s+NULLS\s+ORDER\s+BY\b[\s\S]*?\bLIMIT\s+\d+\s*\)/g;

const parser = new sqlParser.Parser();

/** Parses `sql` with node-sql-parser's BigQuery grammar; throws as it does. */
export function parseWithBigQueryGrammar(sql: string): void {
  parser.astify(sql.replace(AGGREGATE_CLAUSES, ')'), { database: 'bigquery' });
}
