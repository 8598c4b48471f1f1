// The real @google-cloud/bigquery client, pointed at the test server with no network and no
// credentials.
import { BigQuery, type BigQueryOptions } from '@google-cloud/bigquery';

/**
 * An auth client that needs no credentials and no network. google-auth-library's GoogleAuth
 * uses an `authClient` option as its cached credential and only calls getRequestHeaders() on it
 * (authorizeRequest); the rest is there for code that asks for tokens or a project id.
 */
export const noNetworkAuth = {
  async getClient() {
    return noNetworkAuth;
  },
  async getAccessToken() {
    return { token: 'test-token', res: null };
  },
  async getRequestHeaders() {
    return new Headers({ authorization: 'Bearer test-token' });
  },
  async getProjectId() {
    return 'test-project';
  },
  async getCredentials() {
    return {};
  },
  async getUniverseDomain() {
    return 'googleapis.com';
  },
};

/**
 * A BigQuery client for the server at `url`. The client's own HTTP retries are off: the engine
 * owns the retry policy (and tests count attempts exactly).
 */
export function testClient(url: string, options: BigQueryOptions = {}): BigQuery {
  // Never probe the GCE metadata server for credentials or a project.
  process.env.METADATA_SERVER_DETECTION = 'none';
  return new BigQuery({
    projectId: 'test-project',
    apiEndpoint: url,
    authClient: noNetworkAuth as unknown as BigQueryOptions['authClient'],
    retryOptions: { autoRetry: false },
    ...options,
  });
}
