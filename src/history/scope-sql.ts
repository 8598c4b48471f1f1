// Which recorded runs are comparable with this one (HistoryScope), as the SQL predicate both
// stores' metricHistory() put on their runs table `r`. Each store binds values its own way.
import type { HistoryScope } from './check-history.js';

/**
 * `r.target = … AND r.from_date … AND r.to_date …`; `bind(column, value)` binds a text value and
 * returns its placeholder. An absent --from/--to is NULL in the store, which `=` never matches
 * (and a BigQuery query parameter cannot be NULL here): it is `IS NULL`.
 */
export function comparableRunsSql(scope: HistoryScope, bind: (column: string, value: string) => string): string {
  const bound = (column: string, value: string | null) => (value === null ? `r.${column} IS NULL` : `r.${column} = ${bind(column, value)}`);
  return [`r.target = ${bind('target', scope.target)}`, bound('from_date', scope.from), bound('to_date', scope.to)].join(' AND ');
}
