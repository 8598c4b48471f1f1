// A bigquery target's keys → the engine's options; the emulator hook.
import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../src/config/types.js';
import { API_ENDPOINT_ENV, bigQueryEngineOptions, openEngine } from '../../src/engines/open.js';
import { targetConcurrency } from '../../src/run/run.js';

const prod: TargetConfig = {
  name: 'prod',
  engine: 'bigquery',
  options: {
    project: 'nba-props-platform',
    location: 'US',
    maximum_bytes_billed: 20_000_000_000,
    budget: 100_000_000_000,
    labels: { tool: 'dqgate' },
    concurrency: 8,
    job_timeout: 600,
    keyFilename: '/abs/key.json',
  },
};

describe('bigQueryEngineOptions', () => {
  it('maps every target key; adds run_id and suite labels; a budget requires byte estimates', async () => {
    const options = await bigQueryEngineOptions(prod, { runId: '20260104T101500Z-a1b2c3', suite: 'audit' }, {});
    expect(options).toEqual({
      project: 'nba-props-platform',
      location: 'US',
      maximumBytesBilled: 20_000_000_000,
      labels: { tool: 'dqgate', run_id: '20260104T101500Z-a1b2c3', suite: 'audit' },
      jobTimeoutMs: 600_000,
      keyFilename: '/abs/key.json',
      // budget: a dry run without a byte count is refused, not counted as 0.
      requireByteEstimates: true,
    });
    expect(targetConcurrency(prod)).toBe(8);
  });

  it('leaves out what the target does not set; no client without the hook (standard credentials)', async () => {
    const options = await bigQueryEngineOptions({ name: 'p', engine: 'bigquery', options: { project: 'p1', job_timeout: 0.25 } }, {}, {});
    expect(options).toEqual({ project: 'p1', labels: {}, jobTimeoutMs: 250 });
    expect(targetConcurrency({ name: 'p', engine: 'bigquery', options: {} })).toBe(4);
  });

  it('DQ_BIGQUERY_API_ENDPOINT gives a client for that endpoint with no credentials', async () => {
    const options = await bigQueryEngineOptions(prod, {}, { [API_ENDPOINT_ENV]: 'http://127.0.0.1:9' });
    expect(options.client).toBeDefined();
    expect(options.client!.apiEndpoint).toBe('http://127.0.0.1:9');
    expect(options.client!.projectId).toBe('nba-props-platform');
    expect(process.env.METADATA_SERVER_DETECTION).toBe('none');
    const engine = await openEngine(prod, {}, { [API_ENDPOINT_ENV]: 'http://127.0.0.1:9' });
    expect(engine.name).toBe('bigquery');
    await engine.close();
  });
});
