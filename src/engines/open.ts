// Target configuration → a connected Engine.
import type { TargetConfig } from '../config/types.js';
import { createDuckDbEngine } from './duckdb.js';
import type { Engine } from './engine.js';

export async function openEngine(target: TargetConfig): Promise<Engine> {
  switch (target.engine) {
    case 'duckdb':
      return createDuckDbEngine({ path: String(target.options.path ?? ':memory:') });
    case 'bigquery':
      throw new Error('the BigQuery engine is not available yet');
  }
}
