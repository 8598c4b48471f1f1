// `dqgate/engines`: the engines, for a run that brings its own (run({ openEngine })) or for
// running SQL directly. Importing this entry loads both SDKs; `openEngine` in 'dqgate' loads
// only the one a target needs.
export { createDuckDbEngine, type DuckDbEngineOptions } from './duckdb.js';
export { createBigQueryEngine, type BigQueryEngineOptions } from './bigquery.js';
export type { Engine, QueryRequest, QueryResult, DryRunResult, Row, Value } from './engine.js';
