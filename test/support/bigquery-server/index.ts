// A local stand-in for the BigQuery REST API, for tests. See docs/bigquery.md.
export { startBigQueryServer, type BigQueryTestServer, type BigQueryTestServerOptions } from './server.js';
export type { RecordedRequest, RequestKind, HttpFaultSpec, JobFaultSpec, DelaySpec, ResponseEditSpec, RawBodySpec, FaultHandle } from './faults.js';
export type { JobRecord } from './jobs.js';
export { translate, TranslationError, type Translation } from './translate.js';
export { testClient, noNetworkAuth } from './client.js';
export type { TablePartitioning } from './table-meta.js';
