// Target configuration → a connected Engine.
//
// BigQuery credentials are found the standard way (google-auth-library): a `keyFilename` in the
// target, else GOOGLE_APPLICATION_CREDENTIALS, else application default credentials (gcloud auth
// application-default login, or the metadata server on GCP). dqgate never reads or prints them.
//
// Test / emulator hook: DQ_BIGQUERY_API_ENDPOINT=http://127.0.0.1:PORT points the BigQuery client
// at that endpoint (the local test server, an emulator) with no credentials at all — requests
// carry a dummy bearer token and the GCE metadata server is never probed. It is read here only.
//
// Each engine (and its SDK) is imported when a target first needs it: DuckDB's native module
// and the BigQuery client take longer to load than the rest of dq.
import type { BigQuery, BigQueryOptions } from '@google-cloud/bigquery';
import type { TargetConfig } from '../config/types.js';
import type { BigQueryEngineOptions } from './bigquery.js';
import type { Engine } from './engine.js';

/** The environment variable of the test / emulator hook. */
export const API_ENDPOINT_ENV = 'DQ_BIGQUERY_API_ENDPOINT';

/** What a run tells the engine about itself (BigQuery: job labels). */
export interface EngineContext {
  runId?: string;
  suite?: string;
}

/** Opens the engine of a target; run() takes one to use something else (tests, embedding). */
export type EngineFactory = (target: TargetConfig, context: EngineContext) => Promise<Engine>;

export async function openEngine(target: TargetConfig, context: EngineContext = {}, env: NodeJS.ProcessEnv = process.env): Promise<Engine> {
  switch (target.engine) {
    case 'duckdb': {
      const { createDuckDbEngine } = await import('./duckdb.js');
      return createDuckDbEngine({ path: String(target.options.path ?? ':memory:') });
    }
    case 'bigquery': {
      const { createBigQueryEngine } = await import('./bigquery.js');
      return createBigQueryEngine(await bigQueryEngineOptions(target, context, env));
    }
  }
}

/** The labels dqgate adds to every job of a run (sanitised by the engine like the configured ones). */
export function runLabels(context: EngineContext): Record<string, string> {
  return {
    ...(context.runId ? { run_id: context.runId } : {}),
    ...(context.suite ? { suite: context.suite } : {}),
  };
}

/** A bigquery target's keys (see load-config.ts: sizes in bytes, job_timeout in seconds) → engine options. */
export async function bigQueryEngineOptions(
  target: TargetConfig,
  context: EngineContext = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<BigQueryEngineOptions> {
  const o = target.options;
  const project = String(o.project ?? '');
  const location = typeof o.location === 'string' ? o.location : undefined;
  const labels = { ...((o.labels as Record<string, string> | undefined) ?? {}), ...runLabels(context) };
  const options: BigQueryEngineOptions = {
    project,
    ...(location ? { location } : {}),
    ...(typeof o.maximum_bytes_billed === 'number' ? { maximumBytesBilled: o.maximum_bytes_billed } : {}),
    labels,
    ...(typeof o.job_timeout === 'number' ? { jobTimeoutMs: Math.max(1, Math.round(o.job_timeout * 1000)) } : {}),
    ...(typeof o.keyFilename === 'string' ? { keyFilename: o.keyFilename } : {}),
    // With a budget, a dry run without a byte count refuses its query instead of counting 0.
    ...(typeof o.budget === 'number' ? { requireByteEstimates: true } : {}),
  };
  const endpoint = env[API_ENDPOINT_ENV];
  if (endpoint) options.client = await emulatorClient(endpoint, project, location);
  return options;
}

/**
 * An auth client that needs no credentials and no network: GoogleAuth uses an `authClient`
 * option as its credential and only asks it for request headers.
 */
const noCredentials = {
  async getClient() {
    return noCredentials;
  },
  async getAccessToken() {
    return { token: 'emulator', res: null };
  },
  async getRequestHeaders() {
    return new Headers({ authorization: 'Bearer emulator' });
  },
  async getProjectId() {
    return undefined;
  },
  async getCredentials() {
    return {};
  },
  async getUniverseDomain() {
    return 'googleapis.com';
  },
};

async function emulatorClient(endpoint: string, project: string, location: string | undefined): Promise<BigQuery> {
  const { BigQuery: Client } = await import('@google-cloud/bigquery');
  // Never probe the GCE metadata server for credentials or a project.
  process.env.METADATA_SERVER_DETECTION = 'none';
  return new Client({
    projectId: project,
    apiEndpoint: endpoint,
    ...(location ? { location } : {}),
    authClient: noCredentials as unknown as BigQueryOptions['authClient'],
    retryOptions: { autoRetry: false },
  });
}
